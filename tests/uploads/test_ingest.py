"""ZIP archives and file names from the hostile corpus, and archives made to lie."""

from __future__ import annotations

import io
import json
import stat
import time
import zipfile
from pathlib import Path

import pytest

from batches.processing.base import ProcessingError
from tests.conftest import CORPUS
from uploads.ingest.archives import ArchiveLimits, expand_zip
from uploads.ingest.filenames import display_name

HOSTILE = CORPUS / "hostile"
MANIFEST = json.loads((HOSTILE / "manifest.json").read_text())["items"]


def _expand(path: Path, **kwargs):
    with open(path, "rb") as handle:
        return list(expand_zip(handle, archive_name=path.name, **kwargs))


def _zip(members: dict[str, bytes], **infos) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name)
            for key, value in infos.get(name, {}).items():
                setattr(info, key, value)
            archive.writestr(info, content, zipfile.ZIP_DEFLATED)
    buffer.seek(0)
    return buffer


def _mark_encrypted(buffer: io.BytesIO, name: str) -> io.BytesIO:
    """Set the 'encrypted' flag of one member in its central directory entry (zipfile cannot)."""
    data = bytearray(buffer.getvalue())
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        name_length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        if data[entry + 46 : entry + 46 + name_length] == name.encode():
            data[entry + 8] |= 0x01
        entry = data.find(b"PK\x01\x02", entry + 4)
    return io.BytesIO(bytes(data))


@pytest.mark.parametrize("name", ["zip_bomb_1gib.zip", "zip_bomb_nested.zip"])
def test_bombs_are_refused_fast_and_whole(name):
    started = time.perf_counter()
    with pytest.raises(ProcessingError) as excinfo:
        _expand(HOSTILE / name)
    assert time.perf_counter() - started < 1.0
    assert excinfo.value.code == "unsafe_archive"
    assert "zip bomb" in excinfo.value.message


def test_zip_slip_keeps_the_safe_member_and_names_each_refused_one():
    members = {m.name: m for m in _expand(HOSTILE / "zip_slip.zip")}
    assert members["zip_slip.zip/ok/readme.txt"].content.startswith(b"")
    assert members["zip_slip.zip/ok/readme.txt"].error is None
    refused = {name: m.error.message for name, m in members.items() if m.error}
    assert set(refused) == {
        "zip_slip.zip/../../evil.txt",
        "zip_slip.zip//etc/passwd_copy",
        "zip_slip.zip/a/../../b.txt",
        "zip_slip.zip/..\\..\\evil_windows.txt",
        "zip_slip.zip/ok/../../../tmp/evil_deep.txt",
        "zip_slip.zip/link_to_etc",
    } | ({"zip_slip.zip/link_to_etc/passwd_overwrite"} & set(refused))
    assert "link" in refused["zip_slip.zip/link_to_etc"]
    assert not Path("/etc/passwd_copy").exists()


def test_many_small_files_are_all_expanded_or_refused_by_count():
    members = _expand(HOSTILE / "many_files_5000.zip")
    assert len(members) == 5000
    assert all(m.error is None and m.content for m in members)
    with pytest.raises(ProcessingError) as excinfo:
        _expand(HOSTILE / "many_files_5000.zip", limits=ArchiveLimits(max_members=1000))
    assert "5,000 files" in excinfo.value.message
    assert excinfo.value.code == "too_many_files"


def test_member_names_with_control_characters_are_made_safe():
    members = _expand(HOSTILE / "names_with_control_chars.zip")
    assert len(members) == 7
    for member in members:
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in member.name), repr(member.name)
        assert member.content


def test_a_lying_header_cannot_inflate_past_the_limit():
    archive = _zip({"big.txt": b"0" * 2_000_000})
    members = list(
        expand_zip(
            archive, archive_name="a.zip", limits=ArchiveLimits(max_member_bytes=1_000_000, max_ratio=10**6)
        )
    )
    assert members[0].content is None
    assert members[0].error.code == "file_too_large"


def test_symlinks_encrypted_and_too_deep_archives_are_refused_per_member():
    inner = _zip({"deepest.txt": b"x"}).getvalue()
    middle = _zip({"inner.zip": inner}).getvalue()
    archive = _mark_encrypted(
        _zip(
            {"ok.txt": b"hello", "link": b"/etc", "secret.txt": b"x", "middle.zip": middle},
            link={"external_attr": (stat.S_IFLNK | 0o777) << 16},
        ),
        "secret.txt",
    )
    members = {m.name: m for m in expand_zip(archive, archive_name="outer.zip")}
    assert members["outer.zip/ok.txt"].content == b"hello"
    assert members["outer.zip/link"].error.code == "unsafe_archive"
    assert members["outer.zip/secret.txt"].error.code == "encrypted_file"
    assert (
        members["outer.zip/middle.zip/inner.zip"].error.message
        == "archives nested this deep are not expanded."
    )


def test_nested_archive_one_level_down_is_expanded():
    inner = _zip({"a.txt": b"A", "b.txt": b"B"}).getvalue()
    members = list(expand_zip(_zip({"inner.zip": inner}), archive_name="outer.zip"))
    assert [(m.name, m.content) for m in members] == [
        ("outer.zip/inner.zip/a.txt", b"A"),
        ("outer.zip/inner.zip/b.txt", b"B"),
    ]


def test_broken_archive_is_a_clear_error():
    with pytest.raises(ProcessingError) as excinfo:
        list(expand_zip(io.BytesIO(b"PK\x03\x04 not really"), archive_name="broken.zip"))
    assert excinfo.value.code == "corrupt_file"


@pytest.mark.parametrize(
    "item", [i for i in MANIFEST if i["category"] == "file-name"], ids=lambda i: i["file"][:30]
)
def test_odd_names_display_safely(item):
    original = item.get("upload_filename") or item["file"]
    shown = display_name(original)
    assert shown
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E for c in shown)
    assert len(shown) <= 255
    if original.isprintable() and "\u202e" not in original and len(original) <= 255:
        assert shown == __import__("unicodedata").normalize("NFC", original).strip()
