"""Run the extract processor over a folder and write the JSON export shape for the scorer.

.venv/bin/python tests/benchmarks/score_dev.py ../shared/corpus/dev/documents out.json
    [--strategy auto|per_document]
python ../shared/tools/score_extraction.py ../shared/corpus/dev/truth.json out.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    from batches.processing import ProcessingError, get_processor  # after Django's setup below

    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("out")
    parser.add_argument("--strategy", default="auto", choices=["auto", "per_document"])
    parser.add_argument(
        "--prompts", default=str(Path(__file__).resolve().parents[3] / "shared/corpus/dev/prompts.json")
    )
    parser.add_argument(
        "--truth", default=str(Path(__file__).resolve().parents[3] / "shared/corpus/dev/truth.json")
    )
    args = parser.parse_args()
    prompts = json.loads(Path(args.prompts).read_text())
    truth = json.loads(Path(args.truth).read_text()) if args.strategy == "per_document" else {}
    processor = get_processor("extract")
    documents = []
    for path in sorted(Path(args.folder).iterdir()):
        prompt = prompts[truth[path.name]["document_type"]]["prompt"] if path.name in truth else ""
        started = time.perf_counter()
        try:
            result = processor.process(
                path.read_bytes(), filename=path.name, options={"strategy": args.strategy, "prompt": prompt}
            )
            record = {
                "filename": path.name,
                "status": "succeeded",
                "document_type": result.document_type,
                "data": result.data,
                "sources": result.sources,
                "error": None,
            }
        except ProcessingError as exc:
            record = {
                "filename": path.name,
                "status": "failed",
                "document_type": "",
                "data": {},
                "sources": {},
                "error": {"code": exc.code, "message": exc.message},
            }
        record["duration_ms"] = int((time.perf_counter() - started) * 1000)
        documents.append(record)
    Path(args.out).write_text(json.dumps({"documents": documents}, indent=1))


if __name__ == "__main__":
    import os

    import django

    sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the project's packages
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "batchsite.settings")
    django.setup()
    main()
