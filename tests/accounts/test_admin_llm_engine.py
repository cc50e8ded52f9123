"""The operator's LLM engine page in the admin: the settings, and Test connection against a real server."""

from __future__ import annotations

import socket

import pytest

from tests.batches.factories import UserFactory
from tests.batches.processing.conftest import llama_server  # noqa: F401 (the real llama.cpp server)
from tests.batches.processing.llama_server import MODEL_ALIAS

pytestmark = pytest.mark.django_db
URL = "/admin/accounts/plan/llm-engine/"


def test_the_plans_page_links_the_llm_engine_page(admin_client):
    assert URL in admin_client.get("/admin/accounts/plan/").content.decode()


def test_the_page_shows_the_settings_without_the_key(admin_client, settings):
    settings.ENGINE_OPENAI_API_KEY = "sk-secret-123"
    page = admin_client.get(URL).content.decode()
    assert "sk-secret-123" not in page
    assert '<th scope="row">API key</th><td>set</td>' in page
    assert "Growth" in page  # the seeded plan that includes the LLM engine


def test_test_connection_shows_model_latency_and_structured_output(admin_client, settings, llama_server):  # noqa: F811
    settings.ENGINE_OPENAI_BASE_URL, settings.ENGINE_OPENAI_MODEL = llama_server.base_url, MODEL_ALIAS
    response = admin_client.post(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Connected to {llama_server.base_url}." in page
    assert f'<td id="test-model">{MODEL_ALIAS}</td>' in page
    latency = int(page.split('<td id="test-latency">')[1].split(" ms")[0])
    assert 0 < latency < 20_000
    assert "yes: json_schema refused, fell back to json_object with a schema" in page


def test_test_connection_to_a_closed_port_is_a_clear_message_not_a_500(admin_client, settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.ENGINE_OPENAI_BASE_URL = f"http://127.0.0.1:{port}/v1"
    response = admin_client.post(URL)
    assert response.status_code == 200
    assert (
        f"Test failed: No answer from http://127.0.0.1:{port}/v1/chat/completions: the engine could not be "
        "reached (ConnectionError)." in response.content.decode()
    )


def test_staff_without_the_plan_permission_may_not_open_it(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403
