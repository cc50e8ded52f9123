"""Run parsers on uploads in a child process, with a memory ceiling and a deadline.

Why: the web process (Daphne) serves every page and WebSocket of its users. A parser that a
hostile file drives into a huge allocation takes the whole process down (Rust's allocator aborts
rather than raising), and one that spins holds the request. The readers' own limits
(``workbook_limits``) stop the attacks we know; this keeps the ones we do not know out of the
web process: the worst an upload can then do is fail its own request, with a clear error.

``LimitedProcess`` is a child whose address space is capped with RLIMIT_AS (an allocation past it
fails: ``MemoryError`` in Python, an abort in Rust; both become ``file_too_large``) and which is
killed when one call passes its deadline (``timeout``). One child serves the calls of a request
one after another (the files of a draft), so a page pays for one process, not one per file; after
a failure the next call gets a fresh child. ``run_limited(func, *args)`` is one call in its own
child. ``func`` must be a module-level function that takes and returns plain data (bytes, str,
numbers, lists, dicts) and needs no Django: the child never sets Django up.

Why the "forkserver" start method: a plain ``fork()`` of the threaded ASGI server copies locks
that other threads hold at that moment (logging, the import lock, the allocator's), and the child
can hang on one forever; "spawn" is safe but starts a new interpreter and imports everything for
every child (about half a second). The fork server is a fresh single-threaded process, started by
exec on first use; each child is forked from it with the modules in ``PRELOAD`` already imported
(about 50 ms). As with every start method but fork, the program's main module must be safe to
import (``if __name__ == "__main__":``), as ``manage.py``, Daphne's and Celery's scripts are.
A Celery prefork worker cannot use it (a daemonic process has no children); workers have the
job ledger's time limits, and the readers' own limits, instead.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import signal
from collections.abc import Callable
from typing import Any, TypeVar

from batches.processing.base import FILE_TOO_LARGE, INTERNAL_ERROR, TIMEOUT, ProcessingError

logger = logging.getLogger(__name__)

# 1 GiB of address space: the largest sheet the limits let through (200,000 rows x 20 columns)
# reads in about 450 MB; the far-apart cells that brought this here asked calamine for 512 GB.
MEMORY_BYTES = 1024**3
SECONDS = 20.0  # per call: a page waits at most this long for one file
# Imported once in the fork server rather than in every child: the readers the web process runs.
PRELOAD = ["batches.processing.convert.tabular", "batches.processing.convert.generate", "python_calamine"]

Result = TypeVar("Result")
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(PRELOAD)


class LimitedProcess:
    """A child process that runs calls under the limits; use it as a context manager."""

    def __init__(self, *, memory_bytes: int = MEMORY_BYTES, seconds: float = SECONDS) -> None:
        self.memory_bytes = memory_bytes
        self.seconds = seconds
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection = None

    def __enter__(self) -> LimitedProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def call(self, func: Callable[..., Result], /, *args: Any, **kwargs: Any) -> Result:
        """``func(*args, **kwargs)`` in the child; its ``ProcessingError`` and ``ValueError`` pass through.

        Raises ``ProcessingError``: ``file_too_large`` when the child runs out of memory,
        ``timeout`` past the deadline, ``internal_error`` when it dies otherwise.
        """
        if self._process is None:
            self._start()
        try:
            self._connection.send((func, args, kwargs))
        except OSError:  # gone already (between calls, or while taking the arguments in)
            return self._result(("died", self.close()), func)
        if not self._connection.poll(self.seconds):
            self.close()
            raise ProcessingError(
                TIMEOUT, f"Reading the file took longer than {self.seconds:g} seconds; stopped."
            )
        try:
            outcome = self._connection.recv()
        except EOFError:  # it died without a word: killed, or aborted on a failed allocation
            outcome = ("died", self.close())
        if outcome[0] in ("memory", "crash"):
            self.close()  # its heap is not to be trusted with the next file
        return self._result(outcome, func)

    def close(self) -> int | None:
        """Stop the child (at once: it holds nothing worth waiting for); returns its exit code."""
        process, self._process = self._process, None
        if process is None:
            return None
        self._connection.close()
        process.join(0.5)  # a child between calls leaves on its own when the connection closes
        if process.is_alive():
            process.kill()
            process.join()
        exitcode = process.exitcode
        process.close()
        return exitcode

    def _start(self) -> None:
        self._connection, child_end = _context.Pipe(duplex=True)
        self._process = _context.Process(
            target=_serve, args=(child_end, self.memory_bytes, self.seconds), daemon=True
        )
        self._process.start()
        child_end.close()  # the child holds the only other end: its death reads as end of file

    def _result(self, outcome: tuple, func: Callable) -> Any:
        kind = outcome[0]
        if kind == "ok":
            return outcome[1]
        if kind == "error":
            raise ProcessingError(outcome[1], outcome[2])
        if kind == "value_error":
            raise ValueError(outcome[1])
        if kind == "memory" or (kind == "died" and outcome[1] in (-signal.SIGABRT, -signal.SIGKILL)):
            raise ProcessingError(
                FILE_TOO_LARGE,
                f"Reading the file needs more than {self.memory_bytes / 1024**3:g} GiB of memory; refused.",
            )
        logger.error("%s failed in its sandbox: %s", getattr(func, "__qualname__", func), outcome)
        raise ProcessingError(INTERNAL_ERROR, "The file could not be read (the reader stopped unexpectedly).")


def run_limited(
    func: Callable[..., Result],
    /,
    *args: Any,
    memory_bytes: int = MEMORY_BYTES,
    seconds: float = SECONDS,
    **kwargs: Any,
) -> Result:
    """One call of ``func`` in its own limited child (see ``LimitedProcess.call``)."""
    with LimitedProcess(memory_bytes=memory_bytes, seconds=seconds) as process:
        return process.call(func, *args, **kwargs)


def _serve(connection, memory_bytes: int, seconds: float) -> None:
    """The child: run the calls it is sent until the parent closes the connection."""
    _limit(resource.RLIMIT_AS, memory_bytes)
    _limit(resource.RLIMIT_CORE, 0)  # an abort must not leave a core file (with the upload) behind
    while True:
        try:
            func, args, kwargs = connection.recv()
        except EOFError:
            return
        except MemoryError:  # the arguments alone do not fit
            connection.send(("memory",))
            return
        except Exception as exc:  # the function could not be imported here (it needs Django?)
            connection.send(("crash", f"the call could not be taken in: {type(exc).__name__}: {exc}"))
            continue
        # A backstop should the parent be gone: each call gets its deadline in CPU time too.
        used = resource.getrusage(resource.RUSAGE_SELF)
        _limit(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime + seconds) + 2, hard=False)
        try:
            outcome: tuple = ("ok", func(*args, **kwargs))
        except ProcessingError as exc:
            outcome = ("error", exc.code, exc.message)
        except MemoryError:
            outcome = ("memory",)
        except ValueError as exc:
            outcome = ("value_error", str(exc))
        except Exception as exc:
            outcome = ("crash", f"{type(exc).__name__}: {exc}")
        try:
            connection.send(outcome)
        except MemoryError:
            connection.send(("memory",))


def _limit(kind: int, value: int, *, hard: bool = True) -> None:
    _soft, ceiling = resource.getrlimit(kind)
    if ceiling != resource.RLIM_INFINITY:
        value = min(value, ceiling)
    resource.setrlimit(kind, (value, value if hard else ceiling))
