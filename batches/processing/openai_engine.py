"""The ``openai`` engine: any OpenAI-compatible chat-completions endpoint (hosted, vLLM, Ollama, llama.cpp).

The fields become a strict JSON schema the model must answer in. Two dialects carry it: OpenAI's
``response_format: {"type": "json_schema", ...}`` (OpenAI, vLLM, Ollama, llama.cpp's own server),
and ``{"type": "json_object", "schema": ...}`` (llama-cpp-python's server, which refuses the first
with a 500 naming ``response_format``). A server that refuses one is asked in the other, and the
dialect it took is remembered for its URL in this process.

429 and 5xx answers are retried with exponential backoff and jitter (tenacity), waiting what a
``Retry-After`` header asks for when it asks for at most ``MAX_RETRY_AFTER`` seconds; a longer
wait is left to the queue's own retry. A document too long for the model's context window is
cut to fit, from what the server says its window is, and the cut is reported.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from tenacity import RetryError, retry, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from batches.processing.base import ENGINE_ERROR, ENGINE_RATE_LIMITED, ENGINE_UNAVAILABLE, ProcessingError

MAX_INPUT_CHARS = 60_000
MAX_SCHEMA_PROPERTIES = 100  # a strict schema's limit on hosted APIs; more fields take more requests
MIN_DOCUMENT_CHARS = 200  # below this, a cut document is not worth asking about
MAX_RETRY_AFTER = 30.0  # seconds; a server asking for longer is retried by the queue instead
CONTEXT_EXCEEDED = "engine_context_exceeded"
JSON_TYPES = {"int": "integer", "list": "array"}
ITEM_COLUMNS = ["description", "quantity", "unit_price", "amount"]
SYSTEM_PROMPT = (
    "Extract the requested fields from the document. Copy each value as the document prints it; "
    "dates as YYYY-MM-DD, money as plain numbers with two decimals, currency as ISO 4217, phones in "
    "E.164. Use null when the document does not contain a field: never guess."
)


@dataclass
class Answer:
    """What the model said: the fields it filled, the tokens it cost, and what to tell the user."""

    data: dict[str, Any]
    tokens: dict[str, int]
    warnings: list[str] = field(default_factory=list)


def schema_for(specs: list) -> dict:
    """A strict schema: every object closed, every property required, absent values as null."""
    properties: dict[str, Any] = {}
    for spec in specs:
        if spec.children or spec.type == "line_items":
            columns = list(dict.fromkeys(c.name for c in spec.children if c.name)) or ITEM_COLUMNS
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


# --- HTTP -------------------------------------------------------------------------------------


class _Retryable(Exception):
    def __init__(self, status: int, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class _Refused(Exception):
    """A 4xx answer other than 429: the request itself was wrong for this server."""

    def __init__(self, status: int, message: str, body: dict) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.body = body


def _body(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _error_message(response: requests.Response) -> str:
    """The server's own words: OpenAI's ``error.message``, FastAPI's ``detail``, or the text."""
    body = _body(response)
    error = body.get("error")
    if isinstance(error, dict) and error.get("message"):
        return str(error["message"])[:500]
    if isinstance(error, str):
        return error[:500]
    if body.get("detail"):
        return json.dumps(body["detail"])[:500]
    return response.text[:500]


def _retry_after(response: requests.Response) -> float | None:
    """Seconds the server asks us to wait (a number or an HTTP date), or None."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    from datetime import UTC, datetime

    return max((moment - datetime.now(UTC)).total_seconds(), 0.0)


_backoff = wait_exponential_jitter(multiplier=0.5, max=20)


def _wait(retry_state) -> float:
    """The server's Retry-After when it gave one, else exponential backoff with jitter."""
    exc = retry_state.outcome.exception()
    if isinstance(exc, _Retryable) and exc.retry_after is not None:
        return exc.retry_after
    return _backoff(retry_state)


def _send(url: str, payload: dict, headers: dict, timeout: float) -> dict:
    try:
        response = requests.post(url, json=payload, headers=headers, timeout=timeout)
    except requests.Timeout as exc:
        raise _Retryable(0, f"the engine did not answer within {timeout:g} s") from exc
    except requests.RequestException as exc:
        raise _Retryable(0, f"the engine could not be reached ({exc.__class__.__name__})") from exc
    if response.status_code >= 500 and "response_format" in _error_message(response):
        # llama-cpp-python's server answers a response format it does not take with a 500
        raise _Refused(response.status_code, _error_message(response), _body(response))
    if response.status_code == 429 or response.status_code >= 500:
        wait = _retry_after(response)
        if wait is not None and wait > MAX_RETRY_AFTER:
            raise ProcessingError(
                ENGINE_RATE_LIMITED,
                f"The engine asked to wait {wait:.0f} s before the next request; retrying later.",
                transient=True,
            )
        raise _Retryable(response.status_code, f"the engine answered {response.status_code}", wait)
    if response.status_code >= 400:
        raise _Refused(response.status_code, _error_message(response), _body(response))
    try:
        return response.json()
    except ValueError as exc:
        raise ProcessingError(ENGINE_ERROR, "The engine's answer was not JSON.") from exc


def _post(url: str, payload: dict, headers: dict, timeout: float, attempts: int) -> dict:
    """POST with retries; raises ``_Refused`` for a 4xx, ``ProcessingError`` when retries run out."""
    call = retry(
        retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
        wait=_wait,
        stop=stop_after_attempt(attempts),
        reraise=False,
    )(_send)
    try:
        return call(url, payload, headers, timeout)
    except RetryError as exc:
        last = exc.last_attempt.exception()
        if getattr(last, "status", 0) == 429:
            raise ProcessingError(
                ENGINE_RATE_LIMITED, "The engine's rate limit was reached; retrying later.", transient=True
            ) from exc
        raise ProcessingError(
            ENGINE_UNAVAILABLE, f"The extraction engine is unavailable: {last}.", transient=True
        ) from exc


@dataclass(frozen=True)
class _Endpoint:
    url: str
    headers: dict
    model: str
    timeout: float
    attempts: int
    max_tokens: int

    @classmethod
    def from_config(cls, config: dict) -> _Endpoint:
        base_url = (config.get("base_url") or "").rstrip("/")
        if not base_url:
            raise ProcessingError(ENGINE_UNAVAILABLE, "No endpoint is configured for the openai engine.")
        api_key = config.get("api_key")
        return cls(
            url=f"{base_url}/chat/completions",
            headers={"Authorization": f"Bearer {api_key}"} if api_key else {},
            model=config.get("model") or "gpt-4o-mini",
            timeout=float(config.get("timeout") or 60),
            attempts=int(config.get("max_retries") or 4),
            max_tokens=int(config.get("max_output_tokens") or 0),
        )

    def post(self, payload: dict) -> dict:
        payload = {"model": self.model, **payload}
        if self.max_tokens:
            payload["max_tokens"] = min(self.max_tokens, payload.get("max_tokens") or self.max_tokens)
        return _post(self.url, payload, self.headers, self.timeout, self.attempts)


def _tokens(body: dict) -> dict[str, int]:
    usage = body.get("usage") or {}
    return {
        "prompt": int(usage.get("prompt_tokens") or 0),
        "completion": int(usage.get("completion_tokens") or 0),
    }


def _content(body: dict, *, whole: bool = True) -> str:
    """The answer's text; ``whole`` refuses one cut off at the token limit (half a JSON object)."""
    try:
        choice = body["choices"][0]
        content = choice["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise ProcessingError(ENGINE_ERROR, "The engine's answer held no message.") from exc
    if whole and choice.get("finish_reason") == "length":
        raise ProcessingError(ENGINE_ERROR, "The model's answer was cut off at its token limit.")
    if not isinstance(content, str):
        raise ProcessingError(ENGINE_ERROR, "The engine's answer held no text.")
    return content


# --- Structured output ------------------------------------------------------------------------

# The dialect each server took (base URL → dialect), learnt from a refusal of the other.
_dialects: dict[str, str] = {}
JSON_SCHEMA, JSON_OBJECT = "json_schema", "json_object"


def _response_format(dialect: str, schema: dict) -> dict:
    if dialect == JSON_OBJECT:
        return {"type": "json_object", "schema": schema}
    return {"type": "json_schema", "json_schema": {"name": "fields", "strict": True, "schema": schema}}


def _refused_dialect(refusal: _Refused) -> bool:
    """A refusal that names the response format: the server speaks the other dialect."""
    return "response_format" in refusal.message


# Servers' words for a prompt over the context window, and the numbers they give.
CONTEXT_WORDS = re.compile(r"context (?:window|length|size)|maximum context|context_length_exceeded", re.I)
WINDOW = re.compile(r"(?:context window of|maximum context length is|context size of|n_ctx\W+)\s*(\d+)", re.I)
REQUESTED = re.compile(r"(?:requested tokens \(|you requested |resulted in |n_prompt_tokens\W+)(\d+)", re.I)


def _context_exceeded(refusal: _Refused) -> bool:
    code = (
        (refusal.body.get("error") or {}).get("code") if isinstance(refusal.body.get("error"), dict) else None
    )
    return refusal.status == 400 and (
        code == "context_length_exceeded" or bool(CONTEXT_WORDS.search(refusal.message))
    )


def _fitting_length(refusal: _Refused, text: str) -> int:
    """How many characters of the document should fit, from the window and request the server named."""
    detail = refusal.message + " " + json.dumps(refusal.body)
    window, requested = WINDOW.search(detail), REQUESTED.search(detail)
    if not (window and requested) or int(requested.group(1)) <= 0:
        return len(text) // 2
    share = int(window.group(1)) / int(requested.group(1))
    return int(len(text) * min(share * 0.75, 0.9))  # a quarter of the window left for the answer


def _messages(text: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": text}]


def _ask(endpoint: _Endpoint, messages: list[dict[str, str]], schema: dict) -> dict:
    """One request in the dialect this server takes; a refusal of the dialect switches it once."""
    dialect = _dialects.get(endpoint.url, JSON_SCHEMA)
    payload = {"temperature": 0, "messages": messages}
    try:
        return endpoint.post({**payload, "response_format": _response_format(dialect, schema)})
    except _Refused as refusal:
        if not _refused_dialect(refusal):
            raise
        other = _dialects[endpoint.url] = JSON_OBJECT if dialect == JSON_SCHEMA else JSON_SCHEMA
        return endpoint.post({**payload, "response_format": _response_format(other, schema)})


def _refusal_error(refusal: _Refused) -> ProcessingError:
    return ProcessingError(
        ENGINE_ERROR, f"The engine refused the request ({refusal.status}): {refusal.message}"
    )


def _fit_and_ask(endpoint: _Endpoint, text: str, schema: dict) -> tuple[dict, int]:
    """The answer, and how many characters of the text were sent: cut until the model's window takes it."""
    document = text
    for _attempt in range(3):
        try:
            return _ask(endpoint, _messages(document), schema), len(document)
        except _Refused as refusal:
            if not _context_exceeded(refusal):
                raise _refusal_error(refusal) from refusal
            keep = _fitting_length(refusal, document)
            if keep < MIN_DOCUMENT_CHARS:
                raise ProcessingError(
                    CONTEXT_EXCEEDED,
                    f"The document does not fit the model's context window: {refusal.message}",
                ) from refusal
            document = document[:keep]
    raise ProcessingError(CONTEXT_EXCEEDED, "The document does not fit the model's context window.")


def _fields(body: dict, schema: dict) -> dict[str, Any]:
    try:
        data = json.loads(_content(body))
    except json.JSONDecodeError as exc:
        raise ProcessingError(ENGINE_ERROR, "The engine's answer was not the JSON asked for.") from exc
    if not isinstance(data, dict):
        raise ProcessingError(ENGINE_ERROR, "The engine's answer was not a JSON object.")
    return {k: v for k, v in data.items() if k in schema["properties"] and v not in (None, "", [])}


def _property_count(spec) -> int:
    return 1 + len(spec.children or (ITEM_COLUMNS if spec.type == "line_items" else []))


def _groups(specs: list) -> list[list]:
    """Specs in groups whose schemas stay within a strict schema's property limit."""
    groups: list[list] = [[]]
    for spec in specs:
        if (
            groups[-1]
            and sum(map(_property_count, groups[-1])) + _property_count(spec) > MAX_SCHEMA_PROPERTIES
        ):
            groups.append([])
        groups[-1].append(spec)
    return [g for g in groups if g]


def ask_for_fields(text: str, specs: list, config: dict) -> Answer:
    """Ask the model for the fields (raw, as it answered): one request per group of at most
    ``MAX_SCHEMA_PROPERTIES`` properties, the text cut to the model's window."""
    endpoint = _Endpoint.from_config(config)
    document = text[:MAX_INPUT_CHARS]
    answer = Answer({}, {"prompt": 0, "completion": 0})
    sent = len(document)
    for group in _groups(specs):
        schema = schema_for(group)
        body, fitted = _fit_and_ask(endpoint, document, schema)
        answer.data |= _fields(body, schema)
        answer.tokens = {k: answer.tokens[k] + v for k, v in _tokens(body).items()}
        sent = min(sent, fitted)
    if sent < len(text):
        answer.warnings.append(f"only the first {sent} of {len(text)} characters were read by the model")
    return answer


def cost_micro_usd(tokens: dict[str, int], model: str, prices: dict) -> int | None:
    """What the tokens cost in millionths of a US dollar, from prices per million tokens (None: unpriced)."""
    price = prices.get(model)
    if not price:
        return None
    return round(
        tokens.get("prompt", 0) * float(price["prompt"])
        + tokens.get("completion", 0) * float(price["completion"])
    )


def _refused(refusal: _Refused) -> ProcessingError:
    code = CONTEXT_EXCEEDED if _context_exceeded(refusal) else ENGINE_ERROR
    return ProcessingError(code, f"The engine refused the request ({refusal.status}): {refusal.message}")


def ask_structured(messages: list[dict[str, str]], schema: dict, config: dict) -> tuple[dict, dict]:
    """An answer in a strict schema (an article's outline); returns (the object, token usage)."""
    endpoint = _Endpoint.from_config(config)
    try:
        body = _ask(endpoint, messages, schema)
    except _Refused as refusal:
        raise _refused(refusal) from refusal
    try:
        data = json.loads(_content(body))
    except json.JSONDecodeError as exc:
        raise ProcessingError(ENGINE_ERROR, "The engine's answer was not the JSON asked for.") from exc
    if not isinstance(data, dict):
        raise ProcessingError(ENGINE_ERROR, "The engine's answer was not a JSON object.")
    return data, _tokens(body)


def complete_with_openai(
    messages: list[dict[str, str]], config: dict, *, max_tokens: int | None = None
) -> tuple[str, dict]:
    """Free text from the model (an article's section); returns (text, token usage)."""
    endpoint = _Endpoint.from_config(config)
    payload: dict[str, Any] = {"temperature": 0.7, "messages": messages}
    if max_tokens:
        payload["max_tokens"] = max_tokens
    try:
        body = endpoint.post(payload)
    except _Refused as refusal:
        raise _refused(refusal) from refusal
    text = _content(body, whole=False)
    if not text.strip():
        raise ProcessingError(ENGINE_ERROR, "The engine answered with empty text.")
    return text, _tokens(body)


def image_with_openai(prompt: str, config: dict) -> bytes:
    """A PNG from the OpenAI-compatible images endpoint (``image_model``), asked as base64.

    An answer that only gives a URL is refused rather than fetched: the workers download nothing
    a model names. Whatever format comes back is re-encoded as PNG by Pillow (whose pixel budget
    the workers set), so a stored image is always a PNG that opens.
    """
    import base64
    import binascii

    from PIL import Image, UnidentifiedImageError

    endpoint = _Endpoint.from_config(config)
    url = endpoint.url.rsplit("/chat/completions", 1)[0] + "/images/generations"
    payload = {
        "model": config.get("image_model"),
        "prompt": prompt[:4000],
        "n": 1,
        "size": config.get("image_size") or "1024x1024",
        "response_format": "b64_json",
    }
    try:
        body = _post(url, payload, endpoint.headers, endpoint.timeout, endpoint.attempts)
    except _Refused as refusal:
        raise _refused(refusal) from refusal
    try:
        encoded = body["data"][0]["b64_json"]
        image = Image.open(io.BytesIO(base64.b64decode(encoded, validate=True)))
        image.load()
    except (KeyError, IndexError, TypeError) as exc:
        raise ProcessingError(ENGINE_ERROR, "The images endpoint gave no base64 image (b64_json).") from exc
    except (binascii.Error, UnidentifiedImageError, OSError) as exc:
        raise ProcessingError(ENGINE_ERROR, "The images endpoint's answer was not an image.") from exc
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
