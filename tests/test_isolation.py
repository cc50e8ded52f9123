"""Every route, as another user and as an anonymous visitor: refused, and nothing leaks."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from batches.models import Batch, Document
from exports.models import Export
from exports.services import export_download_token
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory
from tests.exports.factories import ExportFactory
from uploads.models import UploadSession

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "logout", "healthz", "api:openapi-json", "api:openapi-view"}
# Routes with a parameter that names no one's object: the user guide's screenshots, for every user.
SHARED = {"batches:help_screenshot"}
SECRET_NAME = "Owner-only-batch-7f3a"


def _named_routes(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from _named_routes(entry, f"{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, list(entry.pattern.converters)


@pytest.fixture
def victim_objects():
    batch = BatchFactory(
        name=SECRET_NAME, status=Batch.Status.COMPLETED_WITH_ERRORS, total_documents=1, failed_count=1
    )
    document = DocumentFactory(batch=batch, status=Document.Status.FAILED, original_name="secret-file.pdf")
    export = ExportFactory(batch=batch, status=Export.Status.READY)
    return batch, document, export


def _urls(batch, document, export):
    upload = UploadSession.objects.get_or_create(
        owner=batch.owner, batch=batch, name="secret-file.pdf", size=10
    )[0]
    values = {
        "session_id": upload.pk,
        "batch_id": batch.pk,
        "document_id": document.pk,
        "index": 0,  # a document's first output file
        "name": "batch-page.png",  # a screenshot of the user guide (public to signed-in users)
        "action": "delete",
        "export_id": export.pk,
        "token": export_download_token(export=export),
    }
    for name, params in _named_routes():
        if name in PUBLIC:
            continue
        yield name, reverse(name, kwargs={p: values[p] for p in params}), bool(params) and name not in SHARED


def test_every_route_refuses_anonymous_visitors(client, victim_objects):
    urls = list(_urls(*victim_objects))
    assert len(urls) >= 10
    for name, url, _names_an_object in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (302, 401, 403, 404, 405), (name, method, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login")), (name, response["Location"])
            assert SECRET_NAME.encode() not in response.content
    assert Batch.objects.filter(name=SECRET_NAME).exists()


def test_every_route_refuses_another_signed_in_user(client, victim_objects):
    batch, document, export = victim_objects
    client.force_login(UserFactory())
    for name, url, names_an_object in _urls(*victim_objects):
        for method in (client.get, client.post):
            response = method(url)
            # pages about the user's own things (the list, the wizard) open; pages about the victim's do not
            # (the API takes tokens, not sessions: 401 there)
            allowed = (401, 403, 404, 405, 410) if names_an_object else (200, 302, 400, 401, 404, 405)
            assert response.status_code in allowed, (name, method, response.status_code)
            body = response.content if not response.streaming else b""
            assert SECRET_NAME.encode() not in body, name
            assert b"secret-file.pdf" not in body, name
    batch.refresh_from_db()
    document.refresh_from_db()
    assert (batch.status, document.status) == (Batch.Status.COMPLETED_WITH_ERRORS, Document.Status.FAILED)
    assert Export.objects.filter(pk=export.pk).exists()
