"""A ZIP of 5,000 small files: expansion alone, and ingestion into a draft batch (stored files, rows).

Run: .venv/bin/python -m pytest tests/benchmarks/test_zip_ingest.py -s -o addopts=""
"""

from __future__ import annotations

import time

import pytest
from django.core.files import File

from accounts.models import Plan, PlanAssignment
from batches import services
from batches.services.archives import archives_expand_here
from tests.batches.factories import UserFactory
from tests.conftest import CORPUS
from uploads.ingest.archives import expand_zip

ARCHIVE = CORPUS / "hostile" / "many_files_5000.zip"


@pytest.mark.django_db
def test_zip_of_5000_files():
    started = time.perf_counter()
    with open(ARCHIVE, "rb") as handle:
        members = sum(1 for _ in expand_zip(handle, archive_name=ARCHIVE.name))
    expanded = time.perf_counter() - started
    user = UserFactory()
    PlanAssignment.objects.create(user=user, plan=Plan.objects.get(name="growth"))
    draft = services.batch_create_draft(owner=user)
    started = time.perf_counter()
    with open(ARCHIVE, "rb") as handle:
        services.documents_add_files(batch=draft, owner=user, files=[File(handle, name=ARCHIVE.name)])
    archives_expand_here(batch=draft)  # what the worker's job does
    ingested = time.perf_counter() - started
    assert members == draft.documents.count() == 5000
    print(
        f"\n{ARCHIVE.name}: expanded {members} members in {expanded:.2f} s; ingested into a batch "
        f"(5,000 stored files and rows) in {ingested:.1f} s"
    )
