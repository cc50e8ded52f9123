"""The ``extract`` processor: read the document, find the prompt's fields, say where each came from.

Strategies: ``global`` and ``per_document`` use the fields their prompt names; ``auto`` (or
a prompt that asks to identify the document type) classifies the document first and uses
that type's template. Engines: ``builtin`` (offline, deterministic) and ``openai`` (any
OpenAI-compatible chat-completions endpoint).
"""

from __future__ import annotations

from typing import Any

from batches.processing.base import ProcessorResult
from batches.processing.builtin.classify import OTHER, classify
from batches.processing.builtin.engine import extract_fields
from batches.processing.builtin.pairs import label_value_pairs
from batches.processing.builtin.readers import read
from batches.processing.prompts import fields_for_prompt, wants_classification
from batches.processing.templates import TEMPLATES


def prompt_fields(prompt: str) -> list[str]:
    return [spec.name for spec in fields_for_prompt(prompt)]


class ExtractProcessor:
    name = "extract"

    def process(self, content: bytes, *, filename: str, options: dict[str, Any]) -> ProcessorResult:
        document = read(content, filename)
        document_type, type_confidence = classify(document.text)
        prompt = options.get("prompt", "") or ""
        if options.get("strategy") == "auto" or wants_classification(prompt) or not prompt.strip():
            prompt = TEMPLATES.get(document_type, "")
        specs = fields_for_prompt(prompt)
        engine = options.get("engine") or "builtin"
        meta: dict[str, Any] = {"pages": len(document.pages), "engine": engine, "reader": document.kind,
                                "type_confidence": type_confidence, "ocr_pages": document.layout.ocr_pages}  # fmt: skip
        if engine == "openai":
            from batches.processing.openai_engine import extract_with_openai

            data, sources, usage = extract_with_openai(
                document.text, specs, options.get("engine_config") or {}
            )
            meta["tokens"] = usage
            warnings: list[str] = []
        elif not specs and document_type == OTHER:
            data, sources = label_value_pairs(document.layout)
            warnings = [] if data else ["no label/value pairs found in a document of no known type"]
        else:
            data, sources, warnings = extract_fields(document, specs)
        if warnings:
            meta["warnings"] = warnings
        return ProcessorResult(data=data, sources=sources, document_type=document_type, meta=meta)
