"""Read an SVG safely, measure it, pull out its text, and render the rest to PNG.

The parser never resolves entities, never loads a DTD and never touches the network; scripts,
event handlers and references to anything outside the file are removed before rendering
(``sanitise``). Text comes out as positioned runs (``text``: a slide keeps it as real text) and the
drawing without it is rasterised by resvg (``render``), whose size is chosen by us, never by the
file's declared canvas. ``geometry`` holds transforms and lengths, ``style`` the CSS a file carries.
"""

from __future__ import annotations

from batches.processing.convert.svg.parse import MAX_SVG_BYTES, Drawing, parse
from batches.processing.convert.svg.render import render_png
from batches.processing.convert.svg.text import Run, TextBlock

__all__ = ["MAX_SVG_BYTES", "Drawing", "Run", "TextBlock", "parse", "render_png"]
