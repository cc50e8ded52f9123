"""The ``extract`` processor (first version: text from TXT, PDF, DOCX and ``label: value`` lines).

Replaced by the readers + engines of the extraction issue; the interface stays.
"""

from __future__ import annotations

import io
import re
from typing import Any

from batches.processing.base import (
    CORRUPT_FILE,
    EMPTY_DOCUMENT,
    UNSUPPORTED_TYPE,
    ProcessingError,
    ProcessorResult,
)


def prompt_fields(prompt: str) -> list[str]:
    """Field names a prompt asks for: ``fields: a, b`` or the phrases after "extract"."""
    text = prompt.strip()
    match = re.search(r"fields\s*:\s*(.+)", text, re.IGNORECASE | re.DOTALL)
    body = match.group(1) if match else re.sub(r"(?i)^.*?\bextract\b(\s+the)?", "", text, count=1)
    parts = re.split(r",|\band\b|;|\n", body)
    names = []
    for part in parts:
        name = re.sub(r"[^a-z0-9]+", "_", part.strip().lower()).strip("_")
        name = re.sub(r"^(the|a|an)_", "", name)
        if name and name not in names:
            names.append(name)
    return names


def read_text(content: bytes) -> list[str]:
    """Pages of text; type decided by the bytes, not the name."""
    if content.startswith(b"%PDF"):
        import pypdfium2

        try:
            pdf = pypdfium2.PdfDocument(content)
        except pypdfium2.PdfiumError as exc:
            raise ProcessingError(CORRUPT_FILE, f"The PDF could not be opened ({exc}).") from exc
        try:
            return [page.get_textpage().get_text_range() for page in pdf]
        finally:
            pdf.close()
    if content.startswith(b"PK\x03\x04"):
        import docx

        try:
            document = docx.Document(io.BytesIO(content))
        except Exception as exc:
            raise ProcessingError(CORRUPT_FILE, "The file is not a readable DOCX document.") from exc
        return ["\n".join(p.text for p in document.paragraphs)]
    if b"\x00" in content[:4096]:
        raise ProcessingError(UNSUPPORTED_TYPE, "This file type is not supported.")
    return [content.decode("utf-8", errors="replace")]


class ExtractProcessor:
    name = "extract"

    def process(self, content: bytes, *, filename: str, options: dict[str, Any]) -> ProcessorResult:
        pages = read_text(content)
        if not any(page.strip() for page in pages):
            raise ProcessingError(EMPTY_DOCUMENT, "The document contains no text.")
        wanted = prompt_fields(options.get("prompt", ""))
        data: dict[str, Any] = {}
        sources: dict[str, Any] = {}
        for page_number, page in enumerate(pages, start=1):
            for line in page.splitlines():
                label, sep, value = line.partition(":")
                if not sep:
                    continue
                key = re.sub(r"[^a-z0-9]+", "_", label.strip().lower()).strip("_")
                if key in wanted and key not in data and value.strip():
                    data[key] = value.strip()
                    sources[key] = {"page": page_number, "snippet": line.strip(), "confidence": 0.9}
        return ProcessorResult(data=data, sources=sources, meta={"pages": len(pages)})
