"""Content-Security-Policy: every page carries it, and no page needs inline code to work under it."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from batches.models import Batch
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


class InlineCode(HTMLParser):
    """Collects what a policy without 'unsafe-inline' would block: inline scripts, style
    elements and attributes, event handler attributes, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        named = dict(attrs)
        if tag == "script" and "src" not in named and named.get("type") != "application/json":
            self.found.append(f"inline <script> {named}")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")


def _inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def pages(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    batch = BatchFactory(owner=user, status=Batch.Status.COMPLETED, total_documents=1, succeeded_count=1)
    document = DocumentFactory(batch=batch, status="succeeded", result={"total": "1.00"})
    anonymous = {"login": client.get(reverse("login")), "admin login": client.get("/admin/login/")}
    client.force_login(user)
    return {
        **anonymous,
        "list": client.get(reverse("batches:list")),
        "detail": client.get(reverse("batches:detail", args=[batch.pk])),
        "fields": client.get(reverse("batches:document", args=[batch.pk, document.pk])),
        "wizard": client.get(reverse("batches:new")),
        "account": client.get(reverse("accounts:account")),
        "analytics": client.get(reverse("analytics:analytics")),
        "analytics error": client.get(reverse("analytics:analytics"), {"to": "9999-12-31"}),
        "admin": client.get(reverse("admin:batches_batch_changelist")),
        "admin change": client.get(reverse("admin:batches_batch_change", args=[batch.pk])),
    }


def test_every_page_carries_a_policy_that_allows_only_the_sites_own_code(pages):
    for name, response in pages.items():
        policy = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
        assert policy["script-src"] == "'self'", name
        assert policy["style-src"] == "'self'", name
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'", name
        assert policy["connect-src"] == "'self' ws://testserver wss://testserver", name


def test_no_page_needs_inline_code(pages):
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        assert _inline_code(response.content.decode()) == [], name


def test_the_checker_finds_inline_code():
    html = '<script>alert(1)</script><p style="x"></p><img onerror="x"><a href="javascript:x">'
    assert len(_inline_code(html)) == 4
