"""Generate invoices printed by real producers, with their truth.

.venv/bin/python -m tests.officeset.generate OUT_DIR --seed N [--count 40] [--limit N]

Writes OUT_DIR/documents/os_NNN.pdf, OUT_DIR/truth.json, OUT_DIR/prompts.json and
OUT_DIR/printed.json (where each truth value was printed, for verify.py only).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.officeset.htmlkit import HtmlPage
from tests.officeset.invoice import Doc, Invoice, invoice_make, person_make
from tests.officeset.locales import REGIONS, REGIONS_BY_LANG
from tests.officeset.render import DocxJob, HtmlJob, produce
from tests.officeset.templates import TEMPLATES
from tests.officeset.templates.base import Template

LANGS = ("en", "fr", "nl", "de")


@dataclass(frozen=True)
class Planned:
    index: int
    lang: str
    template: Template


def plan_make(*, seed: int, count: int) -> list[Planned]:
    """Languages in equal turns; for each, the template of that language used least so far."""
    rng = random.Random(f"officeset-plan:{seed}")
    used: Counter[str] = Counter()
    plan = []
    langs: list[str] = []
    for index in range(1, count + 1):
        if not langs:
            langs = rng.sample(LANGS, len(LANGS))
        lang = langs.pop()
        options = [t for t in TEMPLATES if lang in t.langs]
        fewest = min(used[t.name] for t in options)
        template = rng.choice([t for t in options if used[t.name] == fewest])
        used[template.name] += 1
        plan.append(Planned(index, lang, template))
    return plan


def doc_make(*, seed: int, planned: Planned) -> Doc:
    rng = random.Random(f"officeset:{seed}:{planned.index}")
    template = planned.template
    region = REGIONS[rng.choice([r for r in REGIONS_BY_LANG[planned.lang] if template.allows(r)])]
    vendor = person_make(rng, region.lang) if template.vendor_is_person else ""
    invoice = invoice_make(rng=rng, region=region, shape=template.shape, vendor_name=vendor)
    return Doc.make(invoice, rng)


def truth_fields(invoice: Invoice) -> dict:
    money = lambda value: f"{value:.2f}"  # noqa: E731
    return {
        "invoice_number": invoice.number,
        "invoice_date": invoice.date.isoformat(),
        "due_date": invoice.due.isoformat(),
        "vendor_name": invoice.vendor.name,
        "customer_name": invoice.customer.name,
        "currency": invoice.region.currency,
        "subtotal": money(invoice.subtotal),
        "tax": money(invoice.tax),
        "total": money(invoice.total),
        "line_items": [
            {
                "description": li.description,
                "quantity": li.quantity,
                "unit_price": money(li.unit_price),
                "amount": money(li.amount),
            }
            for li in invoice.lines
        ],
    }


def truth_entry(doc: Doc, template: Template) -> dict:
    return {
        "document_type": "invoice",
        "fields": truth_fields(doc.inv),
        "format": "pdf",
        "layout": template.name,
        "language": doc.lang,
        "producer": template.producer.value,
        "variant": doc.inv.region.code,
        "features": {
            "items": len(doc.inv.lines),
            "tax_rates": len(doc.inv.tax_parts),
            "gross_prices": doc.inv.gross_prices,
            "discount": bool(doc.inv.discount),
            "shipping": bool(doc.inv.shipping),
            "date_style": doc.date_style,
            "money": doc.money.full(doc.inv.total).replace(doc.money.num(doc.inv.total), "N"),
        },
    }


def prompts_make(*, seed: int, count: int) -> dict:
    """The invoice entry and the mixed-batch prompt, worded as in the other held-out sets."""
    fields = [
        "invoice_number",
        "invoice_date",
        "due_date",
        "vendor_name",
        "customer_name",
        "currency",
        "subtotal",
        "tax",
        "total",
        "line_items",
    ]
    types = {
        "invoice_number": "string",
        "invoice_date": "date",
        "due_date": "date",
        "vendor_name": "string",
        "customer_name": "string",
        "currency": "currency",
        "subtotal": "money",
        "tax": "money",
        "total": "money",
        "line_items": "line_items",
    }
    rules = (
        "Return dates as YYYY-MM-DD, money amounts as plain numbers with two decimals (for example 1234.50, "
        "no currency sign or thousands separator), the currency as an ISO 4217 code (USD, EUR, ...), "
        "quantities and years as integers, and the phone number in international form (+14155550134)."
    )
    prompt = (
        "Extract the invoice number, invoice date, due date, vendor name, customer name, currency, subtotal, "
        "tax, total and the line items (description, quantity, unit price, amount)."
    )
    classify = (
        "Identify the document type (invoice, receipt, purchase_order, resume or bank_statement) and "
        "extract the fields for that type (for invoices: invoice number, invoice date, due date, vendor "
        "name, customer name, currency, subtotal, tax, total, line items; for receipts: merchant name, "
        "purchase date, total, payment method, currency; for purchase orders: purchase order number, order "
        "date, buyer, supplier, total, line items; for resumes: full name, email, phone, skills, years of "
        "experience; for bank statements: account holder, last four digits of the account number, statement "
        "period start, statement period end, opening balance, closing balance; line items have description, "
        "quantity, unit price and amount). " + rules
    )
    return {
        "_meta": {
            "generated_by": "python -m tests.officeset.generate",
            "seed": seed,
            "variant": "officeset",
            "documents": count,
        },
        "invoice": {
            "prompt": prompt,
            "prompt_strict": f"{prompt} {rules}",
            "fields": fields,
            "field_types": types,
            "line_item_fields": ["description", "quantity", "unit_price", "amount"],
            "line_item_field_types": {
                "description": "string",
                "quantity": "int",
                "unit_price": "money",
                "amount": "money",
            },
        },
        "_classify_and_extract": {
            "prompt": classify,
            "document_types": ["invoice", "receipt", "purchase_order", "resume", "bank_statement"],
        },
    }


def generate(*, out_dir: Path, seed: int, count: int, limit: int | None) -> dict:
    plan = plan_make(seed=seed, count=count)[:limit]
    documents = out_dir / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    truth, printed, html_jobs, docx_jobs = {}, {}, [], []
    for planned in plan:
        doc = doc_make(seed=seed, planned=planned)
        rendered = planned.template.render(doc)
        pdf = documents / f"os_{planned.index:03d}.pdf"
        if isinstance(rendered, HtmlPage):
            html_jobs.append(HtmlJob(rendered, pdf, doc.inv.region.page))
        else:
            docx_jobs.append(DocxJob(rendered, pdf))
        truth[pdf.name] = truth_entry(doc, planned.template)
        printed[pdf.name] = doc.marks
    produce(html_jobs, docx_jobs)
    _write_json(out_dir / "truth.json", truth)
    _write_json(out_dir / "printed.json", printed)
    _write_json(out_dir / "prompts.json", prompts_make(seed=seed, count=len(plan)))
    return truth


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--count", type=int, default=40, help="documents in the plan (default 40)")
    parser.add_argument("--limit", type=int, default=None, help="write only the first N of the plan")
    args = parser.parse_args()
    started = time.monotonic()
    truth = generate(out_dir=args.out_dir, seed=args.seed, count=args.count, limit=args.limit)
    tally = lambda key: dict(sorted(Counter(e[key] for e in truth.values()).items()))  # noqa: E731
    print(f"{len(truth)} invoices in {args.out_dir} ({time.monotonic() - started:.0f} s)")
    for key in ("layout", "language", "producer", "variant"):
        print(f"  {key}: {tally(key)}")


if __name__ == "__main__":
    main()
