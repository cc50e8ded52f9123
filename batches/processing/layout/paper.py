"""A photographed page found on the table it lies on, and made flat.

A phone photo of a page shows the page on a dark table, tilted and in perspective. Read as it is,
OCR's one threshold for the whole image falls between the table and the paper, so light grey print
(a table's header, a total's label, a letterhead's address) turns to paper; and its automatic
segmentation, on a page turned by two degrees, loses a table's right-hand columns (set K: a
purchase order and an Italian invoice photographed so kept none of their item rows). The page cut
out along its four edges and warped to a rectangle reads as a scan does. Where the table does not
show beyond a side (a dark letterhead band at the page's top edge, the page running off the
photo), that side is moved out to the photo's edge: the band's name stays on the page. A page
whose edge lies in a shadow is read uncut: cut, its shadowed column read worse than in the whole
photo, whose dark table lowers the threshold for it too.

Plain Python over OpenCV's arrays: no Django.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from enum import Enum
from typing import Any

from PIL import Image

# Worked out at most this many pixels on the long side: the paper's edges change slowly.
SMALL_SIDE = 800
# A photo narrower than this on either side, or than ``MIN_SMALL_SIDE`` once shrunk (a strip many
# times longer than wide), holds no page to cut out.
MIN_PHOTO_SIDE = 200
MIN_SMALL_SIDE = 60
# The paper is this share of the photo at least (a till roll on a table) and at most this share
# (beyond it there is no table to cut away: a scan, a cropped photo).
PAPER_SHARE = (0.15, 0.93)
# The table is this many grey levels darker than the paper at least: on a white desk nothing is cut.
TABLE_DARKER = 60
# The paper's outline, made a polygon (within this share of its perimeter), has four long sides
# that make up this share of its perimeter at least: a corner cut by a shadow is one short side
# more, a crumpled slip's ragged outline has no four such sides.
OUTLINE_TOLERANCE = 0.01
FOUR_SIDES = 0.85
# And the four sides' quadrilateral is the paper: the outline fills this share of it at least.
QUAD_FILLED = 0.95
# Beyond each side, a strip from this share to this share of the photo's smaller side away shows
# the table: at least ``STRIP_SEEN`` of it within the photo, at most ``TABLE_LIGHT`` of it as light
# as paper (on the tuning sets' 50 photos of pages on tables: none but one receipt's 1.3 %, on
# a lighter cloth; a dark letterhead band the paper's outline stopped at, its letters light: 3.7
# to 9.4 %, a side moved out to the photo's edge).
STRIP = (0.02, 0.10)
STRIP_SEEN = 0.1
TABLE_LIGHT = 0.003
# ... and at most ``TABLE_MARKED`` of it marked (``_marks``): a table, none; the shadowed edge of
# a page the outline stopped at, its text there, 4.5 % (the photo then read uncut; letterhead
# bands: 6 to 12 %, and light).
TABLE_MARKED = 0.005
# Sides with no table beyond them are moved out to the photo's edge, up to this many of the four.
PAGE_SIDES_KEPT = 2
MARK_LEVELS = 35
MARK_GROUND = 9  # pixels across the ground a mark is told from
# A corner lies within this share of the photo's size outside it at most (a page's corner off
# the photo is extrapolated from its sides).
CORNER_OUTSIDE = 0.03


def page_on_table(image: Image.Image) -> Image.Image | None:
    """The page of a photo taken of it on a darker table, cut out and warped to a rectangle at the
    photo's own scale, out to the photo's edge on a side the table does not show beyond; None when
    the image shows no such page (a scan, a screenshot, a photo on a white desk, a crumpled slip)."""
    import cv2
    import numpy

    pixels = numpy.asarray(image.convert("L"))
    shrink = max(1, math.ceil(max(pixels.shape) / SMALL_SIDE))
    if min(pixels.shape) < MIN_PHOTO_SIDE or min(pixels.shape) // shrink < MIN_SMALL_SIDE:
        return None  # a strip, a banner or a thumbnail: no page on a table to find
    small = cv2.resize(
        pixels, (pixels.shape[1] // shrink, pixels.shape[0] // shrink), interpolation=cv2.INTER_AREA
    )
    corners = _paper_corners(small)
    if corners is None:
        return None
    return _warped(pixels, corners * shrink)


def _paper_corners(small: Any) -> Any:
    """The four corners (top-left, top-right, bottom-right, bottom-left) of the paper in a small
    grey photo, or None."""
    import cv2
    import numpy

    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    level, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    side = max(3, min(small.shape) // 30) | 1
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, numpy.ones((side, side), numpy.uint8))
    contours, _hierarchy = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    outline = cv2.convexHull(max(contours, key=cv2.contourArea))
    share = cv2.contourArea(outline) / (small.shape[0] * small.shape[1])
    if not PAPER_SHARE[0] <= share <= PAPER_SHARE[1] or not _on_a_darker_table(blurred, outline):
        return None
    corners = _four_sides_corners(outline)
    if corners is None:  # the light uneven (the table lit brighter than the paper's shaded corner):
        corners, level = _corners_by_edges(blurred)  # the paper's edges, not one threshold, outline it
        outline = corners.astype(numpy.int32).reshape(-1, 1, 2) if corners is not None else outline
    if corners is None or not _inside(corners, small.shape):
        return None
    if cv2.contourArea(outline) < QUAD_FILLED * cv2.contourArea(corners.astype(numpy.float32)):
        return None
    marks = _marks(small)
    beyond = [_beyond(small, marks, level, strip) for strip in _sides(corners, min(small.shape))]
    if Beyond.SHADOW in beyond or sum(side is not Beyond.TABLE for side in beyond) > PAGE_SIDES_KEPT:
        return None
    return _out_to_the_edge(corners, [side is Beyond.TABLE for side in beyond], small.shape)


def _corners_by_edges(blurred: Any) -> tuple[Any, float]:
    """The corners of the largest outline of edges (Canny's) that makes a quadrilateral of the
    paper's share of the photo, and the grey level between that paper and what lies around it;
    (None, 0) where none does."""
    import cv2
    import numpy

    edges = cv2.dilate(cv2.Canny(blurred, *EDGE_LEVELS), numpy.ones((3, 3), numpy.uint8))
    contours, _hierarchy = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    photo = blurred.shape[0] * blurred.shape[1]
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:EDGE_OUTLINES]:
        hull = cv2.convexHull(contour)
        polygon = cv2.approxPolyDP(hull, EDGE_TOLERANCE * cv2.arcLength(hull, True), True)
        if len(polygon) == 4 and PAPER_SHARE[0] <= cv2.contourArea(hull) / photo <= PAPER_SHARE[1]:
            corners = _ordered(polygon.reshape(-1, 2).astype(numpy.float64))
            if corners is not None and _on_a_darker_table(blurred, polygon):
                mask = numpy.zeros(blurred.shape, numpy.uint8)
                cv2.fillPoly(mask, [polygon], 255)
                paper, around = numpy.median(blurred[mask > 0]), numpy.median(blurred[mask == 0])
                return corners, float(paper + around) / 2
    return None, 0.0


EDGE_LEVELS = (20, 60)  # Canny's thresholds: a paper's edge on a table, even in a shadow
EDGE_OUTLINES = 10  # the largest outlines of edges looked at
EDGE_TOLERANCE = 0.02  # of an outline's perimeter, to make it a polygon


class Beyond(Enum):
    """What a photo shows beyond a side of the paper's outline."""

    TABLE = "the table: the page ends there"
    PAGE = "more of the page (a dark letterhead band, its letters light) or the photo's edge"
    SHADOW = "the page's edge in a shadow, its text dark on dark grey: read best as it is, uncut"


def _out_to_the_edge(corners: Any, tables: list[bool], shape: tuple[int, int]) -> Any:
    """The corners, each side with no table beyond it moved out to the photo's edge on its side (a
    dark letterhead band at the page's top edge: the page goes on there), the others kept where the
    paper meets the table."""
    import numpy

    high, wide = shape[0] - 1, shape[1] - 1
    edges = [((0, 0), (wide, 0)), ((wide, 0), (wide, high)), ((wide, high), (0, high)), ((0, high), (0, 0))]
    sides = [
        tuple(map(numpy.array, ((corners[at], corners[(at + 1) % 4]) if table else edges[at])))
        for at, table in enumerate(tables)
    ]
    meets = [_meeting(sides[(at - 1) % 4], sides[at]) for at in range(4)]
    return None if any(point is None for point in meets) else numpy.array(meets)


def _sides(corners: Any, size: int) -> Iterator[Any]:
    """For each side of the paper, the strip of the photo beyond it where the table shows (from
    ``STRIP[0]`` to ``STRIP[1]`` of the photo's smaller side away)."""
    import numpy

    centre = corners.mean(axis=0)
    for at in range(4):
        start, end = corners[at], corners[(at + 1) % 4]
        outwards = (start + end) / 2 - centre
        outwards = outwards / numpy.hypot(*outwards) * size
        near, far = (share * outwards for share in STRIP)
        yield numpy.array([start + near, end + near, end + far, start + far])


def _beyond(pixels: Any, marks: Any, level: float, strip: Any) -> Beyond:
    """What a strip beyond the paper's side shows: the table (within the photo, next to none of it
    as light as paper nor marked); more of the page where some of it is as light as paper (a
    letterhead's dark band, its letters light: cut there, its name would be lost) or it lies off
    the photo; a shadowed edge of the page where it is marked, none of it light."""
    import cv2
    import numpy

    mask = numpy.zeros(pixels.shape, numpy.uint8)
    cv2.fillPoly(mask, [strip.astype(numpy.int32)], 255)
    seen = pixels[mask > 0]
    if seen.size < STRIP_SEEN * cv2.contourArea(strip.astype(numpy.float32)):
        return Beyond.PAGE
    if float((seen > level).mean()) > TABLE_LIGHT:
        return Beyond.PAGE
    return Beyond.SHADOW if float(marks[mask > 0].mean()) > TABLE_MARKED else Beyond.TABLE


def _marks(pixels: Any) -> Any:
    """Where a photo has marks: pixels ``MARK_LEVELS`` lighter or darker than the ground around
    them (letters, rules), not a table's even surface nor a shadow's soft edge."""
    import cv2
    import numpy

    ground = cv2.medianBlur(pixels, MARK_GROUND)
    return numpy.abs(pixels.astype(numpy.int16) - ground.astype(numpy.int16)) > MARK_LEVELS


def _on_a_darker_table(pixels: Any, outline: Any) -> bool:
    import cv2
    import numpy

    mask = numpy.zeros(pixels.shape, numpy.uint8)
    cv2.fillPoly(mask, [outline], 255)
    paper, table = pixels[mask > 0], pixels[mask == 0]
    return table.size > 0 and float(numpy.median(paper)) - float(numpy.median(table)) >= TABLE_DARKER


def _four_sides_corners(outline: Any) -> Any:
    """The corners where the outline's four longest sides, drawn on as lines, meet; None when
    four sides do not make the outline."""
    import cv2
    import numpy

    polygon = cv2.approxPolyDP(outline, OUTLINE_TOLERANCE * cv2.arcLength(outline, True), True)
    points = polygon.reshape(-1, 2).astype(numpy.float64)
    if len(points) < 4:
        return None
    sides = [(points[at], points[(at + 1) % len(points)]) for at in range(len(points))]
    lengths = [float(numpy.hypot(*(end - start))) for start, end in sides]
    longest = sorted(sorted(range(len(sides)), key=lambda at: -lengths[at])[:4])
    if sum(lengths[at] for at in longest) < FOUR_SIDES * sum(lengths):
        return None
    meets = [
        _meeting(sides[one], sides[other])
        for one, other in zip(longest, longest[1:] + longest[:1], strict=True)
    ]
    if any(point is None for point in meets):
        return None
    return _ordered(numpy.array(meets))


def _meeting(one: Any, other: Any) -> Any:
    """Where two sides, drawn on as lines, meet; None for sides (nearly) parallel."""
    import numpy

    (p, p2), (q, q2) = one, other
    r, s = p2 - p, q2 - q
    across = r[0] * s[1] - r[1] * s[0]
    if abs(across) < 1e-6 * numpy.hypot(*r) * numpy.hypot(*s) or abs(across) < 1e-9:
        return None
    t = ((q - p)[0] * s[1] - (q - p)[1] * s[0]) / across
    return p + t * r


def _ordered(corners: Any) -> Any:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    import numpy

    total, difference = corners.sum(axis=1), corners[:, 0] - corners[:, 1]
    ordered = numpy.array(
        [
            corners[numpy.argmin(total)],
            corners[numpy.argmax(difference)],
            corners[numpy.argmax(total)],
            corners[numpy.argmin(difference)],
        ]
    )
    return ordered if len({tuple(point) for point in ordered.tolist()}) == 4 else None


def _inside(corners: Any, shape: tuple[int, int]) -> bool:
    high, wide = shape
    x_slack, y_slack = CORNER_OUTSIDE * wide, CORNER_OUTSIDE * high
    return all(-x_slack <= x <= wide + x_slack and -y_slack <= y <= high + y_slack for x, y in corners)


def _warped(pixels: Any, corners: Any) -> Image.Image:
    import cv2
    import numpy

    top_left, top_right, bottom_right, bottom_left = corners
    wide = int(max(numpy.hypot(*(top_right - top_left)), numpy.hypot(*(bottom_right - bottom_left))))
    high = int(max(numpy.hypot(*(bottom_left - top_left)), numpy.hypot(*(bottom_right - top_right))))
    target = numpy.float32([[0, 0], [wide, 0], [wide, high], [0, high]])
    turn = cv2.getPerspectiveTransform(corners.astype(numpy.float32), target)
    flat = cv2.warpPerspective(pixels, turn, (wide, high), flags=cv2.INTER_CUBIC, borderValue=255)
    return Image.fromarray(flat)
