"""Upload sessions: a resumable upload of one file into a draft batch.

The model moved here from ``batches`` with its table (``db_table``): the data stayed where it was.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from batchsite.models import TimeStampedModel


class UploadSession(TimeStampedModel):
    """A resumable upload: chunks are written at their offsets into a staged file on this web
    node, then the whole file is checked and becomes a document of the draft.

    Chunks may arrive out of order (a client keeps two on the wire): ``ranges`` holds the byte
    ranges recorded so far, merged, and ``received`` the length of the unbroken run from byte 0.

    open ──chunks──▶ open (ranges grow) ──complete──▶ (deleted; a Document exists)
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upload_sessions"
    )
    batch = models.ForeignKey("batches.Batch", on_delete=models.CASCADE, related_name="upload_sessions")
    name = models.CharField(max_length=1024)
    size = models.BigIntegerField()
    sha256 = models.CharField(
        max_length=64, blank=True, help_text="Expected digest of the whole file, if given."
    )
    received = models.BigIntegerField(default=0, help_text="Bytes received without a gap from the start.")
    ranges = models.JSONField(
        default=list, blank=True, help_text="Byte ranges [start, end) received, merged."
    )

    class Meta:
        db_table = "batches_uploadsession"  # the table it had in batches, kept

    def __str__(self) -> str:
        return f"{self.name} ({self.received}/{self.size})"
