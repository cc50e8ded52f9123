"""An upload handler that stops a multipart file as soon as it passes the site's ceiling.

Django has no file-size cap of its own (``DATA_UPLOAD_MAX_MEMORY_SIZE`` leaves files out), so
without this a 10 GB post would be read to the end before any view could refuse it. The plan's
own (smaller) limit is checked by the upload service; this is the hard stop in front of it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        limit = max(settings.BATCH_MAX_FILE_BYTES, settings.BATCH_MAX_ARCHIVE_BYTES)
        if start + len(raw_data) > limit:
            self.request.upload_too_large = limit
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
