"""File names as users gave them, made safe to show, log and export."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls and the bidi controls that can make "invoice_\u202etxt.exe" read as ".exe.txt".
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_DISPLAY_CHARS = 255


def display_name(original: str) -> str:
    """The name to show and export: NFC, no control or bidi characters, trimmed; never empty."""
    name = unicodedata.normalize("NFC", original or "")
    name = _UNSAFE.sub("_", name).strip()
    if len(name) > MAX_DISPLAY_CHARS:
        _stem, dot, ext = name.rpartition(".")
        keep = ext if dot and len(ext) <= 10 else ""
        name = name[: MAX_DISPLAY_CHARS - len(keep) - 2] + "…" + ("." + keep if keep else "")
    return name or "unnamed"


def clean_text(value: str) -> str:
    """Free text as it may be stored and shown: no NUL or other C0 controls but tab and newline
    (PostgreSQL refuses NUL in text; terminals and logs misread the others)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", value or "")


def relative_name(path: str) -> str:
    """A file's path inside a dropped folder ("invoices/2024/a.pdf") as a name to show and export.

    Only ever a label: the stored file's path is ours (``document_upload_path``). Still, no name
    may read as a path that leaves its folder or starts at a root: backslashes become slashes,
    drive letters, empty, "." and ".." parts are dropped, and each part is made safe to show.
    """
    parts = re.split(r"[\\/]+", unicodedata.normalize("NFC", path or ""))
    kept = [_UNSAFE.sub("_", part).strip() for part in parts]
    kept = [part for part in kept if part not in ("", ".", "..") and not re.fullmatch(r"[A-Za-z]:", part)]
    return display_name("/".join(kept))
