"""Stored files are whole or absent: a write that fails half-way (a full disk) leaves nothing."""

from __future__ import annotations

import resource
import signal
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from exports.models import Export


@contextmanager
def disk_fills_after(limit: int):
    """Writes past ``limit`` bytes of any file fail with an OSError, as on a full disk (EFBIG here)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the error, not the signal that kills
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def _files_under(folder: str) -> list[Path]:
    root = Path(default_storage.path(folder))
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    "storage",
    [default_storage, Export._meta.get_field("file").storage],
    ids=["uploads and outputs", "exports"],
)
def test_a_write_that_fails_half_way_leaves_no_file(storage):
    folder = f"atomic-{uuid.uuid4().hex}"
    with disk_fills_after(256 * 1024), pytest.raises(OSError):
        storage.save(f"{folder}/big.bin", ContentFile(b"x" * (1024 * 1024)))
    assert _files_under(folder) == []


def test_a_complete_write_is_stored_under_its_name_and_nothing_else():
    folder = f"atomic-{uuid.uuid4().hex}"
    first = default_storage.save(f"{folder}/a.bin", ContentFile(b"one"))
    second = default_storage.save(f"{folder}/a.bin", ContentFile(b"two"))  # never replaces the first
    assert first == f"{folder}/a.bin" and second != first
    assert [default_storage.open(n).read() for n in (first, second)] == [b"one", b"two"]
    assert sorted(p.name for p in _files_under(folder)) == sorted(Path(n).name for n in (first, second))


def test_a_command_line_export_that_fails_half_way_leaves_the_old_file_and_no_partial(tmp_path):
    from batchsite.storage import local_file_written_whole

    target = tmp_path / "export.csv"
    target.write_bytes(b"the previous export\n")
    with disk_fills_after(256 * 1024), pytest.raises(OSError), local_file_written_whole(target) as handle:
        for _ in range(64):
            handle.write(b"y" * 16384)
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]
    assert target.read_bytes() == b"the previous export\n"
    with local_file_written_whole(target) as handle:
        handle.write(b"the new export\n")
    assert target.read_bytes() == b"the new export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]
