"""The ``openai`` engine: any OpenAI-compatible chat-completions endpoint (hosted, vLLM, Ollama…).

The fields become a JSON schema the model must answer in (``response_format: json_schema``);
429 and 5xx answers are retried with exponential backoff and jitter (tenacity); usage is
returned so it can be recorded per document.
"""

from __future__ import annotations

import json
from typing import Any

import requests
from tenacity import RetryError, retry, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from batches.processing.base import ENGINE_ERROR, ENGINE_RATE_LIMITED, ENGINE_UNAVAILABLE, ProcessingError

MAX_INPUT_CHARS = 60_000
JSON_TYPES = {"int": "integer", "list": "array"}


def schema_for(specs: list) -> dict:
    properties: dict[str, Any] = {}
    for spec in specs:
        if spec.children or spec.type == "line_items":
            columns = [c.name for c in spec.children] or ["description", "quantity", "unit_price", "amount"]
            item = {
                "type": "object",
                "properties": {
                    c: {"type": ["integer", "null"] if c == "quantity" else ["string", "null"]}
                    for c in columns
                },
                "required": columns,
                "additionalProperties": False,
            }
            properties[spec.name] = {"type": "array", "items": item}
        elif spec.type == "list":
            properties[spec.name] = {"type": "array", "items": {"type": "string"}}
        else:
            properties[spec.name] = {"type": [JSON_TYPES.get(spec.type, "string"), "null"]}
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


class _Retryable(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _post(url: str, payload: dict, headers: dict, timeout: float, attempts: int) -> dict:
    @retry(
        retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
        wait=wait_exponential_jitter(multiplier=0.5, max=20),
        stop=stop_after_attempt(attempts),
        reraise=False,
    )
    def call() -> dict:
        try:
            response = requests.post(url, json=payload, headers=headers, timeout=timeout)
        except requests.RequestException as exc:
            raise _Retryable(0, f"the engine could not be reached ({exc.__class__.__name__})") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise _Retryable(response.status_code, f"the engine answered {response.status_code}")
        if response.status_code >= 400:
            raise ProcessingError(ENGINE_ERROR, f"The engine refused the request ({response.status_code}).")
        return response.json()

    try:
        return call()
    except RetryError as exc:
        last = exc.last_attempt.exception()
        status = getattr(last, "status", 0)
        if status == 429:
            raise ProcessingError(
                ENGINE_RATE_LIMITED, "The engine's rate limit was reached; retrying later.", transient=True
            ) from exc
        raise ProcessingError(
            ENGINE_UNAVAILABLE, f"The extraction engine is unavailable: {last}.", transient=True
        ) from exc


def extract_with_openai(text: str, specs: list, config: dict) -> tuple[dict, dict, dict]:
    """Ask the model for the fields; returns (data, sources, token usage)."""
    base_url = (config.get("base_url") or "").rstrip("/")
    if not base_url:
        raise ProcessingError(ENGINE_UNAVAILABLE, "No endpoint is configured for the openai engine.")
    payload = {
        "model": config.get("model") or "gpt-4o-mini",
        "temperature": 0,
        "messages": [
            {
                "role": "system",
                "content": "Extract the requested fields from the document. Dates as YYYY-MM-DD, money as plain "
                "numbers with two decimals, currency as ISO 4217, phones in E.164. Use null when a field is absent.",
            },
            {"role": "user", "content": text[:MAX_INPUT_CHARS]},
        ],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "fields", "strict": True, "schema": schema_for(specs)},
        },
    }
    headers = {"Authorization": f"Bearer {config.get('api_key', '')}"} if config.get("api_key") else {}
    body = _post(f"{base_url}/chat/completions", payload, headers, float(config.get("timeout") or 60),
                 int(config.get("max_retries") or 4))  # fmt: skip
    try:
        content = body["choices"][0]["message"]["content"]
        data = json.loads(content)
    except (KeyError, IndexError, TypeError, json.JSONDecodeError) as exc:
        raise ProcessingError(ENGINE_ERROR, "The engine's answer was not the JSON asked for.") from exc
    data = {k: v for k, v in data.items() if v not in (None, "", [])}
    usage = body.get("usage") or {}
    tokens = {"prompt": usage.get("prompt_tokens", 0), "completion": usage.get("completion_tokens", 0)}
    sources = {name: {"page": None, "snippet": "(from the model)", "confidence": 0.7} for name in data}
    return data, sources, tokens


def complete_with_openai(messages: list[dict[str, str]], config: dict) -> tuple[str, dict]:
    """Free text from the model (articles, stories); returns (text, token usage)."""
    base_url = (config.get("base_url") or "").rstrip("/")
    if not base_url:
        raise ProcessingError(ENGINE_UNAVAILABLE, "No endpoint is configured for the openai engine.")
    payload = {"model": config.get("model") or "gpt-4o-mini", "temperature": 0.7, "messages": messages}
    headers = {"Authorization": f"Bearer {config.get('api_key', '')}"} if config.get("api_key") else {}
    body = _post(f"{base_url}/chat/completions", payload, headers, float(config.get("timeout") or 60),
                 int(config.get("max_retries") or 4))  # fmt: skip
    try:
        text = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise ProcessingError(ENGINE_ERROR, "The engine's answer held no text.") from exc
    if not isinstance(text, str) or not text.strip():
        raise ProcessingError(ENGINE_ERROR, "The engine answered with empty text.")
    usage = body.get("usage") or {}
    return text, {"prompt": usage.get("prompt_tokens", 0), "completion": usage.get("completion_tokens", 0)}
