"""PDF writer (reportlab canvas): places the blocks on A4/Letter pages or a receipt roll, text as
real text."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from . import ir

FONT_DIRS = ["/usr/share/fonts"]
TTF_FAMILIES = {
    "dejavu": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "dejavu_serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "dejavu_cond": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    "dejavu_mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
    "liberation_sans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    "liberation_serif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    "liberation_narrow": ("LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf"),
    "liberation_mono": ("LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf"),
}
CORE = {
    "helvetica": ("Helvetica", "Helvetica-Bold"),
    "times": ("Times-Roman", "Times-Bold"),
    "courier": ("Courier", "Courier-Bold"),
}
FALLBACK = {
    "dejavu": "helvetica",
    "dejavu_serif": "times",
    "dejavu_cond": "helvetica",
    "dejavu_mono": "courier",
    "liberation_sans": "helvetica",
    "liberation_serif": "times",
    "liberation_narrow": "helvetica",
    "liberation_mono": "courier",
}
MONO = {"courier", "dejavu_mono", "liberation_mono"}


@cache
def _font_files() -> dict[str, str]:
    found: dict[str, str] = {}
    for root_dir in FONT_DIRS:
        for root, _dirs, files in os.walk(root_dir):
            for f in files:
                if f.endswith(".ttf"):
                    found.setdefault(f, os.path.join(root, f))
    return found


@cache
def resolve_family(family: str) -> tuple[str, str, bool]:
    """(regular, bold, is_core) font names, registering a Debian TTF when present, else a core font."""
    if family in CORE:
        return (*CORE[family], True)
    files = _font_files()
    reg, bold = TTF_FAMILIES[family]
    if reg in files and bold in files:
        pdfmetrics.registerFont(TTFont(f"{family}-r", files[reg]))
        pdfmetrics.registerFont(TTFont(f"{family}-b", files[bold]))
        return f"{family}-r", f"{family}-b", False
    return (*CORE[FALLBACK[family]], True)


_CP1252_FIX = {"\u202f": "\u00a0", "\u2009": " ", "\u2212": "-", "\u20b9": "Rs"}


def _core_safe(s: str) -> str:
    out = []
    for ch in s:
        ch = _CP1252_FIX.get(ch, ch)
        try:
            ch.encode("cp1252")
        except UnicodeEncodeError:
            ch = "?"
        out.append(ch)
    return "".join(out)


class Painter:
    def __init__(self, doc: ir.Doc):
        self.doc = doc
        self.regular, self.bold, self.core = resolve_family(doc.font)
        if doc.page == "receipt":
            self.pw, self.ph = doc.receipt_width_mm * mm, 10_000
            self.margin = 5 * mm
        else:
            self.pw, self.ph = LETTER if doc.page == "letter" else A4
            self.margin = doc.margin
        self.footer_h = (len(doc.footer) * (doc.base - 1.5) * 1.3 + 14) if doc.footer else 0
        self.top = self.margin
        self.bottom = self.ph - self.margin - self.footer_h
        self.pages: list[list] = [[]]

    # ---------------------------------------------------------------- measuring
    def t(self, s: str) -> str:
        return _core_safe(s) if self.core else s

    def font(self, bold: bool) -> str:
        return self.bold if bold else self.regular

    def sw(self, s: str, bold: bool, size: float) -> float:
        return pdfmetrics.stringWidth(self.t(s), self.font(bold), size)

    def wrap(self, s: str, width: float, bold: bool, size: float) -> list[str]:
        if self.sw(s, bold, size) <= width or width <= 0:
            return [s]
        words, lines, cur = s.split(" "), [], ""
        for word in words:
            trial = f"{cur} {word}" if cur else word
            if self.sw(trial, bold, size) <= width or not cur:
                cur = trial
            else:
                lines.append(cur)
                cur = word
        if cur:
            lines.append(cur)
        return lines

    @staticmethod
    def lh(size: float) -> float:
        return size * 1.32

    # ---------------------------------------------------------------- ops
    def text(self, ops, x, y, s, bold=False, size=9.5, gray=False, align="left", width=0.0, fit=0.0):
        if fit and self.sw(s, bold, size) > fit:
            size = max(5.0, size * fit / self.sw(s, bold, size))
        if align == "right":
            x = x + width - self.sw(s, bold, size)
        elif align == "center":
            x = x + (width - self.sw(s, bold, size)) / 2
        ops.append(("t", x, y + size * 0.95, self.t(s), self.font(bold), size, gray))

    # ---------------------------------------------------------------- blocks
    def draw(self, b, x: float, y: float, w: float, ops: list) -> float:
        fn = getattr(self, "_" + type(b).__name__.lower())
        return fn(b, x, y, w, ops)

    def _space(self, b: ir.Space, x, y, w, ops):
        return b.h

    def _pagebreak(self, b, x, y, w, ops):
        return 0

    def _rule(self, b: ir.Rule, x, y, w, ops):
        ops.append(("l", x, y + 2, x + w, y + 2, 0.6, 0.3))
        return 2 + b.space_after

    def _text(self, b: ir.Text, x, y, w, ops):
        h = 0.0
        for i, line in enumerate(b.lines):
            bold = b.bold or (b.first_bold and i == 0)
            size = b.size + (2 if (b.first_bold and i == 0) else 0)
            for part in [line] if b.pre else self.wrap(line, w, bold, size):
                self.text(ops, x, y + h, part, bold, size, b.gray, b.align, w, fit=0 if b.pre else w)
                h += self.lh(size)
        return h + b.space_after

    def _para(self, b: ir.Para, x, y, w, ops):
        h = 0.0
        for part in self.wrap(b.text, w, False, b.size):
            self.text(ops, x, y + h, part, False, b.size, False, b.align, w)
            h += self.lh(b.size)
        return h + b.space_after

    def _heading(self, b: ir.Heading, x, y, w, ops):
        text = b.text.upper() if b.caps else b.text
        h = 0.0
        for part in self.wrap(text, w, True, b.size):
            self.text(ops, x, y + h, part, True, b.size)
            h += self.lh(b.size)
        if b.rule:
            ops.append(("l", x, y + h + 1, x + w, y + h + 1, 0.8, 0.2))
            h += 4
        return h + b.space_after

    def _bullets(self, b: ir.Bullets, x, y, w, ops):
        cols = max(1, b.columns)
        per = -(-len(b.items) // cols)
        cw = w / cols
        best = 0.0
        for c in range(cols):
            h = 0.0
            for item in b.items[c * per : (c + 1) * per]:
                ind = self.sw(b.bullet + " ", False, b.size) + 2
                self.text(ops, x + c * cw, y + h, b.bullet, False, b.size)
                for part in self.wrap(item, cw - ind - 6, False, b.size):
                    self.text(ops, x + c * cw + ind, y + h, part, False, b.size)
                    h += self.lh(b.size)
            best = max(best, h)
        return best + b.space_after

    def _box(self, b: ir.Box, x, y, w, ops):
        pad = 6
        inner: list = []
        h = pad
        for blk in b.blocks:
            h += self.draw(blk, x + pad, y + h, w - 2 * pad, inner)
        h = h - (getattr(b.blocks[-1], "space_after", 0) if b.blocks else 0) + pad
        ops.append(("r", x, y, w, h, self.doc.accent if b.shade else None, 0.4 if b.border else None))
        ops.extend(inner)
        return h + b.space_after

    def _row(self, b: ir.Row, x, y, w, ops):
        n = len(b.cols)
        widths = b.widths or [1 / n] * n
        total_gap = b.gap * (n - 1)
        xs, ws, cx = [], [], x
        for frac in widths:
            cw = (w - total_gap) * frac
            xs.append(cx)
            ws.append(cw)
            cx += cw + b.gap
        heights, parts = [], []
        for col, cx_, cw in zip(b.cols, xs, ws, strict=True):
            cops: list = []
            h = 0.0
            pad = 6 if (b.border or (b.shade and any(b.shade))) else 0
            for blk in col:
                h += self.draw(blk, cx_ + pad, y + h + pad, cw - 2 * pad, cops)
            heights.append(h + 2 * pad)
            parts.append(cops)
        hmax = max(heights) if heights else 0
        for i, cops in enumerate(parts):
            shade = bool(b.shade and b.shade[i])
            if shade or b.border:
                ops.append(
                    (
                        "r",
                        xs[i],
                        y,
                        ws[i],
                        hmax,
                        self.doc.accent if shade else None,
                        0.5 if b.border else None,
                    )
                )
            ops.extend(cops)
        return hmax + b.space_after

    def _kv(self, b: ir.KV, x, y, w, ops):  # noqa: C901
        s, lh = b.size, self.lh(b.size)
        small = s - 1.5
        style = b.style
        if style in ("colon", "plain", "columns"):
            colon = ":" if style in ("colon",) else ""
            lw = min(max(self.sw(lab + colon, b.label_bold, s) for lab, _ in b.pairs) + 10, w * 0.6)
            rows = [(lab, self.wrap(val, w - lw, b.bold_values, s)) for lab, val in b.pairs]
            if style == "columns":
                h = 0.0
                for lab, vals in rows:  # every label first ...
                    self.text(ops, x, y + h, lab, b.label_bold, s, gray=True)
                    h += lh * len(vals)
                h = 0.0
                for _lab, vals in rows:  # ... then every value
                    for v in vals:
                        self.text(ops, x + lw, y + h, v, b.bold_values, s)
                        h += lh
                return h + b.space_after
            h = 0.0
            for lab, vals in rows:
                self.text(ops, x, y + h, lab + colon, b.label_bold, s)
                for v in vals:
                    self.text(ops, x + lw, y + h, v, b.bold_values, s)
                    h += lh
            return h + b.space_after
        if style == "inline":
            h = 0.0
            for lab, val in b.pairs:
                for part in self.wrap(f"{lab}: {val}", w, False, s):
                    self.text(ops, x, y + h, part, False, s)
                    h += lh
            return h + b.space_after
        if style == "dots":
            h = 0.0
            dot_w = self.sw(".", False, s)
            for lab, val in b.pairs:
                lw_, vw = self.sw(lab, False, s), self.sw(val, b.bold_values, s)
                ndots = max(2, int((w - lw_ - vw - 8) / dot_w))
                self.text(ops, x, y + h, lab + " " + "." * ndots, False, s)
                self.text(ops, x, y + h, val, b.bold_values, s, align="right", width=w)
                h += lh
            return h + b.space_after
        if style == "right":
            vw = max(self.sw(v, True, s) for _, v in b.pairs) + 14
            h = 0.0
            for lab, val in b.pairs:
                self.text(ops, x, y + h, val, True, s)
                self.text(ops, x + vw, y + h, lab, False, small, gray=True)
                h += lh
            return h + b.space_after
        if style == "totals":
            x0 = x + w * (1 - b.frac)
            bw = w * b.frac
            h = 0.0
            for i, (lab, val) in enumerate(b.pairs):
                last = b.bold_last and i == len(b.pairs) - 1
                if last:
                    ops.append(("l", x0, y + h + 1, x + w, y + h + 1, 0.8, 0.1))
                    h += 3
                self.text(ops, x0, y + h, lab, last, s + (1 if last else 0))
                self.text(ops, x0, y + h, val, last, s + (1 if last else 0), align="right", width=bw)
                h += lh + (2 if last else 0)
            return h + b.space_after
        if style in ("boxes", "below"):
            n = max(1, min(b.per_row, len(b.pairs)))
            cw = w / n
            h = 0.0
            for r in range(0, len(b.pairs), n):
                chunk = b.pairs[r : r + n]
                vlines = [self.wrap(v, cw - 10, True, s) for _, v in chunk]
                rh = self.lh(small) + lh * max(len(v) for v in vlines) + 10
                for i, ((lab, _val), vals) in enumerate(zip(chunk, vlines, strict=True)):
                    cx = x + i * cw
                    if style == "boxes":
                        ops.append(("r", cx, y + h, cw - 4, rh, None, 0.5))
                        self.text(ops, cx + 5, y + h + 3, lab, False, small, gray=True)
                        yy = y + h + 3 + self.lh(small)
                        for v in vals:
                            self.text(ops, cx + 5, yy, v, True, s)
                            yy += lh
                    else:
                        yy = y + h
                        for v in vals:
                            self.text(ops, cx, yy, v, True, s + 1)
                            yy += self.lh(s + 1)
                        ops.append(("l", cx, yy + 1, cx + cw - 12, yy + 1, 0.4, 0.5))
                        self.text(ops, cx, yy + 3, lab, False, small, gray=True)
                h += rh + 4
            return h + b.space_after
        raise ValueError(style)

    # ---------------------------------------------------------------- tables
    def _table(self, b: ir.Table, x, y, w, ops):
        """A table inside another block (a sidebar layout): drawn whole, without page breaks."""
        header, rows = self.table_chunks(b, w)
        header[1](x, y, ops)
        h = header[0]
        for rh, paint in rows:
            paint(x, y + h, ops)
            h += rh
        return h + b.space_after

    def table_chunks(self, b: ir.Table, w: float):
        """(header chunk, row chunks); a chunk is (height, draw(x, y, ops))."""
        s = b.size
        lh = self.lh(s)
        pad = 4
        cws = [w * f for f in b.widths]
        need = []
        for i in range(len(cws)):
            cells = [b.headers[i]] + [r[i] for r in b.rows]
            words = [word for c in cells for word in (c.split(" ") if b.aligns[i] == "left" else [c])]
            need.append(max(self.sw(word, True, s) for word in words) + 2 * pad + 1)
        short = sum(max(0.0, n - c) for n, c in zip(need, cws, strict=True))
        if short > 0:
            grow = [max(c, n) for n, c in zip(need, cws, strict=True)]
            widest = max(range(len(cws)), key=lambda i: cws[i] - need[i])
            grow[widest] = max(need[widest], cws[widest] - short)
            cws = grow

        def make(cells, bold, fill, is_header, row_index):
            wrapped = [self.wrap(c, cw - 2 * pad, bold, s) for c, cw in zip(cells, cws, strict=True)]
            rh = max(len(wl) for wl in wrapped) * lh + 2 * pad - 2

            def paint(x, y, ops):
                if fill:
                    ops.append(("r", x, y, w, rh, fill, None))
                if b.style == "grid":
                    cx = x
                    for cw in cws:
                        ops.append(("r", cx, y, cw, rh, None, 0.4))
                        cx += cw
                cx = x
                for wl, cw, al in zip(wrapped, cws, b.aligns, strict=True):
                    yy = y + pad - 1
                    for part in wl:
                        self.text(ops, cx + pad, yy, part, bold, s, align=al, width=cw - 2 * pad)
                        yy += lh
                    cx += cw
                if is_header and b.style in ("lines", "zebra", "plain"):
                    ops.append(("l", x, y + rh, x + w, y + rh, 0.8, 0.2))
                elif b.style == "lines":
                    ops.append(("l", x, y + rh, x + w, y + rh, 0.3, 0.6))

            return rh, paint

        fill_header = self.doc.accent if b.style in ("grid", "zebra") else None
        header = make(b.headers, True, fill_header, True, -1)
        rows = []
        for i, r in enumerate(b.rows):
            zebra = (0.96, 0.96, 0.96) if (b.style == "zebra" and i % 2 == 1) else None
            rows.append(make(r, i in b.bold_rows, zebra, False, i))
        return header, rows

    # ---------------------------------------------------------------- flow
    def flow(self):
        doc = self.doc
        x, w = self.margin, self.pw - 2 * self.margin
        y = self.top
        for b in doc.blocks:
            if isinstance(b, ir.PageBreak):
                self.pages.append([])
                y = self.top
                continue
            if isinstance(b, ir.Table):
                header, rows = self.table_chunks(b, w)
                if y + header[0] + (rows[0][0] if rows else 0) > self.bottom and doc.page != "receipt":
                    self.pages.append([])
                    y = self.top
                header[1](x, y, self.pages[-1])
                y += header[0]
                for rh, paint in rows:
                    if y + rh > self.bottom and doc.page != "receipt":
                        self.pages.append([])
                        y = self.top
                        header[1](x, y, self.pages[-1])
                        y += header[0]
                    paint(x, y, self.pages[-1])
                    y += rh
                y += b.space_after
                continue
            tmp: list = []
            h = self.draw(b, x, 0, w, tmp)
            if y + h > self.bottom and y > self.top + 1 and doc.page != "receipt":
                self.pages.append([])
                y = self.top
            y += self.draw(b, x, y, w, self.pages[-1])
        self.end_y = y

    def save(self, path: Path):
        self.flow()
        doc = self.doc
        if doc.page == "receipt":
            self.ph = self.end_y + self.margin
        c = canvas.Canvas(str(path), pagesize=(self.pw, self.ph), invariant=1, pageCompression=1)
        c.setTitle(doc.title or "")
        c.setAuthor("")
        c.setCreator("")
        n = len(self.pages)
        for i, ops in enumerate(self.pages, 1):
            extra: list = []
            if doc.footer:
                fy = self.ph - self.margin - self.footer_h + 10
                extra.append(("l", self.margin, fy - 4, self.pw - self.margin, fy - 4, 0.4, 0.5))
                for line in doc.footer:
                    self.text(
                        extra,
                        self.margin,
                        fy,
                        line,
                        False,
                        doc.base - 1.5,
                        True,
                        "center",
                        self.pw - 2 * self.margin,
                    )
                    fy += (doc.base - 1.5) * 1.3
            if doc.page_label and doc.page != "receipt":
                label = doc.page_label.format(i=i, n=n)
                self.text(
                    extra,
                    self.margin,
                    self.ph - self.margin / 2 - 6,
                    label,
                    False,
                    doc.base - 1.5,
                    True,
                    "right",
                    self.pw - 2 * self.margin,
                )
            for op in ops + extra:
                self._emit(c, op)
            c.showPage()
        c.save()

    def _emit(self, c, op):
        kind = op[0]
        if kind == "t":
            _, x, y, s, font, size, gray = op
            c.setFont(font, size)
            c.setFillGray(0.35 if gray else 0)
            c.drawString(x, self.ph - y, s)
        elif kind == "l":
            _, x1, y1, x2, y2, lw, gray = op
            c.setLineWidth(lw)
            c.setStrokeGray(gray)
            c.line(x1, self.ph - y1, x2, self.ph - y2)
        elif kind == "r":
            _, x, y, w, h, fill, stroke = op
            if fill is not None:
                c.setFillColorRGB(*fill)
            if stroke is not None:
                c.setStrokeGray(stroke)
                c.setLineWidth(0.6)
            c.rect(x, self.ph - y - h, w, h, stroke=int(stroke is not None), fill=int(fill is not None))
            c.setFillGray(0)


def write_pdf(doc: ir.Doc, path: Path) -> int:
    p = Painter(doc)
    p.save(path)
    return len(p.pages)
