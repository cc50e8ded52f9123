"""How often a value reported at a confidence is right: a reliability table per confidence band.

.venv/bin/python tests/benchmarks/calibration.py TRUTH.json RESULTS.json [RESULTS.json ...]

RESULTS are the files ``score_dev.py`` / ``score_heldout.py`` write (data and sources per
document). Values are compared with the scorer's own normalisers (../shared/tools), so "right"
means what the F1 figures mean. The goal: values at confidence >= 0.9 right at least 90 % of the
time on documents the engine was not tuned on.
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


def pairs(truth: dict, results: list[dict], scorer) -> list[tuple[float, bool]]:
    """(confidence, right) for every scalar value the engine reported with a confidence."""
    out = []
    for record in results:
        expected = truth.get(Path(record["filename"]).name, {}).get("fields", {})
        for name, value in (record.get("data") or {}).items():
            source = (record.get("sources") or {}).get(name)
            if not isinstance(source, dict) or "confidence" not in source or isinstance(value, list | dict):
                continue
            kind = scorer.infer_type(name, expected.get(name, value))
            right = name in expected and scorer.normalise(kind, value) == scorer.normalise(
                kind, expected[name]
            )
            out.append((float(source["confidence"]), right))
    return out


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
    found = []
    for path in argv[1:]:
        data = json.loads(Path(path).read_text())
        found += pairs(truth, data["documents"] if isinstance(data, dict) else data, scorer)
    print(table(found))


if __name__ == "__main__":
    main(sys.argv[1:])
