"""The SVG namespaces and an element's local name."""

from __future__ import annotations

from typing import Any

SVG_NS = "http://www.w3.org/2000/svg"


XLINK_NS = "http://www.w3.org/1999/xlink"


def local(tag: Any) -> str:
    return (
        tag.split("}", 1)[1] if isinstance(tag, str) and "}" in tag else (tag if isinstance(tag, str) else "")
    )
