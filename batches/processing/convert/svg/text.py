"""Text as positioned runs, so a slide keeps it as real text."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from batches.processing.convert.svg.geometry import Matrix, apply, length, multiply, parse_transform
from batches.processing.convert.svg.sanitise import NON_RENDERED
from batches.processing.convert.svg.style import colour, font_family, style_of
from batches.processing.convert.svg.tree import local


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


def collect_texts(node: Any, ctm: Matrix, inherited: dict[str, str], css: list, out: list[TextBlock]) -> None:
    for child in node:
        if not isinstance(child.tag, str):
            continue
        name = local(child.tag)
        if name in NON_RENDERED or name == "switch":
            continue
        style = style_of(child, inherited, css)
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
            collect_texts(child, matrix, style, css, out)


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
            child_style = style_of(child, style, css)
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
