"""HTML writer: one self-contained page with inline CSS (flex rows, tables, definition lists)."""

from __future__ import annotations

import random
from html import escape
from pathlib import Path

from . import ir

CSS_FONTS = {
    "helvetica": "Helvetica, Arial, sans-serif",
    "times": "'Times New Roman', Times, serif",
    "courier": "'Courier New', monospace",
    "dejavu": "'DejaVu Sans', Verdana, sans-serif",
    "dejavu_serif": "'DejaVu Serif', Georgia, serif",
    "dejavu_cond": "'Arial Narrow', sans-serif",
    "dejavu_mono": "Menlo, Consolas, monospace",
    "liberation_sans": "'Segoe UI', Roboto, sans-serif",
    "liberation_serif": "Georgia, serif",
    "liberation_narrow": "'Helvetica Neue', Arial, sans-serif",
    "liberation_mono": "'Liberation Mono', monospace",
}


def _e(s: str) -> str:
    return escape(s, quote=True)


def _rgb(c) -> str:
    return "#" + "".join(f"{int(x * 255):02x}" for x in c)


class _Writer:
    def __init__(self, doc: ir.Doc, rng: random.Random, lang: str):
        self.doc = doc
        self.rng = rng
        self.lang = lang
        self.kv_mode = rng.choice(["table", "dl", "p"])
        self.accent = _rgb(doc.accent)

    def emit(self, b) -> str:
        return getattr(self, "_" + type(b).__name__.lower())(b)

    def _space(self, b):
        return f'<div style="height:{int(b.h)}px"></div>'

    def _rule(self, b):
        return "<hr>"

    def _pagebreak(self, b):
        return '<div style="page-break-after:always"></div>'

    def _text(self, b: ir.Text):
        if b.pre:
            weight = "font-weight:bold;" if b.bold else ""
            return f'<pre style="{weight}margin:0">' + "\n".join(_e(x) for x in b.lines) + "</pre>"
        parts = []
        for i, line in enumerate(b.lines):
            s = _e(line)
            if b.bold or (b.first_bold and i == 0):
                big = ' style="font-size:1.3em"' if (b.first_bold and i == 0) else ""
                s = f"<strong{big}>{s}</strong>"
            parts.append(s)
        style = f"text-align:{b.align};font-size:{b.size + 3:.0f}px" + (";color:#555" if b.gray else "")
        return f'<div class="blk" style="{style}">' + "<br>\n".join(parts) + "</div>"

    def _para(self, b: ir.Para):
        return f'<p style="text-align:{b.align}">{_e(b.text)}</p>'

    def _heading(self, b: ir.Heading):
        tag = "h1" if b.size >= 18 else "h2" if b.size >= 13 else "h3"
        text = b.text.upper() if b.caps else b.text
        style = ' style="border-bottom:1px solid #888"' if b.rule else ""
        return f"<{tag}{style}>{_e(text)}</{tag}>"

    def _bullets(self, b: ir.Bullets):
        style = ' style="columns:2"' if b.columns > 1 else ""
        return f"<ul{style}>" + "".join(f"<li>{_e(i)}</li>" for i in b.items) + "</ul>"

    def _box(self, b: ir.Box):
        style = ("border:1px solid #999;" if b.border else "") + (
            f"background:{self.accent};" if b.shade else ""
        )
        return (
            f'<div style="{style}padding:8px;margin:6px 0">'
            + "\n".join(self.emit(x) for x in b.blocks)
            + "</div>"
        )

    def _row(self, b: ir.Row):
        widths = b.widths or [1 / len(b.cols)] * len(b.cols)
        cols = []
        for i, col in enumerate(b.cols):
            st = f"flex:{widths[i]:.2f};padding:4px"
            if b.shade and b.shade[i]:
                st += f";background:{self.accent};padding:10px"
            if b.border:
                st += ";border:1px solid #999"
            cols.append(f'<div style="{st}">' + "\n".join(self.emit(x) for x in col) + "</div>")
        return (
            f'<div style="display:flex;gap:{int(b.gap)}px;margin-bottom:10px">' + "\n".join(cols) + "</div>"
        )

    def _kv(self, b: ir.KV):
        st = b.style
        if st in ("colon", "plain"):
            colon = ":" if st == "colon" else ""
            if self.kv_mode == "table":
                rows = "".join(
                    f'<tr><th style="text-align:left;font-weight:normal;padding-right:12px">{_e(k)}{colon}'
                    f"</th><td>{_e(v)}</td></tr>"
                    for k, v in b.pairs
                )
                return f'<table class="kv">{rows}</table>'
            if self.kv_mode == "dl":
                return (
                    "<dl>" + "".join(f"<dt>{_e(k)}{colon}</dt><dd>{_e(v)}</dd>" for k, v in b.pairs) + "</dl>"
                )
            return "".join(f"<p><b>{_e(k)}{colon}</b> {_e(v)}</p>" for k, v in b.pairs)
        if st == "inline":
            return "".join(f"<div>{_e(k)}: {_e(v)}</div>" for k, v in b.pairs)
        if st in ("dots", "totals"):
            style = "margin-left:auto;min-width:45%" if st == "totals" else "width:100%"
            rows = []
            for i, (k, v) in enumerate(b.pairs):
                last = b.bold_last and i == len(b.pairs) - 1
                cell = f"<td>{_e(k)}</td><td style='text-align:right'>{_e(v)}</td>"
                weight = ' style="font-weight:bold"' if last else ""
                rows.append(f"<tr{weight}>{cell}</tr>")
            return f'<table class="totals" style="{style}">' + "".join(rows) + "</table>"
        if st == "right":
            return (
                "<table>"
                + "".join(
                    f"<tr><td><b>{_e(v)}</b></td><td style='color:#666'>{_e(k)}</td></tr>" for k, v in b.pairs
                )
                + "</table>"
            )
        if st == "columns":
            labels = "<br>".join(_e(k) for k, _ in b.pairs)
            values = "<br>".join(_e(v) for _, v in b.pairs)
            return (
                f'<div style="display:flex;gap:16px"><div style="color:#555">{labels}</div>'
                f"<div>{values}</div></div>"
            )
        if st == "boxes":
            cells = "".join(
                f'<div style="border:1px solid #999;padding:6px;flex:1"><div style="font-size:10px;'
                f'color:#666">{_e(k)}</div><div><b>{_e(v)}</b></div></div>'
                for k, v in b.pairs
            )
            return f'<div style="display:flex;flex-wrap:wrap;gap:6px;margin:8px 0">{cells}</div>'
        if st == "below":
            cells = "".join(
                f'<div style="flex:1"><div style="font-size:1.2em"><b>{_e(v)}</b></div>'
                f'<div style="border-top:1px solid #aaa;font-size:10px;color:#666">{_e(k)}</div></div>'
                for k, v in b.pairs
            )
            return f'<div style="display:flex;gap:18px;margin:8px 0">{cells}</div>'
        raise ValueError(st)

    def _table(self, b: ir.Table):
        border = "1px solid #999" if b.style == "grid" else "none"
        head = "".join(
            f'<th style="text-align:{a};border-bottom:2px solid #333;border:{border}">{_e(h)}</th>'
            for h, a in zip(b.headers, b.aligns, strict=True)
        )
        rows = []
        for i, r in enumerate(b.rows):
            bg = ' style="background:#f3f3f3"' if (b.style == "zebra" and i % 2) else ""
            weight = ";font-weight:bold" if i in b.bold_rows else ""
            cells = "".join(
                f'<td style="text-align:{a};border:{border}{weight}">{_e(c)}</td>'
                for c, a in zip(r, b.aligns, strict=True)
            )
            rows.append(f"<tr{bg}>{cells}</tr>")
        return (
            f'<table class="items" style="width:100%;border-collapse:collapse;margin:8px 0"><thead><tr>{head}'
            f"</tr></thead><tbody>" + "\n".join(rows) + "</tbody></table>"
        )

    def write(self, path: Path):
        doc = self.doc
        width = "380px" if doc.page == "receipt" else "800px"
        body = "\n".join(self.emit(b) for b in doc.blocks)
        header = ""
        if doc.header_lines:
            header = "<header>" + "<br>".join(_e(x) for x in doc.header_lines) + "</header>"
        footer = ""
        if doc.footer:
            footer = (
                '<footer style="margin-top:24px;font-size:11px;color:#555;text-align:center">'
                + "<br>".join(_e(x) for x in doc.footer)
                + "</footer>"
            )
        html = (
            f'<!DOCTYPE html>\n<html lang="{self.lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{_e(doc.title)}</title>\n"
            f"<style>body{{font-family:{CSS_FONTS.get(doc.font, 'sans-serif')};"
            f"font-size:{doc.base + 4:.0f}px;color:#222}} .page{{max-width:{width};margin:20px auto}} "
            f"td,th{{padding:3px 6px;vertical-align:top}} h1,h2,h3{{margin:6px 0}} dt{{float:left;clear:left;"
            f'width:160px}} dd{{margin-left:170px}}</style>\n</head>\n<body>\n<div class="page">\n{header}\n'
            f"{body}\n{footer}\n</div>\n</body>\n</html>\n"
        )
        path.write_text(html, encoding="utf-8")


def write_html(doc: ir.Doc, path: Path, rng: random.Random, lang: str) -> None:
    _Writer(doc, rng, lang).write(path)
