"""The openai engine against a real HTTP server on 127.0.0.1 speaking chat completions."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from batches.processing import ProcessingError, get_processor


class FakeChatServer:
    """Answers /chat/completions with the queued statuses, then with a JSON answer."""

    def __init__(self, statuses: list[int], answer: dict) -> None:
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(
                    {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
                )
                status = outer.statuses.pop(0) if outer.statuses else 200
                payload = (
                    {"choices": [{"message": {"content": json.dumps(answer)}}],
                     "usage": {"prompt_tokens": 321, "completion_tokens": 45}}
                    if status == 200 else {"error": {"message": "busy"}}
                )  # fmt: skip
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
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
    statuses, answer = request.param
    server = FakeChatServer(statuses, answer)
    yield server
    server.close()


def _run(server: FakeChatServer, **config):
    return get_processor("extract").process(
        b"Invoice Number: INV-1\nTotal: $10.00\n",
        filename="a.txt",
        options={"strategy": "global", "prompt": "fields: invoice_number, total, line_items(description, quantity)",
                 "engine": "openai",
                 "engine_config": {"base_url": server.base_url, "model": "local-model", "api_key": "sk-test",
                                   "timeout": 5, **config}},
    )  # fmt: skip


@pytest.mark.parametrize(
    "chat_server",
    [([429, 503], {"invoice_number": "INV-1", "total": "10.00", "line_items": []})],
    indirect=True,
)
def test_schema_constrained_request_retried_on_429_and_5xx_with_usage(chat_server):
    result = _run(chat_server)
    assert result.data == {"invoice_number": "INV-1", "total": "10.00"}
    assert result.meta["tokens"] == {"prompt": 321, "completion": 45}
    assert len(chat_server.requests) == 3
    request = chat_server.requests[-1]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer sk-test"
    schema = request["body"]["response_format"]["json_schema"]["schema"]
    assert list(schema["properties"]) == ["invoice_number", "total", "line_items"]
    assert schema["properties"]["line_items"]["items"]["properties"]["quantity"]["type"] == [
        "integer",
        "null",
    ]
    assert "INV-1" in request["body"]["messages"][1]["content"]


@pytest.mark.parametrize("chat_server", [([429] * 10, {})], indirect=True)
def test_rate_limit_that_persists_is_a_transient_error(chat_server):
    with pytest.raises(ProcessingError) as excinfo:
        _run(chat_server, max_retries=2)
    assert excinfo.value.code == "engine_rate_limited"
    assert excinfo.value.transient is True
    assert len(chat_server.requests) == 2


def test_unreachable_endpoint_is_engine_unavailable():
    with pytest.raises(ProcessingError) as excinfo:
        get_processor("extract").process(
            b"Total: 1", filename="a.txt",
            options={"strategy": "global", "prompt": "fields: total", "engine": "openai",
                     "engine_config": {"base_url": "http://127.0.0.1:9/v1", "timeout": 1, "max_retries": 1}},
        )  # fmt: skip
    assert excinfo.value.code == "engine_unavailable"
