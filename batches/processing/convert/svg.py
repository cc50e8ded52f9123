"""Read an SVG safely, measure it, pull out its text, and render the rest to PNG.

The parser never resolves entities, never loads a DTD and never touches the network; scripts,
event handlers and references to anything outside the file are removed before rendering.
Text comes out as positioned runs (so a slide keeps it as real text) and the drawing without
it is rasterised by resvg, whose size is chosen by us, never by the file's declared canvas.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from batches.processing.base import (
    CORRUPT_FILE,
    EMPTY_DOCUMENT,
    UNSUPPORTED_TYPE,
    ProcessingError,
    is_rust_panic,
)
from batches.processing.images import image_check_size

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MAX_SVG_BYTES = 20 * 1024 * 1024
MAX_ELEMENTS = 200_000
UNIT_PX = {
    "px": 1.0,
    "": 1.0,
    "pt": 4 / 3,
    "pc": 16.0,
    "mm": 96 / 25.4,
    "cm": 96 / 2.54,
    "in": 96.0,
    "em": 16.0,
    "ex": 8.0,
}
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
CSS_COLOURS = {
    "black": "000000",
    "white": "FFFFFF",
    "red": "FF0000",
    "green": "008000",
    "blue": "0000FF",
    "gray": "808080",
    "grey": "808080",
    "orange": "FFA500",
    "yellow": "FFFF00",
    "purple": "800080",
    "navy": "000080",
    "teal": "008080",
    "silver": "C0C0C0",
    "maroon": "800000",
    "olive": "808000",
    "lime": "00FF00",
    "aqua": "00FFFF",
    "fuchsia": "FF00FF",
    "darkgray": "A9A9A9",
    "lightgray": "D3D3D3",
    "darkblue": "00008B",
    "darkred": "8B0000",
    "darkgreen": "006400",
}
INHERITED = ("font-size", "font-family", "font-weight", "font-style", "fill", "text-anchor", "visibility")

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def parse_transform(text: str | None) -> Matrix:
    matrix = IDENTITY
    for name, args in re.findall(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)", text or ""):
        values = [float(v) for v in re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", args)]
        step: Matrix = IDENTITY
        if name == "matrix" and len(values) == 6:
            step = tuple(values)  # type: ignore[assignment]
        elif name == "translate" and values:
            step = (1, 0, 0, 1, values[0], values[1] if len(values) > 1 else 0)
        elif name == "scale" and values:
            step = (values[0], 0, 0, values[1] if len(values) > 1 else values[0], 0, 0)
        elif name == "rotate" and values:
            angle = math.radians(values[0])
            cos, sin = math.cos(angle), math.sin(angle)
            step = (cos, sin, -sin, cos, 0, 0)
            if len(values) == 3:
                cx, cy = values[1], values[2]
                step = multiply(multiply((1, 0, 0, 1, cx, cy), step), (1, 0, 0, 1, -cx, -cy))
        elif name == "skewX" and values:
            step = (1, 0, math.tan(math.radians(values[0])), 1, 0, 0)
        elif name == "skewY" and values:
            step = (1, math.tan(math.radians(values[0])), 0, 1, 0, 0)
        matrix = multiply(matrix, step)
    return matrix


def length(value: str | None, *, reference: float = 0.0, font_size: float = 16.0) -> float | None:
    if value is None:
        return None
    match = re.match(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-z%]*)\s*$", str(value))
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if unit == "%":
        return number * reference / 100 if reference else None
    if unit == "em":
        return number * font_size
    return number * UNIT_PX[unit] if unit in UNIT_PX else None


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    colour: str | None = None
    family: str = ""


@dataclass
class TextBlock:
    """One ``<text>``: its anchor point in canvas pixels, size, angle and lines of runs."""

    x: float
    y: float
    size: float  # font size in canvas pixels
    angle: float  # degrees, clockwise
    anchor: str  # start | middle | end
    lines: list[list[Run]] = field(default_factory=list)
    line_height: float = 0.0

    @property
    def text(self) -> str:
        return "".join(run.text for line in self.lines for run in line)


@dataclass
class Drawing:
    root: Any
    width: float  # canvas pixels
    height: float
    view: Matrix  # user space → canvas pixels
    texts: list[TextBlock]
    warnings: list[str]


def local(tag: Any) -> str:
    return (
        tag.split("}", 1)[1] if isinstance(tag, str) and "}" in tag else (tag if isinstance(tag, str) else "")
    )


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
    css = _stylesheet(root)
    width, height, view = _viewport(root)
    texts: list[TextBlock] = []
    _collect_texts(root, view, {"font-size": "16"}, css, texts)
    return Drawing(root, width, height, view, texts, warnings)


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
                _remove_keep_tail(node)
            entities += 1
            continue
        if not isinstance(node.tag, str):
            continue
        name = local(node.tag)
        if name in ("script", "foreignObject", "iframe", "object", "embed", "audio", "video"):
            _remove_keep_tail(node)
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
            _remove_keep_tail(node)
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


def _remove_keep_tail(node: Any) -> None:
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


def _viewport(root: Any) -> tuple[float, float, Matrix]:
    box = None
    if root.get("viewBox"):
        numbers = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox").strip()) if v]
        if len(numbers) == 4 and numbers[2] > 0 and numbers[3] > 0:
            box = numbers
    width = length(root.get("width"))
    height = length(root.get("height"))
    if box:
        if width is None and height is None:
            width, height = box[2], box[3]
        elif width is None:
            width = height * box[2] / box[3]
        elif height is None:
            height = width * box[3] / box[2]
    width, height = width or 300.0, height or 150.0
    if width <= 0 or height <= 0:
        raise ProcessingError(CORRUPT_FILE, "The SVG has no drawable size.")
    if not box:
        return width, height, IDENTITY
    align, _, mode = (root.get("preserveAspectRatio") or "xMidYMid meet").strip().partition(" ")
    sx, sy = width / box[2], height / box[3]
    if align == "none":
        return width, height, (sx, 0, 0, sy, -box[0] * sx, -box[1] * sy)
    scale = max(sx, sy) if mode.strip() == "slice" else min(sx, sy)
    fx = {"xMin": 0.0, "xMid": 0.5, "xMax": 1.0}.get(align[:4], 0.5)
    fy = {"YMin": 0.0, "YMid": 0.5, "YMax": 1.0}.get(align[4:], 0.5)
    tx = -box[0] * scale + (width - box[2] * scale) * fx
    ty = -box[1] * scale + (height - box[3] * scale) * fy
    return width, height, (scale, 0, 0, scale, tx, ty)


def _stylesheet(root: Any) -> list[tuple[str, dict[str, str]]]:
    """Simple rules (``tag``, ``.class``, ``#id``, ``tag.class``) from ``<style>`` elements."""
    rules = []
    for node in root.iter(f"{{{SVG_NS}}}style", "style"):
        text = re.sub(r"/\*.*?\*/", "", node.text or "", flags=re.S)
        for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
            declarations = _declarations(body)
            for selector in selectors.split(","):
                rules.append((selector.strip(), declarations))
    return rules


def _declarations(text: str) -> dict[str, str]:
    result = {}
    for part in text.split(";"):
        name, _, value = part.partition(":")
        if name.strip() and value.strip():
            result[name.strip().lower()] = value.strip()
    if "font" in result:  # the shorthand: [style] [weight] size[/line-height] family
        match = re.match(
            r"^(?:(italic|oblique|normal)\s+)?(?:(bold|bolder|normal|\d{3})\s+)?(\S+?)(?:/\S+)?\s+(.+)$",
            result.pop("font"),
        )
        if match:
            style, weight, size, family = match.groups()
            result.setdefault("font-style", style or "normal")
            result.setdefault("font-weight", weight or "normal")
            result.setdefault("font-size", size)
            result.setdefault("font-family", family)
    return result


def _matches(selector: str, node: Any) -> bool:
    match = re.match(r"^([a-zA-Z]*)(?:\.([\w-]+))?(?:#([\w-]+))?$|^#([\w-]+)$", selector)
    if not match:
        return False
    tag, cls, ident, only_id = match.groups()
    if only_id:
        return node.get("id") == only_id
    if tag and local(node.tag) != tag:
        return False
    if cls and cls not in (node.get("class") or "").split():
        return False
    if ident and node.get("id") != ident:
        return False
    return bool(tag or cls or ident)


def _style(node: Any, inherited: dict[str, str], css: list[tuple[str, dict[str, str]]]) -> dict[str, str]:
    style = {k: v for k, v in inherited.items() if k in INHERITED}
    for name in INHERITED:
        if node.get(name) is not None:
            style[name] = node.get(name)
    for selector, declarations in css:
        if _matches(selector, node):
            style.update(declarations)
    style.update(_declarations(node.get("style") or ""))
    parent_size = length(inherited.get("font-size", "16")) or 16.0
    size = style.get("font-size", "16")
    resolved = length(size, reference=parent_size, font_size=parent_size)
    style["font-size"] = str(resolved if resolved else parent_size)
    return style


def _collect_texts(
    node: Any, ctm: Matrix, inherited: dict[str, str], css: list, out: list[TextBlock]
) -> None:
    for child in node:
        if not isinstance(child.tag, str):
            continue
        name = local(child.tag)
        if name in NON_RENDERED or name == "switch":
            continue
        style = _style(child, inherited, css)
        if style.get("display") == "none" or child.get("display") == "none":
            continue
        matrix = multiply(ctm, parse_transform(child.get("transform")))
        if name == "text":
            block = _text_block(child, matrix, style, css)
            if block is not None and block.text.strip() and style.get("visibility") != "hidden":
                out.append(block)
                child.set("data-batchsite-text", "1")
            continue
        if name in ("g", "a", "svg"):
            if name == "svg":  # nested viewport: its x/y shift; its viewBox is rare enough to ignore
                matrix = multiply(
                    matrix, (1, 0, 0, 1, length(child.get("x")) or 0, length(child.get("y")) or 0)
                )
            _collect_texts(child, matrix, style, css, out)


def _first(value: str | None, *, font_size: float) -> float | None:
    if not value:
        return None
    return length(re.split(r"[\s,]+", value.strip())[0], font_size=font_size)


def _run(text: str, style: dict[str, str]) -> Run:
    weight = style.get("font-weight", "normal")
    return Run(
        text=text,
        bold=weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600),
        italic=style.get("font-style", "normal") in ("italic", "oblique"),
        colour=colour(style.get("fill")),
        family=font_family(style.get("font-family", "")),
    )


def _text_block(node: Any, matrix: Matrix, style: dict[str, str], css: list) -> TextBlock | None:
    size = float(style["font-size"])
    x = _first(node.get("x"), font_size=size) or 0.0
    y = _first(node.get("y"), font_size=size) or 0.0
    x += _first(node.get("dx"), font_size=size) or 0.0
    y += _first(node.get("dy"), font_size=size) or 0.0
    lines: list[list[Run]] = [[]]
    line_height = 0.0
    if node.text and node.text.strip():
        lines[-1].append(_run(" ".join(node.text.split()), style))
    for child in node:
        if not isinstance(child.tag, str):
            if child.tail and child.tail.strip():
                lines[-1].append(_run(" ".join(child.tail.split()), style))
            continue
        if local(child.tag) in ("tspan", "a", "textPath"):
            child_style = _style(child, style, css)
            dy = _first(child.get("dy"), font_size=size)
            new_line = child.get("y") is not None or (dy is not None and abs(dy) > size * 0.5)
            if new_line and lines[-1]:
                lines.append([])
                line_height = line_height or abs(dy or size * 1.2)
            text = " ".join("".join(child.itertext()).split())
            if text:
                lines[-1].append(_run(text, child_style))
        if child.tail and child.tail.strip():
            lines[-1].append(_run(" ".join(child.tail.split()), style))
    lines = [line for line in lines if line]
    if not lines:
        return None
    px, py = apply(matrix, x, y)
    scale = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2])) or 1.0
    angle = math.degrees(math.atan2(matrix[1], matrix[0]))
    anchor = style.get("text-anchor", "start")
    return TextBlock(
        px,
        py,
        size * scale,
        angle,
        anchor if anchor in ("start", "middle", "end") else "start",
        lines,
        (line_height or size * 1.2) * scale,
    )


def colour(value: str | None) -> str | None:
    if not value or value in ("none", "transparent", "currentColor", "inherit"):
        return None
    value = value.strip()
    if value.startswith("#"):
        hex_digits = value[1:]
        if len(hex_digits) == 3:
            hex_digits = "".join(ch * 2 for ch in hex_digits)
        return (
            hex_digits[:6].upper() if re.fullmatch(r"[0-9a-fA-F]{6}([0-9a-fA-F]{2})?", hex_digits) else None
        )
    match = re.match(r"rgba?\(\s*(\d+)%?\s*,\s*(\d+)%?\s*,\s*(\d+)%?", value)
    if match:
        return "".join(f"{min(int(v), 255):02X}" for v in match.groups())
    if value.startswith("url("):
        return None  # a gradient: the text keeps the default colour
    return CSS_COLOURS.get(value.lower())


GENERIC_FONTS = {
    "sans-serif": "Arial",
    "serif": "Times New Roman",
    "monospace": "Courier New",
    "cursive": "Comic Sans MS",
    "system-ui": "Arial",
}


def font_family(value: str) -> str:
    first = (value.split(",")[0] if value else "").strip().strip("'\"")
    return GENERIC_FONTS.get(first, first)


# --- Rendering ----------------------------------------------------------------------------

MAX_RENDER_SIDE = 4000


def render_png(drawing: Drawing, *, width_px: int, keep_text: bool = False) -> bytes:
    """The drawing without its text (or with it, to compare), at a size we choose (never the file's own)."""
    import copy

    import resvg_py

    root = copy.deepcopy(drawing.root)
    for node in list(root.iter()):
        if isinstance(node.tag, str) and node.get("data-batchsite-text") and not keep_text:
            _remove_keep_tail(node)
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
