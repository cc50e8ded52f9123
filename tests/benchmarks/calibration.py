"""How often a value reported at a confidence is right: a reliability table per confidence band.

.venv/bin/python tests/benchmarks/calibration.py TRUTH.json RESULTS.json [RESULTS.json ...]

RESULTS are the files ``score_dev.py`` / ``score_heldout.py`` write (data and sources per
document). Values are compared with the scorer's own normalisers (../shared/tools), so "right"
means what the F1 figures mean. The goal: values at confidence >= 0.9 right at least 90 % of the
time on documents the engine was not tuned on.

Only a value the truth can judge is counted: one of the fields the set's ``prompts.json`` (beside
TRUTH) lists for the document's type, or one its truth has. Batchsite's templates ask for more than
the corpus's schema (a statement's or an order's currency); such a value is counted apart, as not
judged: the truth leaves it out because nobody asked, not because the document does not print it.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

BANDS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]


def _scorer():
    path = Path(__file__).resolve().parents[3] / "shared/tools/score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def judged_fields(truth_path: Path) -> dict[str, set[str]]:
    """The fields the set's truth can judge, per document type (from its ``prompts.json``)."""
    prompts = truth_path.parent / "prompts.json"
    if not prompts.exists():
        return {}
    listed = json.loads(prompts.read_text())
    return {
        kind: set(entry["fields"])
        for kind, entry in listed.items()
        if isinstance(entry, dict) and "fields" in entry
    }


def pairs(
    truth: dict, results: list[dict], scorer, judged: dict[str, set[str]] | None = None
) -> tuple[list[tuple[float, bool]], int]:
    """(confidence, right) for every scalar value the truth can judge; and how many it cannot."""
    out, not_judged = [], 0
    for record in results:
        entry = truth.get(Path(record["filename"]).name, {})
        expected = entry.get("fields", {})
        schema = (judged or {}).get(entry.get("document_type"))
        for name, value in (record.get("data") or {}).items():
            source = (record.get("sources") or {}).get(name)
            if not isinstance(source, dict) or "confidence" not in source or isinstance(value, list | dict):
                continue
            if schema is not None and name not in schema and name not in expected:
                not_judged += 1
                continue
            kind = scorer.infer_type(name, expected.get(name, value))
            right = name in expected and scorer.normalise(kind, value) == scorer.normalise(
                kind, expected[name]
            )
            out.append((float(source["confidence"]), right))
    return out, not_judged


def table(found: list[tuple[float, bool]]) -> str:
    rows = ["confidence   values   right"]
    for low, high in BANDS:
        band = [right for confidence, right in found if low <= confidence < high]
        share = f"{sum(band) / len(band):.3f}" if band else "  -  "
        rows.append(f"{low:.1f}-{min(high, 1.0):.1f}    {len(band):6d}   {share}")
    return "\n".join(rows)


def main(argv: list[str]) -> None:
    scorer = _scorer()
    truth = json.loads(Path(argv[0]).read_text())
    judged = judged_fields(Path(argv[0]))
    found, not_judged = [], 0
    for path in argv[1:]:
        data = json.loads(Path(path).read_text())
        these, unjudged = pairs(truth, data["documents"] if isinstance(data, dict) else data, scorer, judged)
        found += these
        not_judged += unjudged
    print(table(found))
    print(f"not judged (fields the truth's schema does not ask for): {not_judged}")


if __name__ == "__main__":
    main(sys.argv[1:])
