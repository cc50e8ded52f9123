"""``svg_pptx``: SVG drawings onto PowerPoint slides, text kept as text.

Options:

- ``deck``: ``single`` (one deck, a slide per SVG in the batch's order; the default) or
  ``per_file`` (a ZIP of one-slide decks)
- ``slide_size``: ``16:9`` (default), ``4:3``, or custom ``WxH`` with ``cm`` or ``in``
  (``25.4x14.3cm``, ``10x7.5in``)
- ``dpi``: resolution of the drawing's picture (default 200, at most 400)

Each SVG is drawn without its text by resvg into a picture scaled to fit the slide with its
aspect ratio; every ``<text>`` becomes a text box at the same place, size, colour and angle.
"""

from __future__ import annotations

import io
import json
import math
import re
from dataclasses import asdict
from typing import Any

from batches.processing.base import FinishItem, OutputFile, ProcessingError, ProcessorResult
from batches.processing.convert.svg import Run, TextBlock, parse, render_png

EMU_PER_INCH = 914400
EMU_PER_CM = 360000
SLIDE_SIZES = {"16:9": (12192000, 6858000), "4:3": (9144000, 6858000)}
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
MARGIN = 0.04  # of the slide's shorter side, around the drawing


def slide_size(value: Any) -> tuple[int, int]:
    text = str(value or "16:9").strip().lower().replace(" ", "")
    if text in SLIDE_SIZES:
        return SLIDE_SIZES[text]
    match = re.fullmatch(r"(\d+(?:\.\d+)?)[x\u00d7](\d+(?:\.\d+)?)(cm|in|inch|inches)?", text)
    if not match:
        raise ProcessingError("invalid_options", f"Slide size {value!r}: use 16:9, 4:3 or WxH in cm or in.")
    unit = EMU_PER_CM if (match.group(3) or "cm") == "cm" else EMU_PER_INCH
    width, height = round(float(match.group(1)) * unit), round(float(match.group(2)) * unit)
    # PowerPoint's own bounds: 1 inch to 56 inches a side
    if not (EMU_PER_INCH <= width <= 56 * EMU_PER_INCH and EMU_PER_INCH <= height <= 56 * EMU_PER_INCH):
        raise ProcessingError(
            "invalid_options", "A slide side must be between 1 and 56 inches (2.54 to 142 cm)."
        )
    return width, height


def _fit(width: float, height: float, slide: tuple[int, int]) -> tuple[float, float, float]:
    """Scale (EMU per canvas pixel) and the top-left offset that fit the drawing on the slide."""
    margin = MARGIN * min(slide)
    scale = min((slide[0] - 2 * margin) / width, (slide[1] - 2 * margin) / height)
    return scale, (slide[0] - width * scale) / 2, (slide[1] - height * scale) / 2


def slide_spec(content: bytes, *, filename: str, options: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """What a slide needs (picture placement, text boxes) and the drawing's PNG."""
    size = slide_size(options.get("slide_size"))
    drawing = parse(content)
    scale, left, top = _fit(drawing.width, drawing.height, size)
    dpi = min(max(int(options.get("dpi") or 200), 72), 400)
    width_px = math.ceil(drawing.width * scale / EMU_PER_INCH * dpi)
    png = render_png(drawing, width_px=width_px)
    spec = {
        "source": filename,
        "slide": size,
        "picture": [round(left), round(top), round(drawing.width * scale), round(drawing.height * scale)],
        "scale": scale,
        "offset": [left, top],
        "texts": [asdict(block) for block in drawing.texts],
        "warnings": drawing.warnings,
    }
    return spec, png


def _text_width(block: TextBlock) -> float:
    """A generous estimate in canvas pixels (wide glyphs count double); boxes do not wrap."""
    widest = 0.0
    for line in block.lines:
        text = "".join(run.text for run in line)
        units = sum(1.0 if ord(ch) > 0x2E80 else 0.62 if ch.isupper() else 0.55 for ch in text)
        widest = max(widest, units * block.size)
    return widest + block.size * 0.5


def build_deck(slides: list[tuple[dict[str, Any], bytes]]) -> bytes:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Emu, Pt

    presentation = Presentation()
    size = slides[0][0]["slide"] if slides else SLIDE_SIZES["16:9"]
    presentation.slide_width, presentation.slide_height = Emu(size[0]), Emu(size[1])
    blank = presentation.slide_layouts[6]
    for spec, png in slides:
        slide = presentation.slides.add_slide(blank)
        left, top, width, height = spec["picture"]
        picture = slide.shapes.add_picture(io.BytesIO(png), Emu(left), Emu(top), Emu(width), Emu(height))
        picture.name = f"Drawing: {spec['source']}"[:250]
        scale, (ox, oy) = spec["scale"], spec["offset"]
        for raw in spec["texts"]:
            block = TextBlock(**{**raw, "lines": [[Run(**run) for run in line] for line in raw["lines"]]})
            box_width = _text_width(block) * scale
            line_height = block.line_height * scale
            box_height = block.size * scale * 1.25 + line_height * (len(block.lines) - 1)
            ascent = block.size * scale * 0.95
            shift = {"start": 0.0, "middle": 0.5, "end": 1.0}[block.anchor] * box_width
            # The box is laid out unrotated around the anchor, then turned about the anchor.
            ax, ay = ox + block.x * scale, oy + block.y * scale
            cx, cy = -shift + box_width / 2, -ascent + box_height / 2
            angle = math.radians(block.angle)
            rx, ry = cx * math.cos(angle) - cy * math.sin(angle), cx * math.sin(angle) + cy * math.cos(angle)
            shape = slide.shapes.add_textbox(
                Emu(round(ax + rx - box_width / 2)),
                Emu(round(ay + ry - box_height / 2)),
                Emu(round(box_width)),
                Emu(round(box_height)),
            )
            shape.rotation = block.angle
            frame = shape.text_frame
            frame.word_wrap = False
            frame.auto_size = MSO_AUTO_SIZE.NONE
            frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
            frame.vertical_anchor = MSO_ANCHOR.TOP
            for index, line in enumerate(block.lines):
                paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
                paragraph.alignment = {
                    "start": PP_ALIGN.LEFT,
                    "middle": PP_ALIGN.CENTER,
                    "end": PP_ALIGN.RIGHT,
                }[block.anchor]
                if len(block.lines) > 1:
                    paragraph.line_spacing = Pt(max(line_height / 12700, 1))
                for part in line:
                    run = paragraph.add_run()
                    run.text = part.text
                    font = run.font
                    font.size = Pt(max(round(block.size * scale / 12700, 1), 1))
                    font.bold, font.italic = part.bold, part.italic
                    if part.family:
                        font.name = part.family
                    if part.colour:
                        font.color.rgb = RGBColor.from_string(part.colour)
        notes = [f"Source: {spec['source']}"]
        texts = [block["lines"] for block in spec["texts"]]
        if texts:
            notes.append("Text: " + " | ".join("".join(r["text"] for line in b for r in line) for b in texts))
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _stem(filename: str) -> str:
    base = re.sub(r"[^\w.\-]+", "_", filename.replace("\\", "/").split("/")[-1]).strip("._") or "drawing"
    return (base.rsplit(".", 1)[0] if "." in base else base)[:80]


class SvgPptxProcessor:
    name = "svg_pptx"

    def process(self, content: bytes, *, filename: str, options: dict[str, Any]) -> ProcessorResult:
        spec, png = slide_spec(content, filename=filename, options=options)
        stem = _stem(filename)
        outputs = [
            OutputFile(
                f"{stem}.slide.json", json.dumps(spec).encode(), "application/json", intermediate=True
            ),
            OutputFile(f"{stem}.png", png, "image/png", intermediate=True),
        ]
        if str(options.get("deck") or "single") == "per_file":
            outputs.append(OutputFile(f"{stem}.pptx", build_deck([(spec, png)]), PPTX_TYPE))
        texts = [
            TextBlock(**{**t, "lines": [[Run(**r) for r in line] for line in t["lines"]]}).text
            for t in spec["texts"]
        ]
        data = {
            "slides": 1,
            "texts": len(texts),
            "text": " | ".join(texts)[:2000],
            "warnings": "; ".join(spec["warnings"]),
        }
        return ProcessorResult(
            data=data,
            document_type="drawing",
            outputs=outputs,
            meta={"slide_size": spec["slide"], "picture_bytes": len(png)},
        )

    def finish(self, items: list[FinishItem], *, options: dict[str, Any]) -> list[OutputFile]:
        if str(options.get("deck") or "single") == "per_file":
            return []
        slides = []
        for item in sorted(items, key=lambda i: i.position):
            spec = next((json.loads(c) for n, c in item.outputs.items() if n.endswith(".slide.json")), None)
            png = next((c for n, c in item.outputs.items() if n.endswith(".png")), None)
            if spec is not None and png is not None:
                slides.append((spec, png))
        if not slides:
            return []
        return [OutputFile("deck.pptx", build_deck(slides), PPTX_TYPE)]
