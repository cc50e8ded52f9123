"""The wizard's field preview: POST /batches/prompt-fields.json answers the fields a prompt yields."""

from __future__ import annotations

import pytest
from django.urls import reverse

from batches.forms import PROMPT_MAX_CHARS
from tests.batches.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fields(client, prompt: str):
    return client.post(reverse("batches:prompt_fields"), {"prompt": prompt}, HTTP_ACCEPT="application/json")


def test_natural_wording_yields_its_fields_in_order_with_types_and_columns(client):
    client.force_login(UserFactory())
    prompt = "Extract the invoice number, date, total and the line items (description, amount)"
    response = _fields(client, prompt)
    assert response.status_code == 200
    assert response.json() == {
        "fields": [
            {"name": "invoice_number", "type": "id", "known": True, "children": []},
            {"name": "date", "type": "date", "known": True, "children": []},
            {"name": "total", "type": "money", "known": True, "children": []},
            {
                "name": "line_items",
                "type": "line_items",
                "known": True,
                "children": ["description", "amount"],
            },
        ],
        "names_a_field": True,
        "classifies": False,
        "chars": len(prompt),
        "max_chars": PROMPT_MAX_CHARS,
    }


def test_a_sentence_names_no_field_but_an_explicit_list_does(client):
    client.force_login(UserFactory())
    vague = _fields(client, "Please help me with these").json()
    assert (vague["names_a_field"], [f["known"] for f in vague["fields"]]) == (False, [False])
    explicit = _fields(client, "fields: vessel_name, port_of_loading").json()
    assert explicit["names_a_field"] is True
    assert [(f["name"], f["known"]) for f in explicit["fields"]] == [
        ("vessel_name", True),
        ("port_of_loading", True),
    ]
    classify = _fields(client, "Identify the document type").json()
    assert (classify["fields"], classify["classifies"]) == ([], True)


def test_a_prompt_over_the_limit_is_refused_with_its_length(client):
    client.force_login(UserFactory())
    response = _fields(client, "x" * (PROMPT_MAX_CHARS + 1))
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "prompt_too_long",
        "message": (
            f"A prompt has at most {PROMPT_MAX_CHARS:,} characters; this one has {PROMPT_MAX_CHARS + 1:,}."
        ),
    }


def test_it_needs_a_signed_in_user_and_a_post(client):
    assert _fields(client, "total").status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(reverse("batches:prompt_fields"), {"prompt": "total"}).status_code == 405


def test_it_is_rate_limited_per_user(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "preview": ("3/minute", "100/minute")}
    client.force_login(UserFactory())
    statuses = [_fields(client, f"total {i}").status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = _fields(client, "total")
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60
    client.force_login(UserFactory())  # someone else is not slowed
    assert _fields(client, "total").status_code == 200
