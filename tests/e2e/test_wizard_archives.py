"""A ZIP dropped on the wizard in a real browser: listed as expanding, then its members (or its
reason) once the worker has expanded it; the web process (Daphne) never opens it."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.batches.factories import UserFactory
from tests.conftest import CORPUS
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Every text the file list showed, in order, so the short-lived "expanding…" is seen however fast
# the worker is.
RECORD_LIST = """
window.listTexts = [];
new MutationObserver(() => window.listTexts.push(document.getElementById('file-list').textContent))
  .observe(document.getElementById('file-list'), {subtree: true, childList: true, characterData: true});
"""


def test_a_dropped_zip_shows_expanding_then_its_members_or_its_reason(
    page, daphne_server, e2e_worker, tmp_path
):
    # given
    user = UserFactory(username="zara")
    sign_in(page, daphne_server, user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "Invoice Number: A-1\nTotal: 1.00\n")
        archive.writestr("sub/b.txt", "Invoice Number: B-2\nTotal: 2.00\n")
    (tmp_path / "pack.zip").write_bytes(buffer.getvalue())
    page.goto(f"{daphne_server.url}/batches/new/")
    page.evaluate(RECORD_LIST)
    # when: a good archive and a bomb are dropped
    page.set_input_files(
        "#id_upload-files", [str(tmp_path / "pack.zip"), str(CORPUS / "hostile" / "zip_bomb_1gib.zip")]
    )
    # then: each was listed as expanding, and is replaced by its members or by its reason
    # (the count is of the members; the refused bomb is not a file of the batch)
    page.wait_for_function(
        "!document.querySelector('#file-list li[data-expanding]')"
        " && document.querySelectorAll('#file-list li').length === 3"
        " && document.getElementById('file-count').textContent === '2'",
        timeout=60_000,
    )
    assert any("pack.zip" in text and "expanding…" in text for text in page.evaluate("window.listTexts"))
    names = page.eval_on_selector_all("#file-list .file-name", "nodes => nodes.map(n => n.textContent)")
    assert sorted(names) == ["pack.zip/a.txt", "pack.zip/sub/b.txt", "zip_bomb_1gib.zip"]
    bomb = page.locator("#file-list li", has_text="zip_bomb_1gib.zip")
    assert "zip bomb" in bomb.locator(".file-error").text_content()
    # and the wizard goes on to step 2 with the members
    page.click("#wizard-next")
    page.wait_for_selector("text=Prompt strategy")
