"""Remove what could run, fetch or leak from a parsed SVG, and say what was removed."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from lxml import etree

from batches.processing.base import CORRUPT_FILE, ProcessingError
from batches.processing.convert.svg.tree import local
from batches.processing.images import image_check_size

MAX_ELEMENTS = 200_000


NON_RENDERED = {
    "defs",
    "clipPath",
    "mask",
    "symbol",
    "marker",
    "pattern",
    "linearGradient",
    "radialGradient",
    "filter",
    "title",
    "desc",
    "metadata",
    "style",
}


SAFE_IMAGE = re.compile(r"^data:image/(png|jpeg|jpg|gif|webp);base64,", re.IGNORECASE)


def sanitise(root: Any) -> list[str]:  # noqa: C901
    """Remove what could run, fetch or leak; say what was removed."""
    warnings: list[str] = []
    entities = scripts = handlers = links = 0
    if sum(1 for _ in root.iter()) > MAX_ELEMENTS:
        raise ProcessingError("too_complex", f"The SVG has more than {MAX_ELEMENTS:,} elements.")
    for node in list(root.iter()):
        if isinstance(node, etree._Entity):  # an unexpanded entity reference: drop it, text stays
            parent = node.getparent()
            if parent is not None:
                remove_keep_tail(node)
            entities += 1
            continue
        if not isinstance(node.tag, str):
            continue
        name = local(node.tag)
        if name in ("script", "foreignObject", "iframe", "object", "embed", "audio", "video"):
            remove_keep_tail(node)
            scripts += 1
            continue
        for attribute in list(node.attrib):
            short = local(attribute) if attribute.startswith("{") else attribute
            value = node.attrib[attribute]
            if short.lower().startswith("on"):
                del node.attrib[attribute]
                handlers += 1
            elif short == "href" and not (
                value.startswith("#") or (name == "image" and SAFE_IMAGE.match(value))
            ):
                del node.attrib[attribute]
                links += 1
            elif "url(" in value and re.search(r"url\(\s*['\"]?(?!#)", value):
                node.attrib[attribute] = re.sub(r"url\(\s*['\"]?(?!#)[^)]*\)", "none", value)
                links += 1
        if name == "style" and node.text and re.search(r"@import|url\(\s*['\"]?(?!#)", node.text):
            node.text = re.sub(r"@import[^;]*;|url\(\s*['\"]?(?!#)[^)]*\)", "", node.text)
            links += 1
        if name == "image" and not any(local(a) == "href" for a in node.attrib):
            remove_keep_tail(node)
        elif name == "image":
            _check_embedded_image(node)
    if entities:
        warnings.append(f"{entities} XML entity reference(s) were left unexpanded")
    if scripts:
        warnings.append(f"{scripts} script or embedded element(s) were removed")
    if handlers:
        warnings.append(f"{handlers} event handler(s) were removed")
    if links:
        warnings.append(f"{links} reference(s) to files or sites outside the SVG were removed")
    return warnings


def _check_embedded_image(node: Any) -> None:
    """An embedded image is decoded at the size its header declares: check it before resvg does.

    resvg allocates the whole raster first (a 60,000 x 60,000 PNG of a few KB asked for gigabytes).
    """
    href = next(value for attribute, value in node.attrib.items() if local(attribute) == "href")
    if href.startswith("#"):
        return
    try:
        content = base64.b64decode(href[SAFE_IMAGE.match(href).end() :], validate=False)
    except (binascii.Error, ValueError):
        raise ProcessingError(CORRUPT_FILE, "An image embedded in the SVG is not valid base64.") from None
    image_check_size(content, what="An image embedded in the SVG")


def remove_keep_tail(node: Any) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)
