"""The openai engine against a real llama.cpp server (llama-cpp-python, the tiny model the tests
write), and against a fake only for what a real server cannot be made to answer: 429 with
Retry-After, and 5xx."""

from __future__ import annotations

import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import requests
from jsonschema import Draft202012Validator, ValidationError

from batches.processing import ProcessingError, get_processor
from batches.processing import openai_engine as engine
from batches.processing.prompts import fields_for_prompt
from batches.processing.templates import TEMPLATES
from tests.batches.processing.strict_schema import strict_schema_problems

INVOICE_FIELDS = fields_for_prompt(TEMPLATES["invoice"])


class FakeChatServer:
    """Answers /chat/completions with the queued (status, headers), then with a JSON answer."""

    def __init__(self, replies: list[tuple[int, dict]], answer: dict) -> None:
        self.replies = list(replies)
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(
                    {
                        "path": self.path,
                        "body": body,
                        "auth": self.headers.get("Authorization"),
                        "at": time.monotonic(),
                    }
                )
                status, headers = outer.replies.pop(0) if outer.replies else (200, {})
                payload = (
                    {
                        "choices": [{"message": {"content": json.dumps(answer)}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 321, "completion_tokens": 45},
                    }
                    if status == 200
                    else {"error": {"message": "busy"}}
                )
                data = json.dumps(payload).encode()
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def chat_server(request):
    replies, answer = request.param
    server = FakeChatServer(replies, answer)
    yield server
    server.close()


def _config(server, **overrides) -> dict:
    return {
        "base_url": server.base_url,
        "model": "local-model",
        "api_key": "sk-test",
        "timeout": 5,
        **overrides,
    }


@pytest.mark.parametrize(
    "chat_server",
    [([(429, {"Retry-After": "3"}), (503, {})], {"invoice_number": "INV-1", "total": "10.00"})],
    indirect=True,
)
def test_429_waits_what_retry_after_asks_and_5xx_is_retried(chat_server):
    answer = engine.ask_for_fields("Invoice INV-1, total 10.00", INVOICE_FIELDS, _config(chat_server))
    assert answer.data == {"invoice_number": "INV-1", "total": "10.00"}
    assert answer.tokens == {"prompt": 321, "completion": 45}
    first, second, third = (r["at"] for r in chat_server.requests)
    assert second - first >= 3.0  # the server's Retry-After: a first backoff waits 2 s at most
    assert third - second < 3.0  # the 5xx: a second backoff, 2 s and jitter
    request = chat_server.requests[-1]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer sk-test"
    assert "INV-1" in request["body"]["messages"][1]["content"]


@pytest.mark.parametrize("chat_server", [([(429, {"Retry-After": "600"})] * 3, {})], indirect=True)
def test_retry_after_longer_than_the_cap_is_left_to_the_queue_at_once(chat_server):
    started = time.monotonic()
    with pytest.raises(ProcessingError) as excinfo:
        engine.ask_for_fields("Total: 1", INVOICE_FIELDS, _config(chat_server, max_retries=3))
    assert excinfo.value.code == "engine_rate_limited"
    assert excinfo.value.transient is True
    assert "600 s" in excinfo.value.message
    assert len(chat_server.requests) == 1
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("chat_server", [([(429, {})] * 10, {})], indirect=True)
def test_rate_limit_that_persists_is_a_transient_error(chat_server):
    with pytest.raises(ProcessingError) as excinfo:
        engine.ask_for_fields("Total: 1", INVOICE_FIELDS, _config(chat_server, max_retries=2))
    assert excinfo.value.code == "engine_rate_limited"
    assert excinfo.value.transient is True
    assert len(chat_server.requests) == 2


def test_unreachable_endpoint_is_engine_unavailable():
    with pytest.raises(ProcessingError) as excinfo:
        engine.ask_for_fields(
            "Total: 1", INVOICE_FIELDS, {"base_url": "http://127.0.0.1:9/v1", "timeout": 1, "max_retries": 1}
        )
    assert excinfo.value.code == "engine_unavailable"


# --- The real server --------------------------------------------------------------------------


def _recorded_posts(monkeypatch) -> list[dict]:
    """The request bodies the engine sends (and the status each got)."""
    sent: list[dict] = []
    post = requests.post

    def recording(url, json=None, **kwargs):
        response = post(url, json=json, **kwargs)
        sent.append({"body": json, "status": response.status_code, "text": response.text})
        return response

    monkeypatch.setattr(engine.requests, "post", recording)
    return sent


@pytest.mark.integration
def test_real_server_answers_in_the_schema_under_its_grammar(llama_server, monkeypatch):
    sent = _recorded_posts(monkeypatch)
    engine._dialects.clear()
    specs = fields_for_prompt("fields: invoice_number, total, page_count, line_items(description, quantity)")
    # given: a model whose weights are random; only the grammar can give it the schema's shape
    answer = engine.ask_for_fields("Invoice INV-7\nTotal: 10.00\n", specs, llama_server.config())
    # then: OpenAI's json_schema was refused by this server (a 500 naming response_format, at
    # once: not retried as a server error), which took the schema as json_object
    assert [s["status"] for s in sent] == [500, 200]
    assert sent[0]["body"]["response_format"]["type"] == "json_schema"
    assert sent[1]["body"]["response_format"] == {"type": "json_object", "schema": engine.schema_for(specs)}
    assert engine._dialects == {f"{llama_server.base_url}/chat/completions": "json_object"}
    # and the raw answer is the schema's object: every key, the integer an integer or null
    raw = json.loads(_last_content(llama_server, sent[1]["body"]))
    Draft202012Validator(engine.schema_for(specs)).validate(raw)
    assert list(raw) == ["invoice_number", "total", "page_count", "line_items"]
    assert answer.tokens["prompt"] > 50 and answer.tokens["completion"] > 10
    assert all(
        strict_schema_problems(
            s["body"]["response_format"].get("schema")
            or s["body"]["response_format"]["json_schema"]["schema"]
        )
        == []
        for s in sent
    )


def _last_content(server, body: dict) -> str:
    """The same request again (greedy decoding answers alike), for the raw text the engine parsed."""
    response = requests.post(f"{server.base_url}/chat/completions", json=body, timeout=30)
    return response.json()["choices"][0]["message"]["content"]


@pytest.mark.integration
def test_real_server_without_a_grammar_does_not_answer_in_the_schema(llama_server):
    # The control for the test above: the same model unconstrained writes no JSON object.
    specs = fields_for_prompt("fields: invoice_number, total")
    body = {
        "model": "tiny-llama",
        "temperature": 0,
        "max_tokens": 60,
        "messages": engine._messages("Invoice INV-7\nTotal: 10.00\n"),
    }
    content = requests.post(f"{llama_server.base_url}/chat/completions", json=body, timeout=30).json()
    text = content["choices"][0]["message"]["content"]
    with pytest.raises((json.JSONDecodeError, ValidationError)):
        Draft202012Validator(engine.schema_for(specs)).validate(json.loads(text))


@pytest.mark.integration
def test_document_over_the_context_window_is_cut_to_fit_and_said_so(llama_server, monkeypatch):
    sent = _recorded_posts(monkeypatch)
    engine._dialects.clear()
    text = "Invoice INV-7\n" + "Line of filler text for a long document.\n" * 120  # ~5,000 tokens > 2,048
    answer = engine.ask_for_fields(text, INVOICE_FIELDS, llama_server.config())
    # the dialect refused once, the window once (its numbers give the cut), then the answer
    assert [s["status"] for s in sent] == [500, 400, 200]
    requested = int(re.search(r"you requested (\d+) tokens", sent[1]["text"]).group(1))
    kept = int(len(text) * 2048 / requested * 0.75)  # a quarter of the window left for the answer
    assert [len(s["body"]["messages"][1]["content"]) for s in sent] == [len(text), len(text), kept]
    assert len(answer.warnings) == 1
    sent = int(answer.warnings[0].split()[3])
    assert 200 < sent < 2048 < len(text)
    assert answer.warnings[0] == f"only the first {sent} of {len(text)} characters were read by the model"
    assert 0 < answer.tokens["prompt"] < 2048


@pytest.mark.integration
def test_free_text_over_the_context_window_is_a_context_error(llama_server):
    messages = [{"role": "user", "content": "Write about this. " * 400}]
    with pytest.raises(ProcessingError) as excinfo:
        engine.complete_with_openai(messages, llama_server.config())
    assert excinfo.value.code == "engine_context_exceeded"
    assert excinfo.value.transient is False
    assert "maximum context length is 2048 tokens" in excinfo.value.message


@pytest.mark.integration
def test_concurrent_documents_each_get_their_own_answer(llama_server):
    prompt = "fields: invoice_number, total, ship_name"
    documents = [
        f"Invoice Number: INV-{n}\nShip name: Vessel {n}\nTotal: {n}0.00\n".encode() for n in range(6)
    ]

    def run(content: bytes):
        options = {
            "strategy": "global",
            "prompt": prompt,
            "engine": "openai",
            "engine_config": llama_server.config(),
        }
        result = get_processor("extract").process(content, filename="a.txt", options=options)
        return result.data, result.sources, result.meta["tokens"], result.meta.get("warnings")

    # given: each document's answer alone (greedy decoding: the same prompt, the same answer)
    alone = [run(content) for content in documents]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(run, documents))
    elapsed = time.monotonic() - started
    # then: six at once get the same answers, none another document's
    assert together == alone
    for n, (data, sources, tokens, _warnings) in enumerate(together):
        assert data["invoice_number"] == f"INV-{n}"  # builtin's, sure of it
        assert tokens["prompt"] > 0 and tokens["completion"] > 0
        assert sources["ship_name"].get("by") == "model" or data["ship_name"] == f"Vessel {n}"
    print(f"6 concurrent documents in {elapsed:.2f} s")


@pytest.mark.integration
def test_slow_answer_runs_into_the_timeout_as_a_transient_error(llama_server):
    # given: the server busy streaming a long text (it answers one request at a time)
    streaming, done = threading.Event(), threading.Event()
    body = {
        "model": "tiny-llama",
        "max_tokens": 1900,
        "stream": True,
        "messages": [{"role": "user", "content": "go"}],
    }

    def long_answer():
        url = f"{llama_server.base_url}/chat/completions"
        with requests.post(url, json=body, stream=True, timeout=120) as answer:
            for _chunk in answer.iter_lines():
                streaming.set()
                if done.is_set():
                    break  # hanging up ends the generation

    busy = threading.Thread(target=long_answer)
    busy.start()
    assert streaming.wait(timeout=30)
    started = time.monotonic()
    # when: a document is asked with a short timeout and two attempts
    with pytest.raises(ProcessingError) as excinfo:
        engine.ask_for_fields("Total: 1", INVOICE_FIELDS, llama_server.config(timeout=0.5, max_retries=2))
    elapsed = time.monotonic() - started
    done.set()
    busy.join()
    # then: both attempts waited their timeout; the queue will retry the document later
    assert excinfo.value.code == "engine_unavailable"
    assert excinfo.value.transient is True
    assert "did not answer within 0.5 s" in excinfo.value.message
    assert 1.0 <= elapsed < 5.0
