"""The held-out generator: deterministic, its truth adds up and is printed in the documents."""

from __future__ import annotations

import hashlib
import json

from tests.heldout.generate import KINDS, generate, plan
from tests.heldout.verify import verify

SAMPLE = 30  # the first documents of the plan: every kind, most formats, a few seconds


def _digest(root):
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((root / "documents").iterdir())
    }


def test_plan_covers_kinds_formats_languages():
    specs = plan(20240517)
    assert len(specs) == 200
    assert {s["kind"] for s in specs} == set(KINDS)
    assert {s["format"] for s in specs} == {"pdf", "docx", "html", "txt", "scan_png", "scan_jpeg", "scan_pdf"}
    assert {s["language"] for s in specs} == {"en", "fr", "de", "nl", "es", "it", "pt"}
    assert len({s["name"] for s in specs}) == 200


def test_sample_is_consistent_and_reproducible(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    truth = generate(a, limit=SAMPLE, jobs=1)
    assert len(truth) == SAMPLE
    assert verify(a) == []
    prompts = json.loads((a / "prompts.json").read_text())
    assert set(KINDS) <= set(prompts)
    for entry in truth.values():
        assert {"document_type", "fields", "format", "layout", "language", "variant"} <= set(entry)
    generate(b, limit=SAMPLE, jobs=1)
    assert (a / "truth.json").read_bytes() == (b / "truth.json").read_bytes()
    assert _digest(a) == _digest(b)
