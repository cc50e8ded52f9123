"""Single-file mode: one file converted on one screen, as a one-document batch behind the scenes.

The same submission as the wizard's and the API's (a draft, the upload checks, ``batch_submit``, the
ledger and a worker): this process stores the file and never parses it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File

from batches.models import Batch, Document
from batches.services.lifecycle import draft_discarded_if_refused
from batches.services.submission import batch_submit
from batches.services.uploads import batch_create_draft, documents_add_files
from batchsite.errors import ApplicationError


def single_file_submit(
    *, owner: AbstractBaseUser, uploaded: File, processor: str, options: dict[str, Any], ip: str | None = None
) -> Batch:
    """Submit one file to a conversion; a file refused on upload is refused here with its reason.

    A ZIP archive is refused too: its members would make a batch of many (the wizard's work).
    """
    draft = batch_create_draft(owner=owner, name=uploaded.name or "", processor=processor)
    with draft_discarded_if_refused(batch=draft, owner=owner):
        documents = documents_add_files(batch=draft, owner=owner, files=[uploaded], ip=ip)
        for document in documents:
            if document.status == Document.Status.EXPANDING:
                raise ApplicationError(
                    "A ZIP archive holds several files: convert it as a batch (New batch).",
                    "archive_not_single",
                )
            if document.status == Document.Status.FAILED:
                raise ApplicationError(document.error_message, document.error_code or "refused")
        return batch_submit(
            batch=draft,
            owner=owner,
            name=draft.name,
            processor=processor,
            strategy=Batch.Strategy.GLOBAL,
            options=options,
            ip=ip,
        )
