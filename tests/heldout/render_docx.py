"""DOCX writer (python-docx): side-by-side parts become borderless Word tables, as Word users build them."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from . import ir

WORD_FONTS = {
    "helvetica": "Arial",
    "times": "Times New Roman",
    "courier": "Courier New",
    "dejavu": "Calibri",
    "dejavu_serif": "Cambria",
    "dejavu_cond": "Arial Narrow",
    "dejavu_mono": "Consolas",
    "liberation_sans": "Verdana",
    "liberation_serif": "Georgia",
    "liberation_narrow": "Segoe UI",
    "liberation_mono": "Courier New",
}
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}
TABLE_STYLES = [
    "Table Grid",
    "Light List Accent 1",
    "Light Grid Accent 1",
    "Medium Shading 1 Accent 1",
    "Light Shading",
    "Table Grid",
]
FIXED = dt.datetime(2024, 1, 1, 9, 0, 0)


class _Writer:
    def __init__(self, doc: ir.Doc, rng: random.Random):
        self.doc = doc
        self.rng = rng
        self.d = Document()
        self.fresh: set = set()  # cells (their XML elements) whose first, empty paragraph is still unused
        self.text_as_breaks = rng.random() < 0.5
        self.kv_as_table = rng.random() < 0.6
        self.table_style = rng.choice(TABLE_STYLES)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def key(container):
        """A cell's XML element: python-docx makes a new proxy object at every access, the element stays."""
        return getattr(container, "_tc", None)

    def para(self, container, text: str = "", bold=False, size=None, align="left", gray=False, italic=False):
        if self.key(container) in self.fresh:
            self.fresh.discard(self.key(container))
            p = container.paragraphs[0]
        else:
            p = container.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        p.paragraph_format.space_before = Pt(0)
        if text:
            run = p.add_run(text)
            run.bold = bold
            run.italic = italic
            if size:
                run.font.size = Pt(size)
            if gray:
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        p.alignment = ALIGN[align]
        return p

    def table(self, container, rows: int, cols: int, style: str | None = None):
        if self.key(container) in self.fresh:  # a table as a cell's first content keeps the empty paragraph
            self.fresh.discard(self.key(container))
        t = container.add_table(rows=rows, cols=cols)
        if style:
            t.style = self.d.styles[style]
        for row in t.rows:
            for cell in row.cells:
                self.fresh.add(cell._tc)
        return t

    @staticmethod
    def shade(cell, rgb: tuple[float, float, float]):
        tc_pr = cell._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), "".join(f"{int(c * 255):02X}" for c in rgb))
        tc_pr.append(shd)

    # ------------------------------------------------------------------ blocks
    def emit(self, c, b):
        getattr(self, "_" + type(b).__name__.lower())(c, b)

    def _space(self, c, b):
        self.para(c)

    def _rule(self, c, b):
        p = self.para(c)
        p_pr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "808080")):
            bottom.set(qn(k), v)
        bdr.append(bottom)
        p_pr.append(bdr)

    def _pagebreak(self, c, b):
        p = self.para(c)
        p.add_run().add_break(WD_BREAK.PAGE)

    def _text(self, c, b: ir.Text):
        if self.text_as_breaks and len(b.lines) > 1:
            p = self.para(c, align=b.align)
            for i, line in enumerate(b.lines):
                run = p.add_run(line)
                run.bold = b.bold or (b.first_bold and i == 0)
                run.font.size = Pt(b.size + 1 + (2 if (b.first_bold and i == 0) else 0))
                if b.gray:
                    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
                if i < len(b.lines) - 1:
                    run.add_break()
            return
        for i, line in enumerate(b.lines):
            first = b.first_bold and i == 0
            self.para(c, line, b.bold or first, b.size + 1 + (2 if first else 0), b.align, b.gray)

    def _para(self, c, b: ir.Para):
        self.para(c, b.text, size=b.size + 1, align=b.align, italic=b.italic)

    def _heading(self, c, b: ir.Heading):
        text = b.text.upper() if b.caps else b.text
        if b.size >= 14 and self.rng.random() < 0.5:
            c.add_paragraph(text, style="Title" if b.size >= 18 else "Heading 1")
            return
        if b.rule and self.rng.random() < 0.5:
            c.add_paragraph(text, style="Heading 2")
            return
        self.para(c, text, bold=True, size=b.size + 1)

    def _bullets(self, c, b: ir.Bullets):
        for item in b.items:
            if self.key(c) in self.fresh:
                self.fresh.discard(self.key(c))
                p = c.paragraphs[0]
                p.style = self.d.styles["List Bullet"]
                p.add_run(item)
            else:
                c.add_paragraph(item, style="List Bullet")

    def _box(self, c, b: ir.Box):
        t = self.table(c, 1, 1, "Table Grid" if b.border else None)
        cell = t.cell(0, 0)
        if b.shade:
            self.shade(cell, self.doc.accent)
        for blk in b.blocks:
            self.emit(cell, blk)

    def _row(self, c, b: ir.Row):
        t = self.table(c, 1, len(b.cols), "Table Grid" if b.border else None)
        widths = b.widths or [1 / len(b.cols)] * len(b.cols)
        for i, col in enumerate(b.cols):
            cell = t.cell(0, i)
            cell.width = Cm(17 * widths[i])
            if b.shade and b.shade[i]:
                self.shade(cell, self.doc.accent)
            for blk in col:
                self.emit(cell, blk)

    def _kv(self, c, b: ir.KV):  # noqa: C901
        st = b.style
        size = b.size + 1
        if st in ("colon", "plain") and not self.kv_as_table:
            colon = ":" if st == "colon" else ""
            for lab, val in b.pairs:
                p = self.para(c)
                p.paragraph_format.tab_stops.add_tab_stop(Cm(4.2))
                r = p.add_run(f"{lab}{colon}\t")
                r.font.size = Pt(size)
                r.bold = b.label_bold
                r2 = p.add_run(val)
                r2.font.size = Pt(size)
                r2.bold = b.bold_values
            return
        if st in ("colon", "plain", "right"):
            t = self.table(c, len(b.pairs), 2)
            for i, (lab, val) in enumerate(b.pairs):
                first, second = (val, lab) if st == "right" else (lab + (":" if st == "colon" else ""), val)
                self.para(t.cell(i, 0), first, bold=(st == "right") or b.label_bold, size=size)
                self.para(
                    t.cell(i, 1),
                    second,
                    bold=b.bold_values,
                    size=size - (1 if st == "right" else 0),
                    gray=(st == "right"),
                )
            return
        if st == "inline":
            for lab, val in b.pairs:
                p = self.para(c)
                r = p.add_run(f"{lab}: ")
                r.bold = True
                r.font.size = Pt(size)
                p.add_run(val).font.size = Pt(size)
            return
        if st == "dots":
            for lab, val in b.pairs:
                p = self.para(c)
                p.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
                p.add_run(f"{lab}\t{val}").font.size = Pt(size)
            return
        if st == "columns":
            t = self.table(c, 1, 2)
            for lab, _ in b.pairs:
                self.para(t.cell(0, 0), lab, size=size, gray=True)
            for _, val in b.pairs:
                self.para(t.cell(0, 1), val, size=size, bold=b.bold_values)
            return
        if st in ("boxes", "below"):
            n = max(1, min(b.per_row, len(b.pairs)))
            chunks = [b.pairs[i : i + n] for i in range(0, len(b.pairs), n)]
            if st == "boxes":
                t = self.table(c, len(chunks), n, "Table Grid")
                for r, chunk in enumerate(chunks):
                    for i, (lab, val) in enumerate(chunk):
                        cell = t.cell(r, i)
                        self.para(cell, lab, size=size - 2, gray=True)
                        self.para(cell, val, bold=True, size=size)
            else:
                t = self.table(c, 2 * len(chunks), n)
                for r, chunk in enumerate(chunks):
                    for i, (lab, val) in enumerate(chunk):
                        self.para(t.cell(2 * r, i), val, bold=True, size=size + 1)
                        self.para(t.cell(2 * r + 1, i), lab, size=size - 2, gray=True)
            return
        if st == "totals":
            if self.rng.random() < 0.5:
                t = self.table(c, len(b.pairs), 2)
                t.alignment = WD_TABLE_ALIGNMENT.RIGHT
                for i, (lab, val) in enumerate(b.pairs):
                    last = b.bold_last and i == len(b.pairs) - 1
                    self.para(t.cell(i, 0), lab, bold=last, size=size)
                    self.para(t.cell(i, 1), val, bold=last, size=size, align="right")
            else:
                for i, (lab, val) in enumerate(b.pairs):
                    last = b.bold_last and i == len(b.pairs) - 1
                    p = self.para(c)
                    p.paragraph_format.tab_stops.add_tab_stop(Cm(11))
                    p.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
                    r = p.add_run(f"\t{lab}\t{val}")
                    r.bold = last
                    r.font.size = Pt(size)
            return
        raise ValueError(st)

    def _table(self, c, b: ir.Table):
        t = self.table(c, 1 + len(b.rows), len(b.headers), self.table_style)
        for i, h in enumerate(b.headers):
            self.para(t.cell(0, i), h, bold=True, size=b.size + 1, align=b.aligns[i])
        for r, row in enumerate(b.rows, 1):
            for i, cell_text in enumerate(row):
                self.para(
                    t.cell(r, i), cell_text, bold=(r - 1) in b.bold_rows, size=b.size + 1, align=b.aligns[i]
                )
        for i, frac in enumerate(b.widths):
            for row in t.rows:
                row.cells[i].width = Cm(17 * frac)

    # ------------------------------------------------------------------ document
    def write(self, path: Path):
        d, doc = self.d, self.doc
        sec = d.sections[0]
        if doc.page == "letter":
            sec.page_width, sec.page_height = Mm(215.9), Mm(279.4)
        else:
            sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.left_margin = sec.right_margin = Cm(2.0)
        sec.top_margin = sec.bottom_margin = Cm(1.8)
        normal = d.styles["Normal"]
        normal.font.name = WORD_FONTS.get(doc.font, "Calibri")
        normal.font.size = Pt(doc.base + 1)
        if doc.header_lines:
            hp = sec.header.paragraphs[0]
            for i, line in enumerate(doc.header_lines):
                run = hp.add_run(line)
                run.bold = i == 0
                if i < len(doc.header_lines) - 1:
                    run.add_break()
        if doc.footer:
            fp = sec.footer.paragraphs[0]
            fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for i, line in enumerate(doc.footer):
                run = fp.add_run(line)
                run.font.size = Pt(doc.base - 1)
                if i < len(doc.footer) - 1:
                    run.add_break()
        for b in doc.blocks:
            self.emit(d, b)
        cp = d.core_properties
        cp.author = ""
        cp.last_modified_by = ""
        cp.title = doc.title
        cp.created = cp.modified = cp.last_printed = FIXED
        cp.revision = 1
        buf = io.BytesIO()
        d.save(buf)
        _write_fixed_zip(buf.getvalue(), path)


def _write_fixed_zip(data: bytes, path: Path):
    """Rewrite the package with fixed member timestamps so the same seed gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(zi, src.read(info.filename))


def write_docx(doc: ir.Doc, path: Path, rng: random.Random) -> None:
    _Writer(doc, rng).write(path)
