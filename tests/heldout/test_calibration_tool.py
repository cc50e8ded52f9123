"""The calibration benchmark judges only the values a set's truth can judge."""

from __future__ import annotations

import json
from types import SimpleNamespace

from tests.benchmarks.calibration import judged_fields, pairs

EXACT = SimpleNamespace(infer_type=lambda name, value: "string", normalise=lambda kind, value: str(value))

TRUTH = {
    "s.pdf": {"document_type": "bank_statement", "fields": {"account_holder": "Ana Lima"}},
    "r.pdf": {"document_type": "receipt", "fields": {"merchant_name": "Padaria Sol"}},
}


def _reported(name: str, **values: str) -> dict:
    return {
        "filename": name,
        "data": values,
        "sources": {field: {"confidence": 0.95} for field in values},
    }


def test_a_field_the_schema_does_not_ask_for_is_counted_apart_and_one_it_asks_for_is_judged(tmp_path):
    (tmp_path / "prompts.json").write_text(
        json.dumps(
            {
                "_meta": {"seed": 1},
                "bank_statement": {"fields": ["account_holder", "closing_balance"]},
                "receipt": {"fields": ["merchant_name", "currency"]},
            }
        )
    )
    judged = judged_fields(tmp_path / "truth.json")
    results = [
        _reported("s.pdf", account_holder="Ana Lima", currency="BRL"),
        _reported("r.pdf", merchant_name="Padaria Sol", currency="BRL"),
    ]

    found, not_judged = pairs(TRUTH, results, EXACT, judged)

    assert not_judged == 1
    assert sorted(found) == [(0.95, False), (0.95, True), (0.95, True)]


def test_without_a_schema_every_reported_value_is_judged(tmp_path):
    results = [_reported("s.pdf", account_holder="Ana Lima", currency="BRL")]

    found, not_judged = pairs(TRUTH, results, EXACT, judged_fields(tmp_path / "truth.json"))

    assert not_judged == 0
    assert sorted(found) == [(0.95, False), (0.95, True)]
