"""A chat-completions server on 127.0.0.1 whose answers a test scripts: ``script(fields, text) -> dict``.

For the hybrid engine's tests on the labelled corpus, where a model's answers must be known
(the truth, or inventions) to measure what hybrid extraction keeps of them.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Script = Callable[[dict, str], dict]


def _schema(body: dict) -> dict:
    response_format = body["response_format"]
    if response_format["type"] == "json_schema":
        return response_format["json_schema"]["schema"]
    return response_format["schema"]


class ScriptedServer:
    """Answers each request with ``script(schema properties, the user's text)``; records requests."""

    def __init__(self, script: Script) -> None:
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(body)
                properties = _schema(body)["properties"]
                answer = script(properties, body["messages"][-1]["content"])
                payload = {
                    "choices": [
                        {
                            "message": {"role": "assistant", "content": json.dumps(answer)},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {
                        "prompt_tokens": len(body["messages"][-1]["content"]) // 4,
                        "completion_tokens": len(json.dumps(answer)) // 4,
                    },
                }
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def asked_fields(self) -> list[list[str]]:
        return [list(_schema(body)["properties"]) for body in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
