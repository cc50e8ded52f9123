"""In a real browser: articles from rows pasted into the wizard's empty topics grid (no file), and
one item of a finished generation batch written again from the batch page."""

from __future__ import annotations

import time

import pytest
from django.core.files.storage import default_storage

from batches import services
from batches.models import Batch
from tests.batches.factories import UserFactory
from tests.conftest import assert_counters_match, wait_for
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PASTED = "tea gardens\tcasual\t300\thikers\nnight trains\t\t\t\nsourdough at home\thumorous\t400\tbakers\n"


def _paste(page, selector: str, text: str) -> None:
    """What a spreadsheet's copy gives a paste: tab-separated cells, a line per row."""
    page.click(selector)
    page.evaluate(
        """([selector, text]) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            document.querySelector(selector).dispatchEvent(
                new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
        }""",
        [selector, text],
    )


def test_rows_pasted_into_the_empty_grid_become_articles_with_no_file(page, daphne_server, e2e_worker):
    user = UserFactory(username="writer")
    sign_in(page, daphne_server, user)
    page.goto(f"{daphne_server.url}/batches/new/")
    page.fill("#id_upload-name", "Pasted topics")
    assert page.is_disabled("#wizard-next")  # extraction needs a file
    page.select_option("#id_upload-processor", "generate")
    page.wait_for_function("!document.getElementById('wizard-next').disabled")
    assert page.text_content("#next-reason") == ""
    page.click("#wizard-next")
    # step 2: an empty grid, filled by a paste from a spreadsheet
    assert page.locator("#topics-grid tbody tr").count() == 1
    assert page.text_content("#topics-count") == "0"
    _paste(page, "#topics-grid tbody td", PASTED)
    assert page.locator("#topics-grid tbody tr").count() == 3
    assert page.text_content("#topics-count") == "3"
    cells = page.locator("#topics-grid tbody tr").nth(2).locator("td")
    pasted = [cells.nth(i).text_content() for i in range(4)]
    assert pasted == ["sourdough at home", "humorous", "400", "bakers"]
    page.uncheck("input[name='configure-formats'][value=docx]")
    page.click("#wizard-next")
    page.wait_for_selector("text=3 row(s), one article each")
    page.click("#wizard-next")
    page.wait_for_url(f"{daphne_server.url}/batches/*/")
    page.wait_for_function("document.getElementById('count-succeeded').textContent === '3'", timeout=60_000)
    batch = Batch.objects.get(owner=user)
    documents = list(batch.documents.order_by("position"))
    assert [(d.result["keyword"], d.result["tone"]) for d in documents] == [
        ("tea gardens", "casual"),
        ("night trains", "professional"),
        ("sourdough at home", "humorous"),
    ]
    assert [o["name"] for o in documents[0].outputs if not o["intermediate"]] == [
        "001-tea-gardens-a-practical-guide-for-hikers.md"
    ]
    assert "hikers" in documents[0].file.read().decode()


def _finished_articles(user) -> Batch:
    draft = services.batch_create_draft(owner=user, processor="generate")
    services.batch_submit(
        batch=draft,
        owner=user,
        name="Two articles",
        processor="generate",
        strategy="auto",
        options={"formats": "md", "topics": [{"keyword": "tea gardens"}, {"keyword": "night trains"}]},
    )
    wait_for(lambda: Batch.objects.get(pk=draft.pk).is_final, timeout=60, message="the articles are written")
    return Batch.objects.get(pk=draft.pk)


def _written_twice(document) -> bool:
    return type(document).objects.filter(pk=document.pk, attempts=2, status="succeeded").exists()


def test_one_item_is_regenerated_from_the_batch_page(page, daphne_server, e2e_worker):
    user = UserFactory(username="rewriter")
    batch = _finished_articles(user)
    first, second = batch.documents.order_by("position")
    old_text = default_storage.open(first.outputs[0]["path"]).read()
    sign_in(page, daphne_server, user)
    page.goto(f"{daphne_server.url}/batches/{batch.pk}/")
    row = page.locator(f'#documents tr[data-document-id="{first.pk}"]')

    def answer_after_the_worker(route):
        # the worker is quicker than the answer: its live "succeeded" reaches the page first
        response = route.fetch()
        wait_for(lambda: Batch.objects.get(pk=batch.pk).is_final and _written_twice(first), message="again")
        time.sleep(1)  # the browser takes the live events meanwhile
        route.fulfill(response=response)

    page.route("**/regenerate/", answer_after_the_worker)
    with page.expect_response("**/regenerate/"):
        row.locator(".regenerate-document").click()
    # the worker writes it again; the page follows live, and offers it again once written
    wait_for(lambda: _written_twice(first), timeout=60, message="rewritten")
    wait_for(lambda: Batch.objects.get(pk=batch.pk).is_final, timeout=60, message="the batch ends again")
    row.locator(".regenerate-document").wait_for(state="visible")
    assert row.locator(".doc-status .badge").text_content() == "succeeded"
    page.wait_for_function("document.getElementById('count-succeeded').textContent === '2'")
    first.refresh_from_db()
    second_after = batch.documents.get(pk=second.pk)
    assert first.status == "succeeded"
    assert default_storage.open(first.outputs[0]["path"]).read() != old_text
    assert (second_after.attempts, second_after.finished_at) == (1, second.finished_at)
    batch.refresh_from_db()
    assert (batch.status, batch.succeeded_count) == ("completed", 2)
    assert_counters_match(batch)
