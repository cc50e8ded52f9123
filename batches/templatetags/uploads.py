"""The wizard's upload step as one tag: the drop zone, the file list and the data its script reads."""

from __future__ import annotations

from django import template

from batches.draft_views import upload_step_context
from batches.processing.legacy_word import doc_reader_available

register = template.Library()


@register.inclusion_tag("batches/upload/_files.html", takes_context=True)
def upload_files(context, draft, upload_field):
    """The drop zone and the draft's files, with the plan's limits for the browser's own checks."""
    documents = list(draft.documents.order_by("position", "pk"))
    request = context["request"]
    return {
        "draft": draft,
        "field": upload_field,
        "doc_readable": doc_reader_available(),  # said here, as the wizard says of espeak-ng
        **upload_step_context(draft=draft, owner=request.user, documents=documents),
    }
