"""In a real browser, with the Content-Security-Policy on: the pages' own code runs, injected code
does not."""

from __future__ import annotations

import pytest

from batches.models import Batch
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def strict_page(browser):
    """A page with the policy enforced (no bypass), recording every console message."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.messages = []
    page.on("console", lambda m: page.messages.append(m.text))
    yield page
    context.close()


def _reports(page) -> list[str]:
    return [m for m in page.messages if "Content Security Policy" in m]


def test_the_browser_refuses_an_injected_inline_handler(strict_page, daphne_server):
    strict_page.goto(f"{daphne_server.url}/accounts/login/")
    strict_page.evaluate(
        """document.body.insertAdjacentHTML('beforeend',
             '<img src="/static/none.png" onerror="document.title = \\'injected\\'">')"""
    )
    strict_page.wait_for_timeout(1000)
    assert strict_page.title() == "Sign in · Batchsite"
    assert any("inline event handler" in m for m in _reports(strict_page)), strict_page.messages


def test_the_pages_scripts_run_under_the_policy(strict_page, daphne_server):
    user = UserFactory(username="csp")
    batch = BatchFactory(
        owner=user, name="Under policy", status=Batch.Status.COMPLETED, total_documents=1, succeeded_count=1
    )
    DocumentFactory(batch=batch, status="succeeded", result={"total": "1.00"})
    sign_in(strict_page, daphne_server, user)
    # the batch page loads with its scripts (progress, confirm, notifications)
    strict_page.goto(f"{daphne_server.url}/batches/{batch.pk}/")
    strict_page.locator("#done").filter(has_text="1").wait_for()
    # the wizard's script takes files and lists them
    strict_page.goto(f"{daphne_server.url}/batches/new/")
    strict_page.set_input_files(
        "#id_upload-files", files=[{"name": "a.txt", "mimeType": "text/plain", "buffer": b"Total: 1.00\n"}]
    )
    strict_page.locator("#file-count").filter(has_text="1").wait_for()
    for path in ("/batches/", "/batches/analytics/", "/batches/account/"):
        strict_page.goto(f"{daphne_server.url}{path}")
    assert _reports(strict_page) == []
