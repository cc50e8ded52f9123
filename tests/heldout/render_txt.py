"""Plain-text writer: fixed-width lines, side-by-side parts padded into columns, ASCII tables."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

from . import ir


def _wrap(s: str, w: int) -> list[str]:
    if w <= 0:
        return [s]
    return textwrap.wrap(s, w, break_long_words=False, break_on_hyphens=False) or [""]


def _align(s: str, w: int, align: str) -> str:
    if align == "right":
        return s.rjust(w)
    if align == "center":
        return s.center(w).rstrip()
    return s


class _Writer:
    def __init__(self, doc: ir.Doc, rng: random.Random, width: int):
        self.doc = doc
        self.rng = rng
        self.width = width
        self.bullet = rng.choice(["-", "*", "•", "-"])
        self.table_mode = rng.choice(["lines", "pipes", "plain"])
        self.heading_mode = rng.choice(["underline", "caps", "plain"])

    def emit(self, b, w: int) -> list[str]:
        return getattr(self, "_" + type(b).__name__.lower())(b, w)

    def _space(self, b, w):
        return [""]

    def _pagebreak(self, b, w):
        return ["", "\f"]

    def _rule(self, b, w):
        return ["-" * w]

    def _text(self, b: ir.Text, w):
        if b.pre:
            return [*b.lines, ""]
        out = []
        for line in b.lines:
            out += [_align(x, w, b.align) for x in _wrap(line, w)]
        return [*out, ""]

    def _para(self, b: ir.Para, w):
        return [*_wrap(b.text, w), ""]

    def _heading(self, b: ir.Heading, w):
        text = b.text.upper() if (b.caps or self.heading_mode == "caps") else b.text
        out = _wrap(text, w)
        if b.rule or self.heading_mode == "underline":
            out.append(("=" if b.size >= 14 else "-") * min(w, max(len(x) for x in out)))
        return out

    def _bullets(self, b: ir.Bullets, w):
        out = []
        for item in b.items:
            parts = _wrap(item, w - 2)
            out.append(f"{self.bullet} {parts[0]}")
            out += [f"  {p}" for p in parts[1:]]
        return [*out, ""]

    def _box(self, b: ir.Box, w):
        inner = []
        for blk in b.blocks:
            inner += self.emit(blk, w - 4)
        while inner and not inner[-1].strip():
            inner.pop()
        top = "+" + "-" * (w - 2) + "+"
        return [top, *[f"| {x.ljust(w - 4)} |" for x in inner], top, ""]

    def _row(self, b: ir.Row, w):
        n = len(b.cols)
        gap = 3
        widths = b.widths or [1 / n] * n
        cws = [max(8, int((w - gap * (n - 1)) * f)) for f in widths]
        cols = []
        for col, cw in zip(b.cols, cws, strict=True):
            lines = []
            for blk in col:
                lines += self.emit(blk, cw)
            while lines and not lines[-1].strip():
                lines.pop()
            cols.append(lines)
        h = max((len(c) for c in cols), default=0)
        out = []
        for i in range(h):
            cells = [(c[i] if i < len(c) else "").ljust(cw) for c, cw in zip(cols, cws, strict=True)]
            out.append((" " * gap).join(cells).rstrip())
        return [*out, ""]

    def _kv(self, b: ir.KV, w):
        st = b.style
        if st in ("colon", "plain", "columns"):
            colon = ":" if st == "colon" else ""
            lw = max(len(k) + len(colon) for k, _ in b.pairs) + 2
            out = []
            for k, v in b.pairs:
                parts = _wrap(v, w - lw)
                out.append((k + colon).ljust(lw) + parts[0])
                out += [" " * lw + p for p in parts[1:]]
            return [*out, ""]
        if st == "inline":
            out = []
            for k, v in b.pairs:
                out += _wrap(f"{k}: {v}", w)
            return [*out, ""]
        if st == "dots":
            out = []
            for k, v in b.pairs:
                dots = max(2, w - len(k) - len(v) - 2)
                out.append(f"{k} {'.' * dots} {v}")
            return [*out, ""]
        if st == "right":
            vw = max(len(v) for _, v in b.pairs) + 3
            return [*[v.ljust(vw) + k for k, v in b.pairs], ""]
        if st == "totals":
            lw = max(len(k) for k, _ in b.pairs) + 3
            vw = max(len(v) for _, v in b.pairs)
            block = lw + vw
            pad = max(0, w - block)
            out = []
            for i, (k, v) in enumerate(b.pairs):
                if b.bold_last and i == len(b.pairs) - 1:
                    out.append(" " * pad + "=" * block)
                out.append(" " * pad + k.ljust(lw) + v.rjust(vw))
            return [*out, ""]
        if st in ("boxes", "below"):
            n = max(1, min(b.per_row, len(b.pairs)))
            cw = max(10, w // n)
            out = []
            for r in range(0, len(b.pairs), n):
                chunk = b.pairs[r : r + n]
                labels = "".join(k[: cw - 2].ljust(cw) for k, _ in chunk).rstrip()
                values = "".join(v[: cw - 2].ljust(cw) for _, v in chunk).rstrip()
                out += [labels, values] if st == "boxes" else [values, labels]
                out.append("")
            return out
        raise ValueError(st)

    def _table(self, b: ir.Table, w):
        n = len(b.headers)
        sep = " | " if self.table_mode == "pipes" else "  "
        avail = w - len(sep) * (n - 1)
        cws = [max(4, int(avail * f)) for f in b.widths]
        for i, (h, a) in enumerate(zip(b.headers, b.aligns, strict=True)):  # numbers must fit on one line
            if a == "right":
                need = max([len(h), *[len(r[i]) for r in b.rows]])
                cws[i] = max(cws[i], need)
        desc = max(range(n), key=lambda i: b.widths[i])
        cws[desc] = max(12, avail - sum(cws) + cws[desc])

        def render(cells):
            wrapped = [
                _wrap(c, cw) if a == "left" else [c] for c, cw, a in zip(cells, cws, b.aligns, strict=True)
            ]
            lines = []
            for i in range(max(len(x) for x in wrapped)):
                parts = []
                for col, cw, a in zip(wrapped, cws, b.aligns, strict=True):
                    t = col[i] if i < len(col) else ""
                    parts.append(t.rjust(cw) if a == "right" else t.ljust(cw))
                lines.append(sep.join(parts).rstrip())
            return lines

        line = "-" * min(w, sum(cws) + len(sep) * (n - 1))
        out = render(b.headers)
        out.append(line if self.table_mode != "plain" else "")
        for r in b.rows:
            out += render(r)
        if self.table_mode != "plain":
            out.append(line)
        return [*out, ""]

    def write(self, path: Path):
        doc = self.doc
        lines: list[str] = list(doc.header_lines) + ([""] if doc.header_lines else [])
        for b in doc.blocks:
            lines += self.emit(b, self.width)
        if doc.footer:
            lines += ["-" * self.width, *doc.footer]
        text = "\n".join(x.rstrip() for x in lines).strip("\n") + "\n"
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
        path.write_text(text, encoding="utf-8")


def write_txt(doc: ir.Doc, path: Path, rng: random.Random) -> None:
    width = doc.chars if doc.page == "receipt" else rng.choice([80, 84, 92, 100])
    _Writer(doc, rng, width).write(path)
