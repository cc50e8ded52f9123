"""Transforms, lengths and the viewport: user space to canvas pixels."""

from __future__ import annotations

import math
import re
from typing import Any

from batches.processing.base import CORRUPT_FILE, ProcessingError

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


def viewport(root: Any) -> tuple[float, float, Matrix]:
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
