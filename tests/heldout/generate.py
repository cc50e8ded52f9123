"""Generate the held-out extraction set.

    python -m tests.heldout.generate [OUT_DIR] [--seed N] [--limit N] [--jobs N]

Writes OUT_DIR/documents/ho_NNN.<ext> and, beside the folder, OUT_DIR/truth.json and
OUT_DIR/prompts.json in the corpus format (truth entries also carry language, variant, layout,
format, pages and features). OUT_DIR defaults to var/heldout in the repository (git-ignored).
The same seed always gives the same documents and truth.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import docs_bank, docs_commerce, docs_receipt, docs_resume, vocab
from .common import Ctx
from .render_docx import write_docx
from .render_html import write_html
from .render_pdf import write_pdf
from .render_txt import write_txt
from .scan import write_scan

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "var" / "heldout"
DEFAULT_SEED = 20240517
KINDS = ["invoice", "receipt", "purchase_order", "resume", "bank_statement"]
EXT = {
    "pdf": "pdf",
    "docx": "docx",
    "html": "html",
    "txt": "txt",
    "scan_png": "png",
    "scan_jpeg": "jpg",
    "scan_pdf": "pdf",
}
IMAGE_FORMATS = {"scan_png", "scan_jpeg"}
# documents per kind and format (200 in all)
PLAN = {
    "invoice": {"pdf": 20, "docx": 8, "html": 7, "txt": 6, "scan_png": 6, "scan_jpeg": 6, "scan_pdf": 7},
    "receipt": {"pdf": 10, "txt": 9, "html": 6, "scan_png": 5, "scan_jpeg": 6, "scan_pdf": 4},
    "purchase_order": {
        "pdf": 11,
        "docx": 7,
        "html": 5,
        "txt": 5,
        "scan_png": 2,
        "scan_jpeg": 2,
        "scan_pdf": 2,
    },
    "resume": {"pdf": 11, "docx": 9, "html": 5, "txt": 4, "scan_pdf": 2, "scan_png": 1},
    "bank_statement": {
        "pdf": 12,
        "html": 6,
        "txt": 5,
        "docx": 2,
        "scan_pdf": 4,
        "scan_png": 2,
        "scan_jpeg": 3,
    },
}
LAYOUTS = {
    "invoice": docs_commerce.INVOICE_LAYOUTS,
    "purchase_order": docs_commerce.PO_LAYOUTS,
    "receipt": docs_receipt.RECEIPT_LAYOUTS,
    "resume": docs_resume.RESUME_LAYOUTS,
    "bank_statement": docs_bank.BANK_LAYOUTS,
}
LONG_SHARE = {"invoice": 0.15, "purchase_order": 0.12, "bank_statement": 0.25, "receipt": 0.0, "resume": 0.0}

STRICT = (
    " Return dates as YYYY-MM-DD, money amounts as plain numbers with two decimals (for example 1234.50, no "
    "currency sign or thousands separator), the currency as an ISO 4217 code (USD, EUR, ...), quantities and "
    "years as integers, and the phone number in international form (+14155550134)."
)
LINE_ITEM_TYPES = {"description": "string", "quantity": "int", "unit_price": "money", "amount": "money"}
PROMPTS = {
    "invoice": (
        "Extract the invoice number, invoice date, due date, vendor name, customer name, currency, subtotal, "
        "tax, total and the line items (description, quantity, unit price, amount).",
        {
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
        },
    ),
    "receipt": (
        "Extract the merchant name, the purchase date, the total paid, the payment method and the currency.",
        {
            "merchant_name": "string",
            "date": "date",
            "total": "money",
            "payment_method": "string",
            "currency": "currency",
        },
    ),
    "purchase_order": (
        "Extract the purchase order number, order date, buyer, supplier, order total and the line items "
        "(description, quantity, unit price, amount).",
        {
            "po_number": "string",
            "order_date": "date",
            "buyer": "string",
            "supplier": "string",
            "total": "money",
            "line_items": "line_items",
        },
    ),
    "resume": (
        "Extract the candidate's full name, email address, phone number, list of skills and total years of "
        "experience.",
        {
            "full_name": "string",
            "email": "email",
            "phone": "phone",
            "skills": "string_list",
            "years_experience": "int",
        },
    ),
    "bank_statement": (
        "Extract the account holder, the last four digits of the account number, the statement period "
        "start and end dates, and the opening and closing balances.",
        {
            "account_holder": "string",
            "account_number_last4": "last4",
            "statement_period_start": "date",
            "statement_period_end": "date",
            "opening_balance": "money",
            "closing_balance": "money",
        },
    ),
}
CLASSIFY = (
    "Identify the document type (invoice, receipt, purchase_order, resume or bank_statement) and extract "
    "the fields for that type (for invoices: invoice number, invoice date, due date, vendor name, "
    "customer name, currency, subtotal, tax, total, line items; for receipts: merchant name, purchase "
    "date, total, payment method, currency; for purchase orders: purchase order number, order date, "
    "buyer, supplier, total, line items; for resumes: full name, email, phone, skills, years of "
    "experience; for bank statements: account holder, last four digits of the account number, statement "
    "period start, statement period end, opening balance, closing balance; line items have description, "
    "quantity, unit price and amount)." + STRICT
)


def prompts_json(seed: int, count: int) -> dict:
    out: dict = {
        "_meta": {
            "generated_by": "python -m tests.heldout.generate",
            "seed": seed,
            "variant": "heldout",
            "documents": count,
        }
    }
    for kind in KINDS:
        prompt, types = PROMPTS[kind]
        entry = {
            "prompt": prompt,
            "prompt_strict": prompt + STRICT,
            "fields": list(types),
            "field_types": types,
        }
        if "line_items" in types:
            entry["line_item_fields"] = list(LINE_ITEM_TYPES)
            entry["line_item_field_types"] = LINE_ITEM_TYPES
        out[kind] = entry
    out["_classify_and_extract"] = {"prompt": CLASSIFY, "document_types": KINDS}
    return out


def plan(seed: int) -> list[dict]:
    """Which kind, format, language, regional variant and layout each document gets."""
    rng = random.Random(f"heldout-plan:{seed}")
    specs = []
    for kind in KINDS:
        fmts = [f for f, n in PLAN[kind].items() for _ in range(n)]
        rng.shuffle(fmts)
        langs = [vocab.LANGS[i % len(vocab.LANGS)] for i in range(len(fmts))]
        rng.shuffle(langs)
        layouts = [LAYOUTS[kind][i % len(LAYOUTS[kind])] for i in range(len(fmts))]
        rng.shuffle(layouts)
        for f, lang, layout in zip(fmts, langs, layouts, strict=True):
            names, weights = zip(*vocab.VARIANTS[lang], strict=True)
            variant = rng.choices(names, weights=weights)[0]
            long = f not in IMAGE_FORMATS and rng.random() < LONG_SHARE[kind]
            specs.append(
                {
                    "kind": kind,
                    "format": f,
                    "language": lang,
                    "variant": variant,
                    "layout": layout,
                    "long": long,
                }
            )
    rng.shuffle(specs)
    for i, s in enumerate(specs, 1):
        s["name"] = f"ho_{i:03d}.{EXT[s['format']]}"
        s["seed"] = f"{seed}:{i}:{s['kind']}:{s['variant']}"
    return specs


BUILDERS = {
    "invoice": lambda ctx, layout, long: docs_commerce.build(ctx, "invoice", layout, long),
    "purchase_order": lambda ctx, layout, long: docs_commerce.build(ctx, "purchase_order", layout, long),
    "receipt": docs_receipt.build,
    "resume": docs_resume.build,
    "bank_statement": docs_bank.build,
}


def make_one(spec: dict, docs_dir: str) -> tuple[str, dict]:
    out = Path(docs_dir) / spec["name"]
    fmt_name = spec["format"]
    with tempfile.TemporaryDirectory(prefix="heldout-") as tmp:
        for attempt in range(8):
            rng = random.Random(f"{spec['seed']}:{attempt}")
            ctx = Ctx(spec["variant"], rng, fmt_name)
            doc, fields = BUILDERS[spec["kind"]](ctx, spec["layout"], spec["long"])
            pages = None
            if fmt_name == "pdf":
                pages = write_pdf(doc, out)
            elif fmt_name == "docx":
                write_docx(doc, out, rng)
            elif fmt_name == "html":
                write_html(doc, out, rng, ctx.lang)
            elif fmt_name == "txt":
                write_txt(doc, out, rng)
            else:
                pdf = Path(tmp) / "page.pdf"
                pages = write_pdf(doc, pdf)
                if fmt_name in IMAGE_FORMATS and pages > 1:
                    continue  # a single image holds one page: draw this document again
                write_scan(pdf, out, fmt_name, rng, receipt=doc.page == "receipt")
            break
        else:
            raise RuntimeError(f"{spec['name']}: no one-page draw")
    entry = {
        "document_type": spec["kind"],
        "fields": fields,
        "format": fmt_name,
        "layout": spec["layout"],
        "language": spec["language"],
        "variant": spec["variant"],
        "font": doc.font,
    }
    if pages is not None:
        entry["pages"] = pages
    entry["features"] = ctx.features
    return spec["name"], entry


def generate(out_dir: Path, seed: int = DEFAULT_SEED, limit: int | None = None, jobs: int = 2) -> dict:
    specs = plan(seed)
    if limit:
        specs = specs[:limit]
    docs = out_dir / "documents"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(make_one, specs, [str(docs)] * len(specs), chunksize=4))
    else:
        results = [make_one(s, str(docs)) for s in specs]
    truth = dict(sorted(results))
    (out_dir / "truth.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out_dir / "prompts.json").write_text(
        json.dumps(prompts_json(seed, len(truth)), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", default=str(DEFAULT_OUT))
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--limit", type=int, help="only the first N documents of the plan (for quick checks)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    a = ap.parse_args(argv)
    started = time.perf_counter()
    truth = generate(Path(a.out), a.seed, a.limit, a.jobs)
    took = time.perf_counter() - started
    by = {k: Counter(e[k] for e in truth.values()) for k in ("document_type", "format", "language")}
    print(f"{len(truth)} documents in {Path(a.out) / 'documents'} ({took:.1f} s, seed {a.seed})")
    for k, c in by.items():
        print(f"  {k}: " + ", ".join(f"{n} {v}" for v, n in sorted(c.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
