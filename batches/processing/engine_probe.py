"""Test connection: one small request to an OpenAI-compatible endpoint, as the engine sends it.

It says which model answered, how long the answer took, and which structured-output dialect the
server takes: ``json_schema`` (OpenAI, vLLM, Ollama, llama.cpp's ``llama-server``), else
``json_object`` with a schema (llama-cpp-python's server), else ``none`` (plain chat only). It
goes through the engine's own request function, once (no retries), so what it reports is what a
batch would meet; every failure becomes a sentence for the operator, never an exception.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from batches.processing.base import ProcessingError
from batches.processing.openai_engine import (
    JSON_OBJECT,
    JSON_SCHEMA,
    _content,
    _Endpoint,
    _Refused,
    _response_format,
    _Retryable,
    _send,
)

NONE = "none"
PROBE_TIMEOUT = 20.0  # seconds: an operator waits for the page
PROBE_SCHEMA = {
    "type": "object",
    "properties": {"status": {"type": "string"}},
    "required": ["status"],
    "additionalProperties": False,
}
PROBE_MESSAGES = [
    {"role": "system", "content": "Answer in JSON."},
    {"role": "user", "content": 'Reply with {"status": "ok"}.'},
]
# Answers that end the test at once: asking in another dialect cannot help.
FINAL_STATUSES = {
    401: "the key was refused",
    403: "the key may not use this model",
    404: "no such URL or model",
}


@dataclass(frozen=True)
class ProbeReport:
    """What the test found; ``error`` is empty when the endpoint answered."""

    base_url: str
    model: str = ""
    latency_ms: int | None = None
    structured: str = ""  # json_schema, json_object or none
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


class _Failed(Exception):
    """The endpoint cannot be used at all: unreachable, too slow, the key refused, not JSON."""


def engine_probe(config: dict) -> ProbeReport:
    """Ask the endpoint in ``config`` for a tiny JSON object, in each dialect until one is taken."""
    base_url = (config.get("base_url") or "").rstrip("/")
    try:
        endpoint = _Endpoint.from_config(config)
        return _probe(endpoint, base_url, timeout=min(endpoint.timeout, PROBE_TIMEOUT))
    except (ProcessingError, _Failed) as exc:
        return ProbeReport(base_url, error=getattr(exc, "message", None) or str(exc))


def _probe(endpoint: _Endpoint, base_url: str, *, timeout: float) -> ProbeReport:
    refusals: list[str] = []
    for dialect in (JSON_SCHEMA, JSON_OBJECT, NONE):
        payload = {"model": endpoint.model, "temperature": 0, "max_tokens": 64, "messages": PROBE_MESSAGES}
        if dialect != NONE:
            payload["response_format"] = _response_format(dialect, PROBE_SCHEMA)
        started = time.monotonic()
        refusal, body = _ask_once(endpoint, payload, timeout)
        if refusal:
            refusals.append(f"{dialect}: {refusal}")
            continue
        if dialect != NONE and not _is_json_object(body):
            refusals.append(f"{dialect}: the answer was not the JSON object asked for")
            continue
        return ProbeReport(
            base_url,
            model=str(body.get("model") or endpoint.model),
            latency_ms=round((time.monotonic() - started) * 1000),
            structured=dialect,
        )
    raise _Failed(f"The endpoint at {base_url} answered no request: {'; '.join(refusals)}.")


def _ask_once(endpoint: _Endpoint, payload: dict, timeout: float) -> tuple[str, dict]:
    """(why the request was refused, or "") and the answer; ``_Failed`` when no request can work."""
    try:
        return "", _send(endpoint.url, payload, endpoint.headers, timeout)
    except _Refused as refused:
        if refused.status in FINAL_STATUSES:
            raise _Failed(
                f"The endpoint answered {refused.status} ({FINAL_STATUSES[refused.status]}): "
                f"{refused.message}"
            ) from None
        return f"refused ({refused.status}): {refused.message[:200]}", {}
    except _Retryable as failed:
        if failed.status == 0:  # no answer at all: unreachable or too slow
            raise _Failed(f"No answer from {endpoint.url}: {failed}.") from None
        return f"answered {failed.status}", {}


def _is_json_object(body: dict) -> bool:
    try:
        return isinstance(json.loads(_content(body)), dict)
    except (ProcessingError, json.JSONDecodeError):
        return False
