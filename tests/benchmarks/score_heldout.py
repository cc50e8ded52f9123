"""Score the extract processor on the held-out set (documents the engine's authors never saw).

    .venv/bin/python tests/benchmarks/score_heldout.py [--set var/heldout]
        [--strategies auto,per_document,global] [--jobs 2] [--regenerate] [--seed N]
        [--show-errors N] [--by-layout] [--ocr-cache DIR]

Generates the set with ``python -m tests.heldout.generate`` when SET/truth.json is missing (or with
--regenerate), then runs the processor over SET/documents like tests/benchmarks/score_dev.py does:

  auto          no prompt; the engine classifies each document
  per_document  the prompt of the document's true type, from SET/prompts.json
  global        invoices only, with the prompt GLOBAL_PROMPT; scored on the fields that prompt names

Results go to SET/results/<strategy>.json (the export shape the scorer reads) and a summary with every
figure to SET/results/summary.json. A document whose processing raises counts as missed (no fields,
no type). Scores come from ../shared/tools/score_extraction.py (micro-averaged field F1), computed
overall, per document type, per format and per language (per layout with --by-layout).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCORER = ROOT.parent / "shared" / "tools" / "score_extraction.py"
GLOBAL_PROMPT = "invoice number, invoice date, due date, currency, subtotal, tax and total"
GLOBAL_FIELDS = ["invoice_number", "invoice_date", "due_date", "currency", "subtotal", "tax", "total"]
STRATEGIES = ["auto", "per_document", "global"]


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"scorer not found: {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------------ running
_processor = None


def _init_worker():
    global _processor
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "batchsite.settings")
    import django

    django.setup()
    from batches.processing import get_processor

    _processor = get_processor("extract")
    if os.environ.get(OCR_CACHE_VARIABLE):
        _cache_tesseract(Path(os.environ[OCR_CACHE_VARIABLE]))


# Where --ocr-cache keeps Tesseract's output, passed to the worker processes.
OCR_CACHE_VARIABLE = "BATCHSITE_BENCH_OCR_CACHE"


def _cache_tesseract(directory: Path) -> None:
    """Tesseract's output for each image and setting kept in ``directory``, so that two engines
    (or two runs) compared on one set read the same words; the first reading has no deadline."""
    from batches.processing.layout import ocr

    directory.mkdir(parents=True, exist_ok=True)
    read = ocr._tesseract_run

    def cached(png: bytes, languages: str, deadline: float, *, mode=ocr.TESSERACT_PAGE_MODE, options=()):
        key = hashlib.sha256(png + repr((languages, mode, tuple(options))).encode()).hexdigest()
        kept = directory / key
        if not kept.exists():
            kept.write_text(read(png, languages, time.monotonic() + 600, mode=mode, options=options))
        return kept.read_text()

    ocr._tesseract_run = cached


def _run_one(job: tuple[str, str, str]) -> dict:
    path, strategy, prompt = job
    from batches.processing import ProcessingError

    name = Path(path).name
    started = time.perf_counter()
    try:
        result = _processor.process(
            Path(path).read_bytes(), filename=name, options={"strategy": strategy, "prompt": prompt}
        )
        record = {
            "filename": name,
            "status": "succeeded",
            "document_type": result.document_type,
            "data": result.data,
            "sources": result.sources,
            "error": None,
        }
    except ProcessingError as exc:
        record = {
            "filename": name,
            "status": "failed",
            "document_type": "",
            "data": {},
            "sources": {},
            "error": {"code": exc.code, "message": exc.message},
        }
    except Exception as exc:  # an engine bug: the document counts as missed, the run goes on
        record = {
            "filename": name,
            "status": "failed",
            "document_type": "",
            "data": {},
            "sources": {},
            "error": {"code": "exception", "message": f"{type(exc).__name__}: {exc}"},
        }
    record["duration_ms"] = int((time.perf_counter() - started) * 1000)
    return json.loads(json.dumps(record, default=str))


def run_strategy(strategy: str, docs: Path, truth: dict, prompts: dict, jobs: int) -> list[dict]:
    work = []
    for name in sorted(truth):
        kind = truth[name]["document_type"]
        if strategy == "global":
            if kind != "invoice":
                continue
            prompt = GLOBAL_PROMPT
        elif strategy == "per_document":
            prompt = prompts[kind]["prompt"]
        else:
            prompt = ""
        work.append((str(docs / name), "global" if strategy == "global" else strategy, prompt))
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker) as pool:
            return list(pool.map(_run_one, work, chunksize=2))
    _init_worker()
    return [_run_one(w) for w in work]


# ------------------------------------------------------------------------------------ scoring
def subset(truth: dict, key: str, value: str) -> dict:
    return {n: e for n, e in truth.items() if e.get(key) == value}


def global_truth(truth: dict) -> dict:
    out = {}
    for n, e in subset(truth, "document_type", "invoice").items():
        out[n] = {**e, "fields": {k: e["fields"][k] for k in GLOBAL_FIELDS}}
    return out


def group_scores(scorer, truth: dict, results: list[dict], by_layout: bool) -> dict:
    def one(t: dict) -> dict:
        rep = scorer.score(t, results)["overall"]
        return {
            k: rep[k]
            for k in ("documents", "type_accuracy", "precision", "recall", "f1", "tp", "truth", "predicted")
        }

    names = set(truth)
    failed = sum(1 for r in results if r.get("status") == "failed" and r["filename"] in names)
    report = {"overall": {**one(truth), "failed": failed}, "document_type": {}, "format": {}, "language": {}}
    keys = ["document_type", "format", "language"] + (["layout_by_type"] if by_layout else [])
    for key in keys:
        if key == "layout_by_type":
            values = sorted({f"{e['document_type']}/{e['layout']}" for e in truth.values()})
            report[key] = {
                v: one({n: e for n, e in truth.items() if f"{e['document_type']}/{e['layout']}" == v})
                for v in values
            }
            continue
        for v in sorted({e[key] for e in truth.values() if key in e}):
            report[key][v] = one(subset(truth, key, v))
    full = scorer.score(truth, results)
    report["fields"] = {
        kind: {f: s["f1"] for f, s in k["fields"].items()} for kind, k in full["kinds"].items()
    }
    return report


def print_table(reports: dict[str, dict], out=sys.stdout) -> None:
    strategies = list(reports)
    w = out.write
    labels = [
        v
        for r in reports.values()
        for sec in ("document_type", "format", "language", "layout_by_type")
        for v in r.get(sec, {})
    ]
    lw = max([24, *[len(v) + 4 for v in labels]])
    head = f"{'':<{lw}}{'docs':>5}" + "".join(f"{s:>15}" for s in strategies)
    w(head + "\n")
    w(f"{'':<{lw + 5}}" + "".join(f"{'F1':>7}{'type':>8}" for _ in strategies) + "\n")
    w("-" * len(head) + "\n")

    def row(label: str, get):
        docs = None
        cells = ""
        for s in strategies:
            g = get(reports[s])
            if g is None:
                cells += f"{'':>15}"
                continue
            docs = g["documents"] if docs is None else docs
            type_acc = f"{g['type_accuracy']:.2f}" if s == "auto" else "  -"
            cells += f"{g['f1']:>7.3f}{type_acc:>8}"
        w(f"{label:<{lw}}{docs if docs is not None else '':>5}{cells}\n")

    row("overall", lambda r: r["overall"])
    for section in ("document_type", "format", "language", "layout_by_type"):
        values = sorted({v for r in reports.values() for v in r.get(section, {})})
        if not values:
            continue
        w(f"{section.replace('_', ' ')}:\n")
        for v in values:
            row(f"  {v}", lambda r, v=v, section=section: r.get(section, {}).get(v))
    failed = ", ".join(f"{s} {reports[s]['overall']['failed']}" for s in strategies)
    w(f"documents that failed with an error (counted as missed): {failed}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--set", default=str(ROOT / "var" / "heldout"), help="generated set (default var/heldout)"
    )
    ap.add_argument("--strategies", default=",".join(STRATEGIES))
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--regenerate", action="store_true", help="generate the set again first")
    ap.add_argument("--seed", type=int, help="seed for generation (default: the generator's)")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N mismatches per strategy")
    ap.add_argument("--by-layout", action="store_true", help="also score per document type and layout")
    ap.add_argument(
        "--limit", type=int, help="only the first N documents (a quick check; scores are not comparable)"
    )
    ap.add_argument(
        "--ocr-cache",
        metavar="DIR",
        help="keep Tesseract's output per image in DIR: runs compared read the same words",
    )
    a = ap.parse_args(argv)
    if a.ocr_cache:
        os.environ[OCR_CACHE_VARIABLE] = str(Path(a.ocr_cache).resolve())
    sys.path.insert(0, str(ROOT))
    from tests.heldout.generate import DEFAULT_SEED, generate

    set_dir = Path(a.set)
    if a.regenerate or not (set_dir / "truth.json").exists() or not (set_dir / "documents").is_dir():
        started = time.perf_counter()
        generate(set_dir, a.seed if a.seed is not None else DEFAULT_SEED)
        print(f"generated {set_dir} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    truth = json.loads((set_dir / "truth.json").read_text(encoding="utf-8"))
    if a.limit:
        truth = dict(sorted(truth.items())[: a.limit])
    prompts = json.loads((set_dir / "prompts.json").read_text(encoding="utf-8"))
    scorer = load_scorer()
    out_dir = set_dir / "results"
    out_dir.mkdir(exist_ok=True)
    reports: dict[str, dict] = {}
    for strategy in [s.strip() for s in a.strategies.split(",") if s.strip()]:
        if strategy not in STRATEGIES:
            ap.error(f"unknown strategy {strategy!r}")
        started = time.perf_counter()
        results = run_strategy(strategy, set_dir / "documents", truth, prompts, a.jobs)
        took = time.perf_counter() - started
        (out_dir / f"{strategy}.json").write_text(
            json.dumps({"documents": results}, indent=1, ensure_ascii=False), encoding="utf-8"
        )
        t = global_truth(truth) if strategy == "global" else truth
        reports[strategy] = group_scores(scorer, t, results, a.by_layout)
        reports[strategy]["seconds"] = round(took, 1)
        print(
            f"{strategy}: {len(results)} documents in {took:.1f} s -> {out_dir / (strategy + '.json')}",
            file=sys.stderr,
        )
        if a.show_errors:
            rep = scorer.score(t, results, show_errors=True)
            for e in rep["errors"][: a.show_errors]:
                print(
                    f"  {strategy} {e['document']}: {e['field']}: "
                    f"truth={e['truth']!r} predicted={e['predicted']!r}"
                )
    (out_dir / "summary.json").write_text(json.dumps(reports, indent=1) + "\n", encoding="utf-8")
    print_table(reports)
    if "global" in reports:
        print(f"(global: invoices only, prompt {GLOBAL_PROMPT!r}, scored on {', '.join(GLOBAL_FIELDS)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
