"""The models as the migrations and the rest of the code see them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from batches.models import Batch, Document

ROOT = Path(__file__).resolve().parents[2]
APPS = ("batches", "exports", "queueing", "batchsite")


def _code_outside_models() -> str:
    files = [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and path != ROOT / "batches" / "models.py"
    ]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


@pytest.mark.django_db
def test_the_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize("model", [Batch, Document])
def test_every_status_is_used_outside_its_model(model):
    """A status no code sets or reads only makes every reader handle a case that never comes."""
    code = _code_outside_models()
    unused = [name for name in model.Status.names if not re.search(rf"\bStatus\.{name}\b", code)]
    assert unused == []
