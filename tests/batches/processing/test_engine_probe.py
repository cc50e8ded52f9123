"""Test connection against a real llama.cpp server, and the failures an operator must be told apart."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from batches.processing.engine_probe import engine_probe
from tests.batches.processing.llama_server import MODEL_ALIAS


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


class _Answers(BaseHTTPRequestHandler):
    """A server that answers every POST with one fixed status and body (``server.answer``)."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, body, kind = self.server.answer
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def answering():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def url(status: int, body: bytes, kind: str = "application/json") -> str:
        server.answer = (status, body, kind)
        return f"http://127.0.0.1:{server.server_port}/v1"

    yield url
    server.shutdown()
    server.server_close()


def test_a_real_llama_cpp_server_reports_its_model_latency_and_structured_output(llama_server):
    report = engine_probe(llama_server.config())
    assert report.error == ""
    assert report.model == MODEL_ALIAS
    assert 0 < report.latency_ms < 20_000
    # llama-cpp-python's server refuses json_schema (500 naming response_format) and takes json_object
    assert report.structured == "json_object"


def test_a_closed_port_is_a_clear_error_not_an_exception():
    port = _closed_port()
    report = engine_probe({"base_url": f"http://127.0.0.1:{port}/v1", "model": "m"})
    assert not report.ok
    assert report.error == (
        f"No answer from http://127.0.0.1:{port}/v1/chat/completions: the engine could not be reached "
        "(ConnectionError)."
    )


def test_a_refused_key_is_reported_with_the_servers_words(answering):
    url = answering(401, json.dumps({"error": {"message": "Incorrect API key provided"}}).encode())
    report = engine_probe({"base_url": url, "model": "m", "api_key": "sk-wrong"})
    assert report.error == "The endpoint answered 401 (the key was refused): Incorrect API key provided"


def test_an_answer_that_is_not_json_is_reported(answering):
    url = answering(200, b"<html>a login page</html>", "text/html")
    assert engine_probe({"base_url": url, "model": "m"}).error == "The engine's answer was not JSON."


def test_a_server_that_never_answers_is_a_timeout_message():
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen(4)  # accepts connections, never reads or answers
        port = listening.getsockname()[1]
        report = engine_probe({"base_url": f"http://127.0.0.1:{port}/v1", "model": "m", "timeout": 0.5})
    assert report.error == (
        f"No answer from http://127.0.0.1:{port}/v1/chat/completions: the engine did not answer within 0.5 s."
    )


def test_a_server_without_structured_output_is_reported_as_none(answering):
    # plain chat answers whatever is asked: its text is not the JSON object asked for
    chat = {"model": "plain-1", "choices": [{"message": {"content": "Sure! ok"}, "finish_reason": "stop"}]}
    report = engine_probe({"base_url": answering(200, json.dumps(chat).encode()), "model": "m"})
    assert (report.error, report.model, report.structured) == ("", "plain-1", "none")


def test_no_endpoint_configured_is_said_so():
    assert engine_probe({"base_url": ""}).error == "No endpoint is configured for the openai engine."
