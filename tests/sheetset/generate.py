"""Generate the spreadsheet-made set: XLSX -> LibreOffice Calc -> PDF (a quarter of them scanned).

    python -m tests.sheetset.generate OUT_DIR --seed N [--count 48] [--limit N]

Writes OUT_DIR/documents/ss_NNN.<ext>, OUT_DIR/truth.json, OUT_DIR/prompts.json, OUT_DIR/printed.json (only
verify.py reads it) and OUT_DIR/sources/ (the XLSX and the PDFs the scans were made from; not scored).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .draw import draw_doc
from .model import Doc
from .prompts import prompts_document
from .regions import LANGUAGE_REGIONS, REGIONS
from .render import page_count, scan_pdf, xlsx_to_pdf
from .templates import TEMPLATES

LANGUAGES = ("en", "fr", "nl", "de", "es", "it", "pt")
SCANS = ("scan-png", "scan-jpeg", "scan-pdf")
EXTENSIONS = {"pdf": "pdf", "scan-pdf": "pdf", "scan-png": "png", "scan-jpeg": "jpg"}


@dataclass(frozen=True)
class Planned:
    index: int
    kind: str
    region: str
    template: str
    format: str

    @property
    def stem(self) -> str:
        return f"ss_{self.index:03d}"

    @property
    def name(self) -> str:
        return f"{self.stem}.{EXTENSIONS[self.format]}"


def plan(count: int, seed: int) -> list[Planned]:
    """Kinds 2:1, languages in turn, each language's regions in turn, the least used template next."""
    rng = random.Random(f"sheetset-plan-{seed}")
    lang_shift, scan_shift = rng.randrange(len(LANGUAGES)), rng.randrange(4)
    region_turn: Counter[str] = Counter()
    used: Counter[str] = Counter()
    scan_turn = rng.randrange(len(SCANS))
    out = []
    for i in range(count):
        kind = "purchase_order" if i % 3 == 2 else "invoice"
        language = LANGUAGES[(i + lang_shift) % len(LANGUAGES)]
        regions = LANGUAGE_REGIONS[language]
        region = regions[region_turn[language] % len(regions)]
        region_turn[language] += 1
        eligible = [t for t in TEMPLATES.values() if kind in t.kinds]
        fewest = min(used[t.name] for t in eligible)
        template = rng.choice([t for t in eligible if used[t.name] == fewest])
        used[template.name] += 1
        fmt = "pdf"
        if (i + scan_shift) % 4 == 3:
            fmt = SCANS[scan_turn % len(SCANS)]
            scan_turn += 1
            if template.pages > 1:
                fmt = "scan-pdf"
        out.append(Planned(i + 1, kind, region, template.name, fmt))
    return out


def build_docs(planned: list[Planned], seed: int, sources: Path) -> list[Doc]:
    docs = []
    for item in planned:
        template = TEMPLATES[item.template]
        doc = draw_doc(
            name=item.name,
            kind=item.kind,
            region=REGIONS[item.region],
            template=item.template,
            shape=template.shape,
            fmt=item.format,
            key=f"sheetset-{seed}-{item.index}",
        )
        sheet = template.build(doc)
        sheet.wb.save(sources / f"{item.stem}.xlsx")
        docs.append(doc)
    return docs


def truth_entry(doc: Doc, item: Planned) -> dict:
    return {
        "document_type": doc.kind,
        "fields": doc.truth_fields(),
        "format": item.format,
        "layout": item.template,
        "language": doc.language,
        "region": doc.region.key,
    }


def printed_entry(doc: Doc, item: Planned, pages: int) -> dict:
    return {
        "source": f"sources/{item.stem}.pdf",
        "pages": pages,
        "expected_pages": TEMPLATES[item.template].pages,
        "printed": doc.printed,
        "sums": {
            "goods": f"{doc.goods:.2f}",
            "discount": f"{doc.discount:.2f}",
            "shipping": f"{doc.shipping:.2f}",
            "subtotal": f"{doc.subtotal:.2f}",
            "tax": f"{doc.tax:.2f}",
            "total": f"{doc.total:.2f}",
            "paid": f"{doc.paid:.2f}",
            "tax_lines": [[f"{t.rate}", f"{t.base:.2f}", f"{t.tax:.2f}"] for t in doc.tax_lines],
            "line_discounts": [f"{line.discount}" for line in doc.lines],
        },
        "date_code": doc.date_code,
    }


def generate(out_dir: Path, *, seed: int, count: int, limit: int | None = None) -> dict:
    planned = plan(count, seed)[: limit or count]
    documents, sources = out_dir / "documents", out_dir / "sources"
    for folder in (documents, sources):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    docs = build_docs(planned, seed, sources)
    xlsx_to_pdf([sources / f"{item.stem}.xlsx" for item in planned], sources)
    truth, printed = {}, {}
    for doc, item in zip(docs, planned, strict=True):
        pdf = sources / f"{item.stem}.pdf"
        if item.format == "pdf":
            shutil.copyfile(pdf, documents / item.name)
            pages = page_count(pdf)
        else:
            rng = random.Random(f"sheetset-scan-{seed}-{item.index}")
            pages = scan_pdf(pdf, documents / item.name, item.format, rng)
        truth[item.name] = truth_entry(doc, item)
        printed[item.name] = printed_entry(doc, item, pages)
    meta = {
        "generated_by": "python -m tests.sheetset.generate",
        "seed": seed,
        "count": count,
        "documents": len(planned),
    }
    (out_dir / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n")
    (out_dir / "printed.json").write_text(json.dumps(printed, indent=1, ensure_ascii=False) + "\n")
    (out_dir / "prompts.json").write_text(
        json.dumps(prompts_document(meta), indent=1, ensure_ascii=False) + "\n"
    )
    return truth


def summary(truth: dict) -> str:
    lines = []
    for key in ("document_type", "language", "region", "layout", "format"):
        counts = Counter(entry[key] for entry in truth.values())
        lines.append(f"{key}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--count", type=int, default=48)
    parser.add_argument(
        "--limit", type=int, default=None, help="write only the first N documents of the plan"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    truth = generate(args.out_dir, seed=args.seed, count=args.count, limit=args.limit)
    print(summary(truth))
    print(f"{len(truth)} documents in {args.out_dir} ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
