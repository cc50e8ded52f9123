"""SVG → PowerPoint against the corpus manifest; hostile SVGs are neutralised or refused."""

from __future__ import annotations

import io
import json
import re
import struct
from pathlib import Path

import pytest
from pptx import Presentation

from batches.processing import FinishItem, ProcessingError, get_processor
from tests.conftest import CORPUS

CONVERSIONS = CORPUS / "conversions"
MANIFEST = json.loads((CONVERSIONS / "manifest.json").read_text())["processors"]["svg_to_pptx"]["files"]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _deck(names: list[str], **options) -> tuple[Presentation, list]:
    processor = get_processor("svg_pptx")
    items, results = [], []
    for position, name in enumerate(names):
        path = CONVERSIONS / name if (CONVERSIONS / name).exists() else CORPUS / "hostile" / name
        result = processor.process(path.read_bytes(), filename=Path(name).name, options=options)
        results.append(result)
        items.append(
            FinishItem(Path(name).name, position, result.data, {o.name: o.content for o in result.outputs})
        )
    (deck,) = processor.finish(items, options=options)
    assert deck.name == "deck.pptx"
    return Presentation(io.BytesIO(deck.content)), results


@pytest.fixture(scope="module")
def corpus_deck():
    return _deck([f["file"] for f in MANIFEST])


def _slide_text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_one_slide_per_svg_in_order_with_every_text_as_text(corpus_deck):
    presentation, _ = corpus_deck
    assert len(presentation.slides) == len(MANIFEST)
    for slide, expected in zip(presentation.slides, MANIFEST, strict=True):
        text = _squash(_slide_text(slide))
        for string in expected["texts"]:
            assert _squash(string) in text, (expected["file"], string)
        notes = slide.notes_slide.notes_text_frame.text
        assert f"Source: {Path(expected['file']).name}" in notes
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1


def test_drawings_fit_the_slide_with_their_aspect_ratio(corpus_deck):
    presentation, _ = corpus_deck
    width, height = presentation.slide_width, presentation.slide_height
    for slide, expected in zip(presentation.slides, MANIFEST, strict=True):
        (picture,) = [s for s in slide.shapes if s.shape_type == 13]
        assert picture.left >= 0 and picture.left + picture.width <= width
        assert picture.top >= 0 and picture.top + picture.height <= height
        if expected["viewBox"] and not expected["width"]:
            box = [float(v) for v in expected["viewBox"].split()]
            assert picture.width / picture.height == pytest.approx(box[2] / box[3], rel=0.01)
        if expected["width"] and expected["width"].isdigit():
            assert picture.width / picture.height == pytest.approx(
                int(expected["width"]) / int(expected["height"]), rel=0.01
            )


def test_text_keeps_its_style_alignment_and_angle(corpus_deck):
    presentation, _ = corpus_deck
    slide = presentation.slides[3]  # 04_text.svg
    boxes = {shape.text_frame.text: shape for shape in slide.shapes if shape.has_text_frame}
    title = boxes["Quarterly Report"].text_frame.paragraphs[0].runs[0].font
    assert title.bold and title.size.pt > 10
    assert (
        str(boxes["Prepared for the board, March 2025"].text_frame.paragraphs[0].runs[0].font.color.rgb)
        == "555555"
    )
    assert boxes["Prepared for the board, March 2025"].text_frame.paragraphs[0].runs[0].font.italic
    assert boxes["Rotated text"].rotation == pytest.approx(330, abs=0.5)  # rotate(-30)
    assert boxes["Centered headline"].text_frame.paragraphs[0].alignment == 2  # center
    lines = boxes["Line one\nLine two (tspan)\nLine three bold"].text_frame.paragraphs
    assert [p.runs[0].font.bold for p in lines] == [False, False, True]


@pytest.mark.parametrize(
    ("size", "expected"),
    [("4:3", (9144000, 6858000)), ("25.4x19.05cm", (9144000, 6858000)), ("10x5in", (9144000, 4572000))],
)
def test_slide_size_is_configurable(size, expected):
    presentation, _ = _deck(["svg/01_basic_rect.svg"], slide_size=size)
    assert (presentation.slide_width, presentation.slide_height) == expected


def test_a_deck_per_file_instead_of_one():
    result = get_processor("svg_pptx").process(
        (CONVERSIONS / "svg/02_basic_shapes.svg").read_bytes(),
        filename="02.svg",
        options={"deck": "per_file"},
    )
    (deck,) = [o for o in result.outputs if not o.intermediate]
    assert deck.name == "02.pptx" and len(Presentation(io.BytesIO(deck.content)).slides) == 1
    assert get_processor("svg_pptx").finish([], options={"deck": "per_file"}) == []


def test_external_entities_are_not_resolved_and_nothing_leaks():
    _, results = _deck(["svg_xxe.svg"])
    everything = b"".join(o.content for o in results[0].outputs) + json.dumps(results[0].data).encode()
    assert b"root:" not in everything and b"/bin/" not in everything
    assert "unexpanded" in results[0].data["warnings"]


def test_scripts_handlers_and_outside_references_are_dropped_the_drawing_stays():
    presentation, results = _deck(["svg_script.svg"])
    assert "Click me" in _slide_text(presentation.slides[0])
    warnings = results[0].data["warnings"]
    assert "script" in warnings and "event handler" in warnings and "outside the SVG" in warnings


def test_an_entity_bomb_is_refused():
    with pytest.raises(ProcessingError) as error:
        get_processor("svg_pptx").process(
            (CORPUS / "hostile/svg_billion_laughs.svg").read_bytes(), filename="b.svg", options={}
        )
    assert "entity" in error.value.message


def test_a_huge_canvas_is_drawn_at_a_bounded_size():
    result = get_processor("svg_pptx").process(
        (CORPUS / "hostile/svg_huge_canvas.svg").read_bytes(), filename="h.svg", options={}
    )
    png = next(o.content for o in result.outputs if o.name.endswith(".png"))
    width, height = struct.unpack(">II", png[16:24])
    assert width <= 4000 and height <= 4000


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"<svg", "not well-formed"), (b"<html><body/></html>", "not SVG")],
)
def test_broken_files_fail_with_a_clear_error(content, message):
    with pytest.raises(ProcessingError) as error:
        get_processor("svg_pptx").process(content, filename="x.svg", options={})
    assert message in error.value.message
