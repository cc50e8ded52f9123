"""The wizard's guidance in Debian's Chromium (issue 20): strategy cards and their summary,
templates, the character count, restoring the last prompt, the fields a prompt yields as it is
typed, the per-document tools, the review's warnings, Next disabled with its reason, one submit
with a loading state, a refused submit that keeps the user on step 2, and the help panels.
A real Daphne and worker behind the site."""

from __future__ import annotations

import re
import time

import pytest
from django.utils import timezone

from accounts.models import Plan, PlanAssignment
from batches.models import Batch
from batches.processing.templates import TEMPLATES
from queueing.models import Job
from tests.batches.factories import BatchFactory, UserFactory
from tests.conftest import wait_for
from tests.e2e.conftest import SCREENSHOTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BATCH_PAGE = re.compile(r"/batches/[0-9a-f-]{36}/$")
INVOICE = "Invoice Number: INV-{n}\nInvoice Date: 2024-03-0{n}\nTotal: {n}0.00 EUR\n"


def _upload(page, server, tmp_path, files: dict[str, str]) -> None:
    page.goto(f"{server.url}/batches/new/")
    page.fill("#id_upload-name", "Guided batch")
    paths = []
    for name, content in files.items():
        (tmp_path / name).write_text(content)
        paths.append(str(tmp_path / name))
    page.set_input_files("#id_upload-files", paths)
    page.wait_for_function(f"document.getElementById('file-count').textContent === '{len(files)}'")


def _invoices(count: int) -> dict[str, str]:
    return {f"invoice-{n}.txt": INVOICE.format(n=n) for n in range(1, count + 1)}


def _next_state(page) -> tuple[bool, str]:
    return page.is_disabled("#wizard-next"), page.text_content("#next-reason").strip()


def _chips(page, area_id: str) -> list[str]:
    selector = f'.fields-preview[data-for="{area_id}"] .field-chip'
    return page.eval_on_selector_all(selector, "nodes => nodes.map(n => n.textContent)")


def test_step_1_next_waits_for_a_file_with_the_reason(page, daphne_server, e2e_worker, tmp_path):
    sign_in(page, daphne_server, UserFactory(username="nadia"))
    page.goto(f"{daphne_server.url}/batches/new/")
    assert _next_state(page) == (True, "Add at least one file.")
    (tmp_path / "a.txt").write_text(INVOICE.format(n=1))
    page.set_input_files("#id_upload-files", [str(tmp_path / "a.txt")])
    page.wait_for_function("!document.getElementById('wizard-next').disabled")
    assert _next_state(page) == (False, "")


def test_strategy_cards_templates_count_restore_and_fields_as_typed(
    page, daphne_server, e2e_worker, tmp_path
):
    user = UserFactory(username="olga")
    BatchFactory(
        owner=user,
        status=Batch.Status.COMPLETED,
        submitted_at=timezone.now(),
        global_prompt="fields: vessel_name, port_of_loading",
    )
    sign_in(page, daphne_server, user)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=daphne_server.url)
    _upload(page, daphne_server, tmp_path, _invoices(3))
    page.click("#wizard-next")
    # three cards, each with its icon, sentence and use case
    cards = page.locator(".strategy-card")
    assert cards.count() == 3
    assert [cards.nth(i).locator("svg.strategy-icon").count() for i in range(3)] == [1, 1, 1]
    assert "Use it for: a mixed pile" in cards.nth(2).text_content()
    page.check("input[value=global]")
    assert _next_state(page) == (True, "Write a prompt, or pick a template.")
    # a template in one click: the prompt, its count against the limit, its fields, the summary
    page.click(".template-card[data-kind=invoice]")
    area = "id_configure-global_prompt"
    assert page.input_value(f"#{area}") == TEMPLATES["invoice"]
    assert (
        page.text_content(f'.char-count[data-for="{area}"]')
        == f"{len(TEMPLATES['invoice'])} / 10,000 characters"
    )
    page.wait_for_function("document.querySelectorAll('.fields-preview .field-chip').length === 10")
    assert _chips(page, area)[:3] == ["invoice_number", "invoice_date", "due_date"]
    assert page.text_content("#strategy-summary").startswith(
        "Every one of the 3 files will be read for: invoice number, invoice date, due date, vendor name"
    )
    assert _next_state(page) == (False, "")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "wizard-configure-guided.png"), full_page=True)
    # copy, then clear: Next says why it is disabled again
    page.click("#prompt-copy")
    assert page.evaluate("navigator.clipboard.readText()") == TEMPLATES["invoice"]
    page.click("#prompt-clear")
    assert page.input_value(f"#{area}") == ""
    assert _next_state(page) == (True, "Write a prompt, or pick a template.")
    # typed key by key: the fields follow the words
    page.type(f"#{area}", "Extract the total and the due date", delay=15)
    page.wait_for_function(
        f"Array.from(document.querySelectorAll('.fields-preview[data-for=\"{area}\"] .field-chip'))"
        ".map(n => n.textContent).join() === 'total,due_date'"
    )
    assert (
        page.text_content("#strategy-summary")
        == "Every one of the 3 files will be read for: total, due date."
    )
    # restore the prompt of the last batch
    page.click("#prompt-restore")
    assert page.input_value(f"#{area}") == "fields: vessel_name, port_of_loading"
    page.wait_for_function(
        f"document.querySelector('.fields-preview[data-for=\"{area}\"]').textContent.includes('port_of_loading')"
    )
    # auto: no prompt needed, and the summary says what happens
    page.check("input[value=auto]")
    assert page.is_hidden("#global-prompt")
    assert page.text_content("#strategy-summary").startswith(
        "Each of the 3 files will be classified when it is processed"
    )
    assert _next_state(page) == (False, "")
    # the step bar: back to step 1 and forward again keeps step 2's choice
    page.click("#step-bar button[value=upload]")
    page.wait_for_selector("#dropzone")
    assert page.locator("#step-bar .step-done button[value=configure]").count() == 1
    page.click("#step-bar button[value=configure]")
    page.wait_for_selector("#strategy-cards")
    assert page.is_checked("input[value=auto]")


def test_per_document_progress_copy_from_template_to_selected_and_review_warnings(
    page, daphne_server, e2e_worker, tmp_path
):
    sign_in(page, daphne_server, UserFactory(username="pia"))
    files = {**_invoices(2), "copy.txt": INVOICE.format(n=1)}  # the same content as invoice-1.txt
    _upload(page, daphne_server, tmp_path, files)
    page.click("#wizard-next")
    page.check("input[value=per_document]")
    assert page.text_content("#per-document-progress") == "0 of 3 have a prompt."
    assert _next_state(page) == (
        True,
        "3 files have no prompt yet: write one each, or a prompt above for them all.",
    )
    # a template for the selected ones (the first and the last)
    boxes = page.locator(".per-document-select")
    boxes.nth(0).check()
    boxes.nth(2).check()
    page.select_option("#per-document-template", label="Receipt")
    page.click("#apply-template")
    areas = page.locator("textarea.per-document-prompt")
    assert [areas.nth(i).input_value() for i in range(3)] == [TEMPLATES["receipt"], "", TEMPLATES["receipt"]]
    assert page.text_content("#per-document-progress") == "2 of 3 have a prompt."
    assert _next_state(page) == (
        True,
        "1 file has no prompt yet: write one each, or a prompt above for them all.",
    )
    # the second copies the first's prompt, then says something vague instead
    page.focus("#copy-from-2")  # opened: it lists the other files
    assert page.eval_on_selector_all("#copy-from-2 option", "os => os.map(o => o.textContent)") == [
        "Copy from…",
        "invoice-1.txt",
        "copy.txt",
    ]
    page.select_option("#copy-from-2", label="invoice-1.txt")
    assert areas.nth(1).input_value() == TEMPLATES["receipt"]
    assert page.text_content("#per-document-progress") == "3 of 3 have a prompt."
    assert _next_state(page) == (False, "")
    areas.nth(1).fill("Please help me with this one")
    second = areas.nth(1).get_attribute("id")
    page.wait_for_function(
        f"document.querySelector('.fields-preview[data-for=\"{second}\"]').dataset.state === 'none'"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "wizard-per-document.png"), full_page=True)
    page.click("#wizard-next")
    # the review: every file with its prompt's fields, the totals, and the warnings
    page.wait_for_selector("#review-files")
    rows = page.locator("#review-files tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).locator(".review-fields").text_content().split() == [
        "merchant_name",
        "date",
        "total",
        "payment_method",
        "currency",
    ]
    assert "6 field(s) in all" in page.text_content("#review-totals")
    warnings = page.eval_on_selector_all("#review-warnings li", "nodes => nodes.map(n => n.textContent)")
    assert warnings[0].startswith("Same content: invoice-1.txt, copy.txt.")
    assert warnings[1].startswith("invoice-2.txt: the prompt names no field we recognise.")
    page.screenshot(path=str(SCREENSHOTS / "wizard-review.png"), full_page=True)


def test_submit_shows_its_loading_state_and_sends_once(page, daphne_server, e2e_worker, tmp_path):
    user = UserFactory(username="quinn")
    sign_in(page, daphne_server, user)
    _upload(page, daphne_server, tmp_path, _invoices(1))
    page.click("#wizard-next")
    page.click(".template-card[data-kind=invoice]")
    page.click("#wizard-next")
    page.wait_for_selector("#review-files")
    posts = []
    page.on(
        "request",
        lambda r: posts.append(r.url) if r.method == "POST" and r.url.endswith("/batches/new/") else None,
    )

    def slow(route):  # the server takes a second to answer: the page shows it is busy meanwhile
        time.sleep(1)
        route.continue_()

    page.route("**/batches/new/", slow)
    # when: Submit is pressed, then pressed again while the first is on its way
    state = page.evaluate("""() => new Promise((resolve) => {
        const button = document.getElementById('wizard-next');
        button.click();
        setTimeout(() => {
          const busy = [button.disabled, !button.querySelector('.spinner').hidden, button.textContent.trim(),
                        document.getElementById('wizard-form').getAttribute('aria-busy')];
          button.click();
          document.getElementById('wizard-form').requestSubmit();
          resolve(busy);
        }, 200);
    })""")
    page.wait_for_url(BATCH_PAGE)
    # then: the button was disabled with a spinner, and one submit reached the server
    assert state == [True, True, "Submitting…", "true"]
    assert len(posts) == 1
    assert Batch.objects.filter(owner=user).exclude(status=Batch.Status.DRAFT).count() == 1
    assert "submitted: 1 file(s) queued" in page.text_content(".messages")
    # and the batch page has its help panel, with the plan's limits and the guide
    page.click("#help-panel summary")
    assert "files per batch" in page.text_content("#help-panel .plan-limits")
    assert "Confidence" in page.text_content("#help-panel")
    # the worker ends the batch and its follow-ups before the database is emptied under it
    # (PostgreSQL's TRUNCATE and a running job's queries deadlocked)
    batch = Batch.objects.exclude(status=Batch.Status.DRAFT).get(owner=user)
    wait_for(
        lambda: (
            Batch.objects.get(pk=batch.pk).is_final
            and not Job.objects.filter(
                batch_id=batch.pk, state__in=(*Job.NOT_STARTED, *Job.IN_FLIGHT)
            ).exists()
        ),
        timeout=60,
        message="the batch and its follow-ups done",
    )


def test_a_refused_submit_keeps_the_user_on_step_2_with_their_input(
    page, daphne_server, e2e_worker, tmp_path
):
    user = UserFactory(username="rosa")
    plan = Plan.objects.create(name="e2e-rosa", label="Rosa", batches_in_flight=3)
    PlanAssignment.objects.create(user=user, plan=plan)
    sign_in(page, daphne_server, user)
    _upload(page, daphne_server, tmp_path, _invoices(2))
    page.click("#wizard-next")
    page.check("input[value=per_document]")
    page.fill("#id_configure-global_prompt", "Extract the invoice number and the total")
    page.check("input[name=configure-priority][value=high]")
    # the help panel of this step: the strategies and the user's own limits, and the guide
    page.click("#help-panel summary")
    assert "Classify automatically" in page.text_content("#help-panel")
    assert page.text_content("#help-panel .plan-limits").split()[:4] == ["Up", "to", "100", "files"]
    with page.context.expect_page() as guide_tab:
        page.click("#help-panel a[href*='/batches/help/']")
    guide = guide_tab.value
    guide.wait_for_selector("#a-new-batch-in-three-steps")
    guide.close()
    page.click("#wizard-next")
    page.wait_for_selector("#review-files")
    # when: the plan no longer allows a batch at submit
    Plan.objects.filter(pk=plan.pk).update(batches_in_flight=0)
    page.click("#wizard-next")
    # then: step 2, with the strategy, prompt and priority as they were, the reason, and a toast
    page.wait_for_selector("#step-error")
    assert page.get_attribute("#wizard-form", "data-step") == "configure"
    assert "Your plan runs at most 0 batches at once" in page.text_content("#step-error")
    assert "Your plan runs at most 0 batches at once" in page.text_content("#toasts .toast-error")
    assert page.is_checked("input[value=per_document]")
    assert page.input_value("#id_configure-global_prompt") == "Extract the invoice number and the total"
    assert page.is_checked("input[name=configure-priority][value=high]")
    assert page.get_attribute("#step-bar .step-current", "data-step") == "configure"
    # and once the plan allows it again, it goes through
    Plan.objects.filter(pk=plan.pk).update(batches_in_flight=3)
    page.click("#wizard-next")
    page.wait_for_selector("#review-files")
    page.click("#wizard-next")
    page.wait_for_url(BATCH_PAGE)
    assert Batch.objects.get(owner=user).status != Batch.Status.DRAFT
