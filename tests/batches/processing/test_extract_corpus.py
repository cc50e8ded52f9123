"""The extract processor over the labelled corpus and the hostile inputs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from batches.processing import ProcessingError, get_processor
from tests.conftest import CORPUS

HOSTILE = CORPUS / "hostile"
MANIFEST = json.loads((HOSTILE / "manifest.json").read_text())["items"]
SCORER = CORPUS.parent / "tools" / "score_extraction.py"
DOCUMENT_ITEMS = [i for i in MANIFEST if not i["file"].endswith(".zip") and i["category"] not in ("svg",)]


def _run(folder, strategy: str, tmp_path):
    out = tmp_path / f"{strategy}.json"
    subprocess.run(
        [sys.executable, "tests/benchmarks/score_dev.py", str(folder), str(out), "--strategy", strategy],
        check=True,
        env={"PYTHONPATH": ".", "DJANGO_SETTINGS_MODULE": "tests.settings", **__import__("os").environ},
    )
    return out


@pytest.mark.parametrize("strategy", ["auto", "per_document"])
def test_dev_corpus_scores_at_least_095_f1_and_098_type_accuracy(strategy, tmp_path):
    out = _run(CORPUS / "dev" / "documents", strategy, tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            str(SCORER),
            str(CORPUS / "dev" / "truth.json"),
            str(out),
            "--min-f1",
            "0.95",
            "--min-type-accuracy",
            "0.98",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:]


@pytest.mark.parametrize("item", DOCUMENT_ITEMS, ids=lambda i: i["file"][:40])
def test_hostile_document_gets_its_expected_outcome(item):
    content = (HOSTILE / item["file"]).read_bytes()
    name = item.get("upload_filename") or item["file"]
    try:
        result = get_processor("extract").process(content, filename=name, options={"strategy": "auto"})
    except ProcessingError as exc:
        assert item["outcome"] in ("reject", "process_or_reject"), f"{item['file']} refused: {exc}"
        assert exc.code and len(exc.message) > 10
        return
    assert item["outcome"] in ("process", "process_or_reject"), (
        f"{item['file']} should be refused: {item['expected']}"
    )
    assert result.document_type


def test_hostile_truth_fields_are_extracted(tmp_path):
    out = _run(HOSTILE, "auto", tmp_path)
    result = subprocess.run(
        [sys.executable, str(SCORER), str(HOSTILE / "truth.json"), str(out), "--min-f1", "0.95"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:]
