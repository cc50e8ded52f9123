"""Presentation attributes, the document's own stylesheet, colours and font families."""

from __future__ import annotations

import re
from typing import Any

from batches.processing.convert.svg.geometry import length
from batches.processing.convert.svg.tree import SVG_NS, local

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


def stylesheet(root: Any) -> list[tuple[str, dict[str, str]]]:
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


def style_of(node: Any, inherited: dict[str, str], css: list[tuple[str, dict[str, str]]]) -> dict[str, str]:
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
