"""The spreadsheet templates, laid out the way people build invoice and order sheets.

Each template writes one worksheet from a ``Doc`` and says which content it wants (``Shape``). All
positions come from the item table's column grid, as in a real sheet where the table sets the columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..draw import Shape
from ..model import Doc
from ..sheet import Sheet
from .detailed import build_notes_terms, build_plain, build_vat_breakdown
from .headed import build_boxed, build_classic, build_meta_grid, build_three_parties
from .orders import build_long, build_po_approval


@dataclass(frozen=True)
class Template:
    name: str
    kinds: tuple[str, ...]
    shape: Shape
    build: Callable[[Doc], Sheet]
    pages: int = 1  # pages the printed sheet must have


SPARE = Shape(lines=(2, 8), spare=True, line_vat=False, line_discount=False, notes=False)
TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template("classic", ("invoice", "purchase_order"), SPARE, build_classic),
        Template(
            "boxed_grid", ("invoice", "purchase_order"), Shape((2, 7), True, False, False, False), build_boxed
        ),
        Template("meta_grid", ("invoice", "purchase_order"), SPARE, build_meta_grid),
        Template(
            "three_parties",
            ("invoice", "purchase_order"),
            Shape((2, 7), False, False, False, False),
            build_three_parties,
        ),
        Template(
            "po_approval", ("purchase_order",), Shape((2, 7), True, False, False, False), build_po_approval
        ),
        Template(
            "long",
            ("invoice", "purchase_order"),
            Shape((20, 45), False, False, False, False),
            build_long,
            pages=2,
        ),
        Template(
            "plain", ("invoice", "purchase_order"), Shape((2, 6), False, False, False, False), build_plain
        ),
        Template(
            "vat_breakdown",
            ("invoice", "purchase_order"),
            Shape((3, 8), False, True, True, False),
            build_vat_breakdown,
        ),
        Template("notes_terms", ("invoice",), Shape((2, 6), True, False, False, True), build_notes_terms),
    )
}
