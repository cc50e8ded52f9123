"""Parse an SVG without entities, DTDs or the network, and measure it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from batches.processing.base import CORRUPT_FILE, EMPTY_DOCUMENT, UNSUPPORTED_TYPE, ProcessingError
from batches.processing.convert.svg.geometry import Matrix, viewport
from batches.processing.convert.svg.sanitise import sanitise
from batches.processing.convert.svg.style import stylesheet
from batches.processing.convert.svg.text import TextBlock, collect_texts
from batches.processing.convert.svg.tree import local

MAX_SVG_BYTES = 20 * 1024 * 1024


@dataclass
class Drawing:
    root: Any
    width: float  # canvas pixels
    height: float
    view: Matrix  # user space → canvas pixels
    texts: list[TextBlock]
    warnings: list[str]


def parse(content: bytes) -> Drawing:
    if not content.strip():
        raise ProcessingError(EMPTY_DOCUMENT, "The SVG file is empty.")
    if len(content) > MAX_SVG_BYTES:
        raise ProcessingError("file_too_large", f"The SVG is larger than {MAX_SVG_BYTES // 2**20} MB.")
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        dtd_validation=False,
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        if "amplification" in str(exc.msg).lower() or "entity" in str(exc.msg).lower():
            raise ProcessingError(
                "unsafe_file",
                "The SVG declares XML entities that expand without bound (an entity bomb); refused.",
            ) from None
        raise ProcessingError(CORRUPT_FILE, f"The SVG is not well-formed XML: {exc.msg}.") from None
    if local(root.tag) != "svg":
        raise ProcessingError(
            UNSUPPORTED_TYPE, f"The file is XML but not SVG (its root is <{local(root.tag)}>)."
        )
    warnings = sanitise(root)
    css = stylesheet(root)
    width, height, view = viewport(root)
    texts: list[TextBlock] = []
    collect_texts(root, view, {"font-size": "16"}, css, texts)
    return Drawing(root, width, height, view, texts, warnings)
