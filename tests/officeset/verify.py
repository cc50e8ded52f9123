"""Check a generated set: the truth adds up, and every truth value is printed in its PDF as recorded.

.venv/bin/python -m tests.officeset.verify OUT_DIR

For each document: qty x unit price = amount, subtotal + tax = total (and the lines add up to the
subtotal where there is no discount, shipping or VAT-inclusive pricing); every printed form recorded in
printed.json is found in the PDF's text layer (pypdfium2, whitespace collapsed); each printed form read
back (dates in the four languages, amounts with any separators and currency) equals the truth value.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import pypdfium2

from tests.officeset.locales import MONTHS, MONTHS_AT

SPACES = re.compile(r"[\s\u00a0\u202f]+")
CURRENCIES = {"£": "GBP", "$": "USD", "€": "EUR", "GBP": "GBP", "USD": "USD", "EUR": "EUR", "CHF": "CHF"}
MONTH_NUMBER = {
    name.lower(): i % 12 + 1 for names in (*MONTHS.values(), MONTHS_AT) for i, name in enumerate(names)
}
MONTH_NUMBER.update({name[:3].lower(): i + 1 for i, name in enumerate(MONTHS["en"])})


def squash(text: str) -> str:
    """Collapse whitespace; pdfium writes U+FFFE for a hyphen that ends a line (``follow-`` / ``up``)."""
    return SPACES.sub(" ", text.replace("\ufffe", "-")).strip()


def printed_in(form: str, text: str) -> bool:
    """Whether the form is in the text; a narrow no-break space may leave no character in a text layer."""
    return squash(form) in text or squash(form.replace("\u202f", "")) in text


def pdf_text(path: Path) -> tuple[str, int]:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return squash(" ".join(page.get_textpage().get_text_range() for page in pdf)), len(pdf)
    finally:
        pdf.close()


def read_money(text: str) -> Decimal:
    """Read '1.234,56 €', '£1,234.56', "CHF 1'234.50", '-€5.00', '1 234,56 EUR' without knowing the locale."""
    negative = text.strip().startswith("-")
    body = re.sub(r"[^0-9.,]", "", text)
    match = re.fullmatch(r"(.*?)[.,](\d{2})", body)
    whole, cents = (match.group(1), match.group(2)) if match else (body, "00")
    value = Decimal(f"{re.sub(r'[^0-9]', '', whole) or '0'}.{cents}")
    return -value if negative else value


def read_currency(text: str) -> str:
    found = [code for sign, code in CURRENCIES.items() if sign in text]
    return found[0] if found else ""


def read_date(text: str, variant: str) -> dt.date:
    """Read the date styles of the four languages; numeric slashes are month-first only in en-US."""
    t = text.strip().lower().replace("1er", "1")
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", t):
        a, b = int(m[1]), int(m[2])
        month, day = (a, b) if variant == "en-US" else (b, a)
        return dt.date(int(m[3]), month, day)
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\.? (\w+) (\d{4})", t):
        return dt.date(int(m[3]), MONTH_NUMBER[m[2]], int(m[1]))
    if m := re.fullmatch(r"(\w+) (\d{1,2}), (\d{4})", t):
        return dt.date(int(m[3]), MONTH_NUMBER[m[1]], int(m[2]))
    raise ValueError(f"unreadable date {text!r}")


def read_quantity(text: str) -> int:
    number = re.match(r"\d+(?:[.,]\d+)?", text.strip())
    if not number:
        raise ValueError(f"unreadable quantity {text!r}")
    return int(Decimal(number[0].replace(",", ".")))


def arithmetic_errors(fields: dict, features: dict) -> list[str]:
    errors = []
    money = {k: Decimal(fields[k]) for k in ("subtotal", "tax", "total")}
    if money["subtotal"] + money["tax"] != money["total"]:
        errors.append(f"subtotal {money['subtotal']} + tax {money['tax']} != total {money['total']}")
    amounts = Decimal("0")
    for i, item in enumerate(fields["line_items"]):
        amount = Decimal(item["amount"])
        amounts += amount
        if Decimal(item["unit_price"]) * item["quantity"] != amount:
            errors.append(f"line {i}: {item['quantity']} x {item['unit_price']} != {amount}")
    plain = not (features["discount"] or features["shipping"] or features["gross_prices"])
    if plain and amounts != money["subtotal"]:
        errors.append(f"lines add up to {amounts}, subtotal is {money['subtotal']}")
    return errors


def _expected(fields: dict) -> dict[str, object]:
    expected: dict[str, object] = {k: v for k, v in fields.items() if k not in ("line_items", "currency")}
    for i, item in enumerate(fields["line_items"]):
        for key, value in item.items():
            expected[f"line{i}.{key}"] = value
    return expected


def _read_back(name: str, forms: list[str], variant: str) -> object:
    key = name.split(".")[-1]
    if key in ("invoice_date", "due_date"):
        return read_date(forms[0], variant).isoformat()
    if key == "tax":
        return f"{sum(read_money(f) for f in forms):.2f}"
    if key in ("subtotal", "total", "unit_price", "amount"):
        return f"{read_money(forms[0]):.2f}"
    if key == "quantity":
        return read_quantity(forms[0])
    return forms[0]


def document_errors(entry: dict, marks: dict[str, list[str]], text: str) -> list[str]:
    fields = entry["fields"]
    errors = arithmetic_errors(fields, entry["features"])
    for name, value in _expected(fields).items():
        forms = marks.get(name)
        if not forms:
            errors.append(f"{name}: never printed as a marked value")
            continue
        for form in forms:
            if not printed_in(form, text):
                errors.append(f"{name}: {form!r} not in the text layer")
        try:
            read = _read_back(name, forms, entry["variant"])
        except (ValueError, KeyError) as error:
            errors.append(f"{name}: {error}")
            continue
        if read != value:
            errors.append(f"{name}: printed {forms!r} reads as {read!r}, truth {value!r}")
    if read_currency(marks["total"][0]) != fields["currency"]:
        errors.append(f"currency: total printed as {marks['total'][0]!r}, truth {fields['currency']}")
    return errors


def verify(out_dir: Path) -> int:
    truth = json.loads((out_dir / "truth.json").read_text(encoding="utf-8"))
    printed = json.loads((out_dir / "printed.json").read_text(encoding="utf-8"))
    failures = 0
    pages = {}
    for name, entry in truth.items():
        text, pages[name] = pdf_text(out_dir / "documents" / name)
        errors = document_errors(entry, printed[name], text)
        failures += bool(errors)
        for error in errors:
            print(f"{name} ({entry['layout']}, {entry['variant']}, {entry['producer']}): {error}")
    multi = sum(1 for n in pages.values() if n > 1)
    print(
        f"{len(truth) - failures}/{len(truth)} documents verified; {multi} have more than one page "
        f"(max {max(pages.values())})"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(verify(Path(sys.argv[1] if len(sys.argv) > 1 else "var/os-tune")))
