"""Check a generated set: the truth adds up, and every string the truth names is printed in the document.

    python -m tests.heldout.verify [OUT_DIR]

Arithmetic: qty x unit price = amount, the amounts add up to the subtotal, subtotal + tax = total,
due date >= invoice date, statement start <= end, ISO dates, two-decimal money, E.164 phones.
Presence (documents with a text layer: PDF, DOCX, HTML, TXT): identifiers, names, e-mail, skills,
payment method and item descriptions appear in the extracted text (case and spacing aside).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

MONEY = re.compile(r"^-?\d+\.\d{2}$")


def document_text(path: Path) -> str:
    ext = path.suffix.lower()
    if ext == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            parts = []
            for page in pdf:
                tp = page.get_textpage()
                parts.append(tp.get_text_range())
                tp.close()
                page.close()
            return "\n".join(parts)
        finally:
            pdf.close()
    if ext == ".docx":
        import docx

        d = docx.Document(str(path))
        parts = []

        def walk(container):
            for p in container.paragraphs:
                parts.append(p.text)
            for t in container.tables:
                for row in t.rows:
                    for cell in row.cells:
                        walk(cell)

        for sec in d.sections:
            walk(sec.header)
            walk(sec.footer)
        walk(d)
        return "\n".join(parts)
    if ext == ".html":
        raw = path.read_text(encoding="utf-8")
        raw = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", raw, flags=re.S)
        return html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return path.read_text(encoding="utf-8")


def squash(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).replace("\u2019", "'")
    return " ".join(s.split()).casefold()


def check_entry(name: str, e: dict) -> list[str]:  # noqa: C901
    errs = []
    f = e["fields"]
    kind = e["document_type"]

    def iso(key):
        try:
            return dt.date.fromisoformat(f[key])
        except (KeyError, ValueError):
            errs.append(f"{name}: {key} not an ISO date: {f.get(key)!r}")
            return None

    for k, v in f.items():
        if k in ("subtotal", "tax", "total", "opening_balance", "closing_balance") and not MONEY.match(v):
            errs.append(f"{name}: {k} not normalised money: {v!r}")
    if kind in ("invoice", "purchase_order"):
        items = f["line_items"]
        total = Decimal(0)
        for it in items:
            if not MONEY.match(it["amount"]) or not isinstance(it["quantity"], int):
                errs.append(f"{name}: bad item {it}")
                continue
            if "unit_price" in it and Decimal(it["unit_price"]) * it["quantity"] != Decimal(it["amount"]):
                errs.append(f"{name}: qty x price != amount in {it}")
            total += Decimal(it["amount"])
        if kind == "invoice":
            if total != Decimal(f["subtotal"]):
                errs.append(f"{name}: items {total} != subtotal {f['subtotal']}")
            if Decimal(f["subtotal"]) + Decimal(f["tax"]) != Decimal(f["total"]):
                errs.append(f"{name}: subtotal + tax != total")
            d1, d2 = iso("invoice_date"), iso("due_date")
            if d1 and d2 and d2 < d1:
                errs.append(f"{name}: due date before invoice date")
            if not re.fullmatch(r"[A-Z]{3}", f["currency"]):
                errs.append(f"{name}: currency {f['currency']!r}")
        else:
            iso("order_date")
            if Decimal(f["total"]) < total:
                errs.append(f"{name}: order total below the items")
    elif kind == "receipt":
        iso("date")
    elif kind == "bank_statement":
        d1, d2 = iso("statement_period_start"), iso("statement_period_end")
        if d1 and d2 and d1 > d2:
            errs.append(f"{name}: statement start after end")
        if not re.fullmatch(r"\d{4}", f["account_number_last4"]):
            errs.append(f"{name}: last4 {f['account_number_last4']!r}")
    elif kind == "resume":
        if not re.fullmatch(r"\+\d{8,15}", f["phone"]):
            errs.append(f"{name}: phone {f['phone']!r}")
        if not isinstance(f["years_experience"], int):
            errs.append(f"{name}: years {f['years_experience']!r}")
    return errs


PRINTED = {
    "invoice": ["invoice_number", "vendor_name", "customer_name"],
    "purchase_order": ["po_number", "buyer", "supplier"],
    "receipt": ["merchant_name", "payment_method"],
    "resume": ["full_name", "email"],
    "bank_statement": ["account_holder"],
}


def check_printed(name: str, e: dict, text: str) -> list[str]:
    errs = []
    hay = squash(text)
    f = e["fields"]
    wanted = [f[k] for k in PRINTED[e["document_type"]]]
    wanted += [it["description"] for it in f.get("line_items", [])]
    wanted += list(f.get("skills", []))
    if e["document_type"] == "bank_statement":
        masked = e.get("features", {}).get("masked", "")
        if re.sub(r"\D", "", masked)[-4:] != f["account_number_last4"]:
            errs.append(f"{name}: masked number {masked!r} does not end in {f['account_number_last4']}")
        wanted.append(masked)
    for w in wanted:
        # a wrapped cell or name may be split by other cells in a text layer: every word must still be there
        if squash(str(w)) not in hay and not all(squash(x) in hay for x in str(w).split()):
            errs.append(f"{name}: {w!r} not found in the text")
    return errs


def verify(out_dir: Path, presence: bool = True) -> list[str]:
    truth = json.loads((out_dir / "truth.json").read_text(encoding="utf-8"))
    errs: list[str] = []
    for name, e in truth.items():
        errs += check_entry(name, e)
        if presence and not e["format"].startswith("scan_"):
            errs += check_printed(name, e, document_text(out_dir / "documents" / name))
    return errs


def main(argv: list[str] | None = None) -> int:
    from .generate import DEFAULT_OUT

    args = argv if argv is not None else sys.argv[1:]
    out = Path(args[0]) if args else DEFAULT_OUT
    errs = verify(out)
    for x in errs:
        print(x)
    print(f"{len(errs)} problem(s)")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
