"""The drawing without its text, rasterised by resvg at a size chosen by us."""

from __future__ import annotations

from lxml import etree

from batches.processing.base import CORRUPT_FILE, ProcessingError, is_rust_panic
from batches.processing.convert.svg.parse import Drawing
from batches.processing.convert.svg.sanitise import remove_keep_tail

MAX_RENDER_SIDE = 4000


def render_png(drawing: Drawing, *, width_px: int, keep_text: bool = False) -> bytes:
    """The drawing without its text (or with it, to compare), at a size we choose (never the file's own)."""
    import copy

    import resvg_py

    root = copy.deepcopy(drawing.root)
    for node in list(root.iter()):
        if isinstance(node.tag, str) and node.get("data-batchsite-text") and not keep_text:
            remove_keep_tail(node)
    root.set("width", f"{drawing.width:.4f}")
    root.set("height", f"{drawing.height:.4f}")
    width_px = max(16, min(int(width_px), MAX_RENDER_SIDE))
    height_px = max(16, min(round(width_px * drawing.height / drawing.width), MAX_RENDER_SIDE))
    width_px = max(16, min(width_px, round(height_px * drawing.width / drawing.height)))
    svg = etree.tostring(root, encoding="unicode")
    try:
        return bytes(resvg_py.svg_to_bytes(svg_string=svg, width=width_px, height=height_px))
    except ValueError as exc:  # resvg's own error for a drawing it cannot read
        raise ProcessingError(CORRUPT_FILE, f"The SVG could not be drawn: {exc}.") from None
    except BaseException as exc:
        # Only a Rust panic is a verdict on the file; a time limit (SoftTimeLimitExceeded), an exit
        # or MemoryError passes on, so the worker stops the document as its limits say.
        if not is_rust_panic(exc):
            raise
        raise ProcessingError(CORRUPT_FILE, f"The SVG could not be drawn: {exc}.") from None
