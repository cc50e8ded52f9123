"""The accounts admin: plans, plan assignments, API tokens and webhooks, under /admin/accounts/."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import ApiToken, Plan
from tests.batches.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _staff_with(client, *codenames: str):
    """A staff member holding only the named permissions, signed in."""
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return user


@pytest.mark.parametrize("name", ["plan", "planassignment", "apitoken", "webhookendpoint"])
def test_the_accounts_models_are_listed_under_accounts(client, operator, name):
    assert client.get(f"/admin/accounts/{name}/").status_code == 200
    assert client.get(f"/admin/batches/{name}/").status_code == 404


def test_plan_permissions_are_the_accounts_apps(client):
    # given: a staff member holding the plan's view permission, as the accounts app names it
    staff = _staff_with(client, "view_plan")
    # then: Django knows it by its new app label, and the plans page opens
    assert staff.has_perm("accounts.view_plan")
    assert client.get(reverse("admin:accounts_plan_changelist")).status_code == 200
    assert Plan.objects.count() == 3


def test_staff_mint_api_tokens_only_for_themselves(client):
    staff = _staff_with(client, "add_apitoken", "view_apitoken", "change_apitoken")
    victim = UserFactory()
    add = reverse("admin:accounts_apitoken_add")
    # when: a token for another user is asked for
    refused = client.post(add, {"user": victim.pk, "name": "theirs"})
    # then: the form says why and no token exists for that user
    assert refused.status_code == 200
    assert "only for yourself" in refused.content.decode()
    assert not ApiToken.objects.filter(user=victim).exists()
    # a token for themselves is made
    assert client.post(add, {"user": staff.pk, "name": "mine"}).status_code == 302
    token = ApiToken.objects.get(user=staff)
    # and an existing token cannot be moved to another user
    client.post(
        reverse("admin:accounts_apitoken_change", args=[token.pk]), {"user": victim.pk, "name": "moved"}
    )
    assert ApiToken.objects.get(pk=token.pk).user == staff


def test_a_superuser_mints_api_tokens_for_anyone(client, operator):
    someone = UserFactory()
    response = client.post(reverse("admin:accounts_apitoken_add"), {"user": someone.pk, "name": "for them"})
    assert response.status_code == 302
    assert ApiToken.objects.filter(user=someone, name="for them").count() == 1
