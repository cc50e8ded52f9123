"""A folder of 5,000 small files dropped on the wizard in Chromium, through a real Daphne and database:
every file arrives exactly once (count and names in the database); prints the time and files/s.

Run: .venv/bin/python -m pytest tests/benchmarks/test_wizard_drop.py -s -o addopts=""
(WIZARD_DROP_FILES=n changes the count.)
"""

from __future__ import annotations

import os
import time
from collections import Counter

import pytest

from accounts.models import Plan, PlanAssignment
from batches.models import Batch, Document
from tests.batches.factories import UserFactory
from tests.e2e.conftest import browser, e2e_worker, page, sign_in  # noqa: F401 (fixtures)

FILES = int(os.environ.get("WIZARD_DROP_FILES", "5000"))

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_folder_of_5000_small_files_arrives_whole(page, daphne_server, tmp_path):  # noqa: F811
    # given: a folder of small files in a few subfolders, and a plan that takes them
    folder = tmp_path / "drop"
    expected = []
    for i in range(FILES):
        path = folder / f"part-{i % 10}" / f"invoice-{i:05}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"Invoice Number: INV-{i:05}\nTotal: {i}.00\n".encode())
        expected.append(f"drop/part-{i % 10}/invoice-{i:05}.txt")
    user = UserFactory(username="bulk")
    plan = Plan.objects.create(name="bulk", label="Bulk", files_per_batch=FILES, bytes_per_file=1024**2)
    PlanAssignment.objects.create(user=user, plan=plan)
    sign_in(page, daphne_server, user)
    page.goto(f"{daphne_server.url}/batches/new/")
    requests: list[int] = []
    page.on("requestfinished", lambda r: requests.append(1) if r.url.endswith("/files/") else None)
    # when: the folder is dropped (chosen through the folder input)
    started = time.perf_counter()
    page.set_input_files("#folder-input", str(folder))
    page.wait_for_function(
        f"document.getElementById('file-count').textContent === '{FILES}'"
        " && !document.querySelector('#file-list progress')",
        timeout=600_000,
        polling=500,
    )
    elapsed = time.perf_counter() - started
    # then: every file arrived exactly once, under its relative name
    draft = Batch.objects.get(owner=user, status=Batch.Status.DRAFT)
    names = Counter(Document.objects.filter(batch=draft).values_list("original_name", flat=True))
    assert sum(names.values()) == FILES
    assert sorted(names) == sorted(expected)
    assert page.locator("#file-list li[data-state=failed]").count() == 0
    totals = page.text_content("#upload-totals")
    print(
        f"\nwizard drop: {FILES:,} files in {elapsed:.1f} s ({FILES / elapsed:.0f} files/s), "
        f"{len(requests)} upload requests; totals line: {totals!r}"
    )
