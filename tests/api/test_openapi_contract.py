"""The OpenAPI document against the implementation: schemathesis generates requests for every
operation and checks each answer against the schema (status codes, bodies, content types)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from accounts.tokens import api_token_create
from batchsite.wsgi import application
from tests.batches.factories import UserFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def token(db, settings) -> str:
    settings.RATE_LIMITS_ENABLED = (
        False  # limits have their own tests; here every answer must match the schema
    )
    _token, key = api_token_create(user=UserFactory(), name="contract")
    return key


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case, token):
    headers = {"Authorization": f"Bearer {token}"}
    if case.meta is not None and case.meta.generation.mode.is_negative:
        # Deliberately invalid input (unknown parameters, wrong types) sent with a valid token:
        # it may be refused or ignored, but never crash the server.
        assert case.call(headers=headers).status_code < 500
        return
    # Schema-valid requests may still break business rules (no files, no prompt): those answer a
    # documented 400/422, so the "positive data acceptance" heuristic does not apply.
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
