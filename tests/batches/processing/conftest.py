"""Fixtures for the engine tests: a real llama.cpp server on 127.0.0.1 with the tiny model."""

from __future__ import annotations

import pytest

from tests.batches.processing.llama_server import LlamaServer


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory):
    """One llama-cpp-python server for the session (2048 tokens of context, one thread)."""
    server = LlamaServer(tmp_path_factory.mktemp("llama"), n_ctx=2048)
    yield server
    server.stop()
