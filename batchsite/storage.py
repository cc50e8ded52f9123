"""Local file storage that never leaves a partial file behind.

Django's ``FileSystemStorage`` writes straight to the final name: a write that fails half-way
(a full disk, a worker killed by its time limit) leaves a truncated file under a name that
looks stored, and nothing removes it. Here each file is written under a hidden partial name
beside its final one and linked into place only once it is complete; the partial file is
removed whether the write succeeded or not. Uploads, processor outputs and exports all go
through it. (S3 needs no such care: an object appears only when its upload completes.)
"""

from __future__ import annotations

import contextlib
import errno
import os
import posixpath
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from django.core.files.storage import FileSystemStorage

PARTIAL_PREFIX = ".partial-"


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content) -> str:
        directory, base = posixpath.split(name)
        partial = posixpath.join(directory, f"{PARTIAL_PREFIX}{uuid.uuid4().hex}-{base}")
        written = partial
        try:
            written = super()._save(partial, content)
            return self._publish(written, name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.path(written))

    def _publish(self, written: str, name: str) -> str:
        """Give the complete file its final name, never replacing another file; returns that name."""
        while True:
            try:
                os.link(self.path(written), self.path(name))
                return name
            except FileExistsError:
                name = self.get_available_name(name)
            except OSError as exc:  # a file system without hard links: a rename is atomic too
                if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK) or self.exists(name):
                    raise
                os.rename(self.path(written), self.path(name))
                return name


@contextlib.contextmanager
def local_file_written_whole(path: str | Path) -> Iterator[BinaryIO]:
    """A file to write that takes the name ``path`` only once complete (the command line's exports).

    It is written beside ``path`` under a hidden name and renamed over it at the end; on any error
    the partial file is removed and whatever was at ``path`` before is left as it was.
    """
    target = Path(path)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed or removed
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial", delete=False
    )
    try:
        with handle:
            yield handle
        os.replace(handle.name, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(handle.name)
