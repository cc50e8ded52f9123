"""Job kinds: what a job of each kind runs, registered by the app that owns the work.

The ledger stores a kind's name on each job and asks its spec here how to send it; it knows no
app's task by name. An app registers its kinds once, in its ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class JobKind:
    """One kind of job: its stored name, its label, the Celery task that runs it.

    ``shares_message``: the task takes a list of job ids, so small jobs of one batch may ride
    in one broker message; otherwise it takes one job id.

    ``rerun`` and ``withdraw`` are what an operator's requeue of a failed job and cancel of a
    waiting one mean for the owning app's work (a document runs again; a document is cancelled
    with its job). Each takes ``(job, actor)``; ``withdraw`` says whether it withdrew the work.
    A kind without them is resent or cancelled in the ledger alone.
    """

    name: str
    label: str
    task: str
    shares_message: bool = False
    rerun: Callable[[Any, Any], None] | None = None
    withdraw: Callable[[Any, Any], bool] | None = None

    def __str__(self) -> str:
        return self.name


_KINDS: dict[str, JobKind] = {}


def job_kind_register(kind: JobKind) -> JobKind:
    """Register a kind once (again with the same spec is a no-op, as when ``ready()`` reruns)."""
    known = _KINDS.setdefault(kind.name, kind)
    if known != kind:
        raise ValueError(f"job kind {kind.name!r} is already registered as {known!r}")
    return kind


def job_kind_get(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"no job kind {name!r} is registered (is its app installed?)") from None


def job_kind_choices() -> list[tuple[str, str]]:
    """The registered kinds as field choices (a callable, so a new kind needs no migration)."""
    return [(kind.name, kind.label) for kind in _KINDS.values()]
