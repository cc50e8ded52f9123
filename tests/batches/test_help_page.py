"""The user guide inside the site (/batches/help/), and the help panel on the batch page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.batches.factories import BatchFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_guide_renders_with_github_anchors_and_its_screenshots(client):
    client.force_login(UserFactory())
    response = client.get(reverse("batches:help"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="a-new-batch-in-three-steps">A new batch in three steps</h2>' in html
    assert '<img src="screenshots/wizard-tabular.png"' in html
    picture = client.get(reverse("batches:help_screenshot", args=["wizard-tabular.png"]))
    assert (picture.status_code, picture["Content-Type"]) == (200, "image/png")
    assert b"".join(picture.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    for name in ("..%2Fuser-guide.md", "nothing.png", "user-guide.md"):
        assert client.get(f"/batches/help/screenshots/{name}").status_code == 404


def test_the_batch_page_has_a_help_panel_with_the_plan_limits(client, settings):
    settings.BATCH_MAX_FILES = 321
    user = UserFactory()
    client.force_login(user)
    batch = BatchFactory(owner=user)
    html = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert 'id="help-panel" data-topic="batch"' in html
    assert "Up to <strong>321</strong> files per batch" in html
    assert "How to read" not in html and "Confidence</h2>" in html
    assert f'href="{reverse("batches:help")}#watching-a-batch"' in html
