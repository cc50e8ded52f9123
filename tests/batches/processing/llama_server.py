"""A real OpenAI-compatible server for the engine's tests: llama-cpp-python's, on 127.0.0.1.

It serves the tiny model the tests write (``tiny_llama``), so nothing is downloaded; it runs
the llama.cpp inference and grammar-constrained sampling any real deployment would.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.batches.processing.tiny_llama import write_tiny_llama

MODEL_ALIAS = "tiny-llama"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LlamaServer:
    """``python -m llama_cpp.server`` with the tiny model; ``base_url`` ends in ``/v1``."""

    def __init__(self, folder: Path, *, n_ctx: int = 1024) -> None:
        model = write_tiny_llama(folder / "tiny-llama.gguf")
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.log = folder / f"llama-server-{self.port}.log"
        command = [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--model_alias",
            MODEL_ALIAS,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_ctx",
            str(n_ctx),
            "--n_threads",
            "1",
            "--n_threads_batch",
            "1",
            "--seed",
            "21",
            # a request arriving must wait for a streaming one, not cut it short
            "--interrupt_requests",
            "False",
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama server exited: {self.log.read_text(errors='replace')[-3000:]}")
            try:
                if requests.get(f"{self.base_url}/models", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"llama server did not start: {self.log.read_text(errors='replace')[-3000:]}")

    def config(self, **overrides) -> dict:
        """An ``engine_config`` pointing at this server."""
        return {"base_url": self.base_url, "model": MODEL_ALIAS, "timeout": 30, "max_retries": 1, **overrides}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
