"""The ``extract`` processor: read the document, find the prompt's fields, say where each came from.

Strategies: ``global`` and ``per_document`` use the fields their prompt names; ``auto`` (or
a prompt that asks to identify the document type) classifies the document first and uses
that type's template. Engines: ``builtin`` (offline, deterministic) and ``openai``, which is
hybrid: ``builtin`` first, then any OpenAI-compatible chat-completions endpoint for the fields
``builtin`` missed or was unsure of, each of its values grounded in the document (``hybrid``).
"""

from __future__ import annotations

from typing import Any

from batches.processing.base import ProcessorResult, step_reporter
from batches.processing.builtin.classify import OTHER, classify
from batches.processing.builtin.engine import extract_fields
from batches.processing.builtin.pairs import label_value_pairs
from batches.processing.builtin.readers import read
from batches.processing.layout.geometry import on_a_roll, wrapped_titles
from batches.processing.prompts import fields_for_prompt, wants_classification
from batches.processing.templates import TEMPLATES


def prompt_fields(prompt: str) -> list[str]:
    return [spec.name for spec in fields_for_prompt(prompt)]


class ExtractProcessor:
    name = "extract"

    def process(self, content: bytes, *, filename: str, options: dict[str, Any]) -> ProcessorResult:
        step = step_reporter(options)
        step("reading")
        document = read(content, filename, on_step=step)
        step("extracting")
        document_type, type_confidence = classify(
            document.text, roll=on_a_roll(document.layout), titles=tuple(wrapped_titles(document.layout))
        )
        prompt = options.get("prompt", "") or ""
        if options.get("strategy") == "auto" or wants_classification(prompt) or not prompt.strip():
            prompt = TEMPLATES.get(document_type, "")
        specs = fields_for_prompt(prompt)
        engine = options.get("engine") or "builtin"
        meta: dict[str, Any] = {
            "pages": len(document.pages),
            "engine": engine,
            "reader": document.kind,
            "type_confidence": type_confidence,
            "ocr_pages": document.layout.ocr_pages,
        }
        if not specs and document_type == OTHER:
            data, sources = label_value_pairs(document.layout)
            warnings = [] if data else ["no label/value pairs found in a document of no known type"]
        else:
            data, sources, warnings = extract_fields(document, specs)
        if engine == "openai":
            from batches.processing.hybrid import Extraction, hybrid_extract

            step("asking the LLM")
            hybrid = hybrid_extract(
                document, specs, Extraction(data, sources, warnings), options.get("engine_config") or {}
            )
            data, sources, warnings = hybrid.data, hybrid.sources, hybrid.warnings
            meta |= hybrid.meta
        if warnings:
            meta["warnings"] = warnings
        return ProcessorResult(data=data, sources=sources, document_type=document_type, meta=meta)
