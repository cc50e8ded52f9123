"""Check a generated set: the truth adds up, and every truth value is printed in the PDF's text layer.

    python -m tests.sheetset.verify OUT_DIR

For scans the text is read from the PDF they were made from (OUT_DIR/sources/). Each printed form must
also read back to the truth value (money with any separators, dates in the document's language), the page
count must be the template's, and no cell may print `###` or a formula error. Exits 1 on any failure.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from .regions import MONTHS, MONTHS_SHORT, REGIONS

HEADER_FIELDS = {
    "invoice": (
        "invoice_number",
        "invoice_date",
        "due_date",
        "vendor_name",
        "customer_name",
        "currency",
        "subtotal",
        "tax",
        "total",
    ),
    "purchase_order": ("po_number", "order_date", "buyer", "supplier", "total"),
}
MONEY_FIELDS = {"subtotal", "tax", "total"}
DATE_FIELDS = {"invoice_date", "due_date", "order_date"}
SIGNS = {"€": "EUR", "£": "GBP", "CHF": "CHF", "R$": "BRL", "$": "USD"}
SHEET_ERRORS = ("###", "Err:", "#VALUE!", "#NAME?", "#REF!", "#DIV/0!", "#N/A")
CENT = Decimal("0.01")


def normalise(text: str) -> str:
    text = re.sub("\ufffe\\s*", "-", text)
    text = text.replace("\xa0", " ").replace("\u202f", " ")
    return " ".join(text.split())


def pdf_text(path: Path) -> tuple[str, int]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf), len(pdf)
    finally:
        pdf.close()


def read_money(text: str) -> Decimal | None:
    digits = re.sub(r"[^\d.,'\s\-]", "", text.replace("\xa0", " ")).strip()
    match = re.search(r"[.,](\d{2})$", digits)
    if not match:
        return None
    whole = re.sub(r"\D", "", digits[: match.start()])
    sign = -1 if digits.startswith("-") else 1
    return sign * Decimal(f"{whole or 0}.{match.group(1)}")


def read_quantity(text: str) -> int | None:
    """`3`, `3,00`, `3.00`, `3 Stk.` -> 3."""
    match = re.match(r"(\d+)(?:[.,](\d+))?(?:\s+\S+)?$", text.strip())
    if not match or (match.group(2) and set(match.group(2)) != {"0"}):
        return None
    return int(match.group(1))


def read_date(text: str, region_key: str) -> dt.date | None:
    region = REGIONS[region_key]
    names: dict[str, int] = {}
    for table in (MONTHS, MONTHS_SHORT):
        for key in (region.month_key, region.language):
            for number, name in enumerate(table.get(key, "").split(), start=1):
                names.setdefault(name.lower(), number)
    tokens = re.findall(r"\d+|[^\W\d_]+", text)
    numbers = [t for t in tokens if t.isdigit()]
    month_words = [names[t.lower()] for t in tokens if t.lower() in names]
    try:
        if month_words:
            year = next(int(n) for n in numbers if len(n) == 4)
            day = next(int(n) for n in numbers if len(n) <= 2)
            return dt.date(year, month_words[0], day)
        a, b, c = (int(n) for n in numbers[:3])
        if len(numbers[0]) == 4:
            return dt.date(a, b, c)
        return dt.date(c, a, b) if region_key == "en-US" else dt.date(c, b, a)
    except (StopIteration, ValueError):
        return None


def check_arithmetic(name: str, truth: dict, sums: dict) -> list[str]:
    errors = []
    fields = truth["fields"]
    dec = {k: Decimal(v) for k, v in sums.items() if isinstance(v, str)}
    for item, discount in zip(fields["line_items"], sums["line_discounts"], strict=True):
        exact = item["quantity"] * Decimal(item["unit_price"]) * (1 - Decimal(discount) / 100)
        if exact.quantize(CENT, rounding=ROUND_HALF_UP) != Decimal(item["amount"]):
            errors.append(f"{name}: {item['description']!r}: quantity x price - discount != amount")
        if not isinstance(item["quantity"], int):
            errors.append(f"{name}: quantity {item['quantity']!r} is not an integer")
    if sum(Decimal(i["amount"]) for i in fields["line_items"]) != dec["goods"]:
        errors.append(f"{name}: the line amounts do not add up to the goods total")
    if dec["goods"] - dec["discount"] + dec["shipping"] != dec["subtotal"]:
        errors.append(f"{name}: goods - discount + shipping != subtotal")
    tax_lines = [(Decimal(r), Decimal(b), Decimal(t)) for r, b, t in sums["tax_lines"]]
    if any((b * r / 100).quantize(CENT, rounding=ROUND_HALF_UP) != t for r, b, t in tax_lines):
        errors.append(f"{name}: a tax line is not its base times its rate")
    if tax_lines and sum(b for _r, b, _t in tax_lines) != dec["subtotal"]:
        errors.append(f"{name}: the tax bases do not add up to the subtotal")
    if (
        sum((t for _r, _b, t in tax_lines), Decimal(0)) != dec["tax"]
        or dec["subtotal"] + dec["tax"] != dec["total"]
    ):
        errors.append(f"{name}: subtotal + tax != total")
    if Decimal(fields["total"]) != dec["total"]:
        errors.append(f"{name}: truth total {fields['total']} != {sums['total']}")
    if truth["document_type"] == "invoice":
        if (fields["subtotal"], fields["tax"]) != (sums["subtotal"], sums["tax"]):
            errors.append(f"{name}: truth subtotal/tax differ from the sums")
        if fields["due_date"] < fields["invoice_date"]:
            errors.append(f"{name}: due date before invoice date")
    return errors


def _readback(name: str, field: str, value, forms: list[str], region: str) -> list[str]:
    errors = []
    for form in forms:
        if field in MONEY_FIELDS or field in ("unit_price", "amount"):
            ok = read_money(form) == Decimal(value)
        elif field in DATE_FIELDS:
            ok = read_date(form, region) == dt.date.fromisoformat(value)
        elif field == "quantity":
            ok = read_quantity(form) == value
        elif field == "currency":
            ok = form == value or SIGNS.get(form) == value or (form == "$" and REGIONS[region].symbol == "$")
        else:
            ok = form == value
        if not ok:
            errors.append(f"{name}: {field} printed as {form!r} does not read back as {value!r}")
    return errors


def _shared_sign(name: str, fields: dict, printed: dict, region: str) -> list[str]:
    if (
        REGIONS[region].sign_is_shared
        and fields.get("currency")
        and fields["currency"] not in printed.get("currency", [])
    ):
        return [f"{name}: the sign $ is shared and the code {fields['currency']} is not printed"]
    return []


def check_printed(name: str, truth: dict, entry: dict, text: str) -> list[str]:
    errors = []
    fields, printed, region = truth["fields"], entry["printed"], truth["region"]
    haystack = normalise(text)
    for field in HEADER_FIELDS[truth["document_type"]]:
        forms = printed.get(field, [])
        if not forms:
            errors.append(f"{name}: no printed form recorded for {field}")
        errors += _readback(name, field, fields[field], forms, region)
        errors += [
            f"{name}: {field} {f!r} not in the text layer" for f in forms if normalise(f) not in haystack
        ]
    errors += _shared_sign(name, fields, printed, region)
    items, shown = fields["line_items"], printed.get("line_items", [])
    if len(items) != len(shown):
        errors.append(f"{name}: {len(items)} line items in the truth, {len(shown)} printed")
    for item, forms in zip(items, shown, strict=False):
        for key, form in forms.items():
            errors += _readback(name, key, item[key], [form], region)
            if normalise(form) not in haystack:
                errors.append(f"{name}: line item {key} {form!r} not in the text layer")
    errors += [f"{name}: the text layer shows {e!r}" for e in SHEET_ERRORS if e in text]
    return errors


def check_document(out_dir: Path, name: str, truth: dict, entry: dict) -> list[str]:
    document, source = out_dir / "documents" / name, out_dir / entry["source"]
    if not document.exists() or not source.exists():
        return [f"{name}: document or source PDF missing"]
    text, pages = pdf_text(source)
    errors = check_arithmetic(name, truth, entry["sums"]) + check_printed(name, truth, entry, text)
    if pages != entry["expected_pages"] or entry["pages"] != pages:
        errors.append(f"{name}: {pages} pages, the template makes {entry['expected_pages']}")
    if truth["format"] in ("scan-png", "scan-jpeg"):
        with Image.open(document) as image:
            image.verify()
    elif truth["format"] == "scan-pdf" and pdf_text(document)[1] != pages:
        errors.append(f"{name}: the scanned PDF lost pages")
    return errors


def verify(out_dir: Path) -> list[str]:
    truth = json.loads((out_dir / "truth.json").read_text())
    printed = json.loads((out_dir / "printed.json").read_text())
    errors = []
    for name in sorted(truth):
        errors += check_document(out_dir, name, truth[name], printed[name])
    return errors


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0] if args else "var/ss-tune")
    errors = verify(out_dir)
    total = len(json.loads((out_dir / "truth.json").read_text()))
    failed = {e.split(":")[0] for e in errors}
    for error in errors:
        print(error)
    print(f"{total - len(failed)}/{total} documents verified in {out_dir}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
