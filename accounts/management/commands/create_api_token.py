"""Create a personal API token for a user and print it once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.tokens import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USER and print the key (it is not stored in clear)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        _token, key = api_token_create(user=user, name=name)
        self.stdout.write(key)
