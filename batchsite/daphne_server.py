"""Daphne with the request body caps in its Twisted layer: ``python -m batchsite.daphne_server``.

Takes Daphne's own command line (``-b``, ``-p``, ``--proxy-headers``, the application path...).
Django is set up first, so the caps read their settings; then Daphne's CLI runs as usual.
"""

from __future__ import annotations

import os
import sys

import django

APPLICATION = "batchsite.asgi:application"


def daphne_command(*, host: str, port: int, extra: tuple[str, ...] = ()) -> list[str]:
    """The command line that serves the project with this Daphne (``runstack``, the tests)."""
    return [sys.executable, "-m", "batchsite.daphne_server", "-b", host, "-p", str(port), *extra, APPLICATION]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "batchsite.settings")
    django.setup()
    from daphne.cli import CommandLineInterface

    from batchsite.daphne_body_limits import daphne_body_limits_install

    daphne_body_limits_install()
    CommandLineInterface.entrypoint()


if __name__ == "__main__":
    main()
