"""The wizard never sends its user back to step 1 for a later step's trouble: Back keeps the
step's input, a refused submit stays on step 2 with it, and a wizard restarted in another tab
still submits. The review warns about copies, large files and prompts that name no field."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Plan, PlanAssignment
from batches.models import Batch
from tests.batches.factories import UserFactory

pytestmark = pytest.mark.django_db

STEP = "new_batch_wizard-current_step"
PROMPT = "Extract the invoice number and the total"
LONG = (
    b"Invoice Number: B-2\nTotal: 2.00\nNotes: paid in full, thank you\n"  # over 40 bytes, the others under
)


def _text(response) -> str:
    return response.content.decode()


def _current_step(response) -> str:
    return re.search(r'id="wizard-form"[^>]*data-step="(\w+)"', _text(response)).group(1)


def _to_configure(client, files=None) -> None:
    url = reverse("batches:new")
    client.get(url)
    files = files or [SimpleUploadedFile("a.txt", b"Invoice Number: A-1\nTotal: 1.00\n")]
    response = client.post(
        url, {STEP: "upload", "upload-name": "March", "upload-processor": "extract", "upload-files": files}
    )
    assert _current_step(response) == "configure"


def _configure(client, prompt: str = PROMPT, **extra):
    data = {
        STEP: "configure",
        "configure-prompt_strategy": "global",
        "configure-global_prompt": prompt,
        **extra,
    }
    return client.post(reverse("batches:new"), data)


def test_a_refused_submit_stays_on_step_2_with_the_prompt_and_says_why(client):
    user = UserFactory()
    plan = Plan.objects.create(name="tight", label="Tight", batches_in_flight=0)
    PlanAssignment.objects.create(user=user, plan=plan)
    client.force_login(user)
    _to_configure(client)
    assert _current_step(_configure(client)) == "review"
    # when: the plan refuses the batch at submit
    response = client.post(reverse("batches:new"), {STEP: "review"})
    # then: step 2, the prompt as typed, and the plan's reason
    assert response.status_code == 200
    assert _current_step(response) == "configure"
    assert f">\n{PROMPT}</textarea>" in _text(response)
    assert 'id="step-error"' in _text(response)
    assert "Your plan runs at most 0 batches at once" in _text(response)
    assert Batch.objects.get(owner=user).status == Batch.Status.DRAFT
    # and once the plan allows it, the same wizard submits
    Plan.objects.filter(pk=plan.pk).update(batches_in_flight=5)
    assert _current_step(_configure(client)) == "review"
    assert client.post(reverse("batches:new"), {STEP: "review"}).status_code == 302


def test_back_keeps_step_2_input_and_the_step_bar_goes_forward_to_it_again(client):
    client.force_login(UserFactory())
    _to_configure(client)
    # when: Back from step 2 with a prompt typed (not yet sent with Next)
    back = _configure(client, "fields: vessel_name", wizard_goto_step="upload")
    assert _current_step(back) == "upload"
    # then: the step bar offers step 2 as done, and going there shows the prompt again
    assert 'name="wizard_goto_step" value="configure"' in _text(back)
    again = client.post(
        reverse("batches:new"),
        {
            STEP: "upload",
            "upload-name": "March",
            "upload-processor": "extract",
            "wizard_goto_step": "configure",
        },
    )
    assert _current_step(again) == "configure"
    assert ">\nfields: vessel_name</textarea>" in _text(again)


def test_a_jump_forward_past_an_invalid_step_shows_its_errors(client):
    client.force_login(UserFactory())
    _to_configure(client)
    _configure(client)  # on to the review, then back to step 2 from the step bar
    client.post(reverse("batches:new"), {STEP: "review", "wizard_goto_step": "configure"})
    response = client.post(
        reverse("batches:new"),
        {
            STEP: "configure",
            "configure-prompt_strategy": "global",
            "configure-global_prompt": "",
            "wizard_goto_step": "review",
        },
    )
    assert _current_step(response) == "configure"
    assert "Write a prompt, or pick a template." in _text(response)


def test_a_wizard_restarted_in_another_tab_still_submits_from_step_2(client):
    user = UserFactory()
    client.force_login(user)
    _to_configure(client)
    client.get(reverse("batches:new"))  # another tab opens the wizard: formtools resets its session
    # when: this tab goes on from step 2 and submits
    assert _current_step(_configure(client)) == "review"
    response = client.post(reverse("batches:new"), {STEP: "review"})
    # then: the batch is submitted with the files uploaded in step 1
    batch = Batch.objects.get(owner=user, status=Batch.Status.QUEUED)
    assert response["Location"] == reverse("batches:detail", args=[batch.pk])
    assert (batch.name, batch.global_prompt, batch.documents.count()) == ("March", PROMPT, 1)


def test_the_review_lists_each_file_with_its_fields_and_warns(client, monkeypatch):
    from batches import wizard_guide  # (inside: the module is new, and the other tests run without it)

    monkeypatch.setattr(wizard_guide, "LARGE_FILE_BYTES", 40)
    client.force_login(UserFactory())
    same = b"Invoice Number: A-1\nTotal: 1.00\n"
    _to_configure(
        client,
        [
            SimpleUploadedFile("a.txt", same),
            SimpleUploadedFile("copy-of-a.txt", same),
            SimpleUploadedFile("long.txt", LONG),
        ],
    )
    data = {"configure-prompt_strategy": "per_document", "configure-global_prompt": PROMPT}
    response = _configure(client, PROMPT, **data)
    text = _text(response)
    assert "3 file(s)" in text and "2 field(s) in all" in text
    assert "Same content: a.txt, copy-of-a.txt." in text
    assert f"long.txt is {len(LONG)}\xa0bytes: files over 40\xa0bytes take longer to process." in text
    assert text.count("<code>invoice_number</code> <code>total</code>") == 3
    # a prompt that names nothing is called out, for the file it belongs to
    documents = list(Batch.objects.get(status=Batch.Status.DRAFT).documents.order_by("position"))
    client.post(reverse("batches:new"), {STEP: "review", "wizard_goto_step": "configure"})
    response = _configure(client, PROMPT, **data, **{f"configure-prompt_{documents[2].pk}": "Please help me"})
    assert "long.txt: the prompt names no field we recognise." in _text(response)
