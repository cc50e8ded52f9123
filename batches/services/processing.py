"""Processing in the worker: claim, run the processor, record the outcome once; progress events."""

from __future__ import annotations

import logging
import posixpath
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections, models, router, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from batches import progress
from batches.models import Batch, Document, document_output_path
from batches.processing import ProcessingError, get_processor
from batches.processing.base import FILE_TOO_LARGE, INTERNAL_ERROR, TIMEOUT
from batches.selectors import batch_counters, document_row
from batches.services.followups import batch_followups_create
from batches.services.llm_usage import batch_add_llm_usage, llm_engine_config, llm_usage_priced
from queueing import services as queueing
from queueing.models import Job
from queueing.services import ClaimedJob

logger = logging.getLogger(__name__)

STORAGE_ERROR = "storage_error"
# The batch counter each terminal status moves.
_COUNTER = {
    Document.Status.SUCCEEDED: "succeeded_count",
    Document.Status.FAILED: "failed_count",
    Document.Status.CANCELLED: "cancelled_count",
}


def lock_batch(batch_id: object) -> str | None:
    """Lock the batch row first in every transaction that also changes its documents; its status.

    Batch actions (cancel, retry) lock the batch and then its documents; a worker that locked a
    document and then waited for the batch would deadlock with them on PostgreSQL. One order,
    batch before documents, everywhere. (SQLite's IMMEDIATE transactions serialise anyway.)
    """
    return Batch.objects.select_for_update().filter(pk=batch_id).values_list("status", flat=True).first()


def _publish(batch_id: object, document: Document | None, *, urgent: bool = False) -> None:
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None:
        return
    rows = [document_row(document)] if document is not None else []
    progress.publish(str(batch_id), batch_counters(batch), rows, urgent=urgent or batch.is_final)


def document_claim(*, document_id: int, document: Document | None = None) -> Document | None:
    """Move a queued document to processing; None when it is not to run (gone, paused, done).

    A document already ``processing`` is handed back with one more attempt: its earlier
    attempt's worker died (the ledger resends a job only then), and the counters already count it.
    """
    if document is None:
        document = Document.objects.select_related("batch").filter(pk=document_id).first()
    if document is None or document.batch.status not in (Batch.Status.QUEUED, Batch.Status.PROCESSING):
        return None
    with transaction.atomic():
        lock_batch(document.batch_id)
        now = timezone.now()  # after the lock: a later commit never carries an earlier time
        claimed = Document.objects.filter(pk=document.pk, status=Document.Status.QUEUED).update(
            status=Document.Status.PROCESSING, started_at=now, attempts=F("attempts") + 1, step="processing"
        )
        if claimed:
            Batch.objects.filter(pk=document.batch_id).update(
                processing_count=F("processing_count") + 1,
                status=Case(
                    When(status=Batch.Status.QUEUED, then=Value(Batch.Status.PROCESSING)), default=F("status")
                ),
                started_at=Coalesce(F("started_at"), Value(now)),
                updated_at=now,
            )
        elif document.status != Document.Status.PROCESSING:
            return None  # already finished or cancelled: a redelivered message is a no-op
        else:
            claimed = Document.objects.filter(pk=document.pk, status=Document.Status.PROCESSING).update(
                attempts=F("attempts") + 1
            )
    if claimed:
        document.status, document.started_at, document.step = Document.Status.PROCESSING, now, "processing"
        document.attempts += 1
    progress.publish(str(document.batch_id), None, [document_row(document)])
    return document


def document_finish(
    *,
    document: Document,
    status: str,
    fields: dict[str, Any],
    duration_ms: int | None = None,
) -> bool:
    """Record a document's terminal state once; counters and batch status move with it.

    ``duration_ms`` is the document's own processing time as measured around its processor;
    without one (a cancel, an abandoned attempt) it is the time since the claim.
    """
    counter = _COUNTER[status]
    with transaction.atomic():
        lock_batch(document.batch_id)
        now = timezone.now()  # after the lock: a later commit never carries an earlier time
        if duration_ms is None and document.started_at:
            duration_ms = int((now - document.started_at).total_seconds() * 1000)
        finished = Document.objects.filter(pk=document.pk, status=Document.Status.PROCESSING).update(
            status=status, finished_at=now, duration_ms=duration_ms, step="", **fields
        )
        if finished:
            Batch.objects.filter(pk=document.batch_id).update(
                processing_count=F("processing_count") - 1, **{counter: F(counter) + 1}, updated_at=now
            )
            batch_complete_if_done(batch_id=document.batch_id)
    if finished:
        document.status, document.finished_at, document.duration_ms, document.step = (
            status,
            now,
            duration_ms,
            "",
        )
        for name, value in fields.items():
            setattr(document, name, value)
        _publish(document.batch_id, document)
    return bool(finished)


def batch_complete_if_done(*, batch_id: object) -> bool:
    """Give a batch its final status once every document is terminal; True when it just did.

    A plain read of the counters first: most calls (one per document or step) find documents
    still to go, and the conditional ``UPDATE`` with its ``CASE`` costs a few milliseconds to
    build. The ``UPDATE`` alone decides.
    """
    counts = (
        Batch.objects.filter(pk=batch_id)
        .values_list("total_documents", "succeeded_count", "failed_count", "cancelled_count")
        .first()
    )
    if counts is None or counts[0] != sum(counts[1:]):
        return False
    with transaction.atomic():  # the final status and its follow-ups commit together (an outbox)
        completed = Batch.objects.filter(
            pk=batch_id,
            status__in=(Batch.Status.QUEUED, Batch.Status.PROCESSING),
            total_documents=F("succeeded_count") + F("failed_count") + F("cancelled_count"),
        ).update(
            status=Case(
                When(succeeded_count=0, failed_count__gt=0, then=Value(Batch.Status.FAILED)),
                When(failed_count__gt=0, then=Value(Batch.Status.COMPLETED_WITH_ERRORS)),
                default=Value(Batch.Status.COMPLETED),
            ),
            finished_at=timezone.now(),
        )
        if completed:
            batch_followups_create(batch_id=batch_id)
    return bool(completed)


def _processor_options(document: Document) -> dict[str, Any]:
    batch = document.batch
    engine = batch.engine or settings.ENGINE_DEFAULT
    return {
        **batch.options,
        "strategy": batch.prompt_strategy,
        "prompt": document.prompt or batch.global_prompt or (batch.options or {}).get("prompt", ""),
        "engine": engine,
        "engine_config": llm_engine_config(owner=batch.owner) if engine == "openai" else {},
    }


def document_run_job(*, job_id: int, worker: str = "") -> None:
    """The body of the document task: claim the job, process the document, record both."""
    job = queueing.job_claim(job_id=job_id, worker=worker)
    if job is None:
        return
    document = Document.objects.select_related("batch").filter(pk=int(job.target_id)).first()
    if document is None:
        queueing.job_cancel(job=job)
        return
    if job.state == Job.State.FAILED:  # out of attempts: its worker kept dying
        _fail_abandoned(document, job)
        return
    if document.batch.status == Batch.Status.PAUSED:
        queueing.jobs_give_back(job_ids=[job.pk], hold=True)
        return
    claimed = document_claim(document_id=document.pk, document=document)
    if claimed is None:
        _settle_unclaimable(job, document.pk)
        return
    document = claimed
    outcome = document_process(document=document)
    if outcome.transient and queueing.job_retry_later(job=job, code=outcome.code, message=outcome.message):
        _requeue_for_retry(document, outcome)
        return
    if outcome.transient:
        outcome = _Outcome(Document.Status.FAILED, code=outcome.code, message=outcome.message)
    _record(document, outcome)
    if outcome.status == Document.Status.FAILED:
        queueing.job_fail(job=job, code=outcome.code, message=outcome.message)
    else:
        queueing.job_succeed(job=job)


def _settle_unclaimable(job: Job, document_id: int) -> None:
    """The document is not to run: mirror its state on the job.

    A worker killed between finishing a document and finishing its job leaves the job running;
    when the job comes back, its document is already done, and the job ends as the document did.
    A document still ``processing`` in a cancelled batch was held by a worker that died after
    the cancel: it ends cancelled, or it would count as running for ever.
    """
    document = Document.objects.select_related("batch").filter(pk=document_id).first()
    status = document.status if document else None
    if status == Document.Status.PROCESSING and document.batch.status == Batch.Status.CANCELLED:
        document_finish(document=document, status=Document.Status.CANCELLED, fields={})
        status = Document.Status.CANCELLED
    if status == Document.Status.SUCCEEDED:
        queueing.job_succeed(job=job)
    elif status == Document.Status.FAILED:
        queueing.job_fail(job=job, code="document_failed", message="The document had already failed.")
    else:  # cancelled, or its batch is gone or paused
        queueing.job_cancel(job=job)


class _Outcome:
    def __init__(self, status: str, *, fields: dict | None = None, code: str = "", message: str = "",
                 transient: bool = False) -> None:  # fmt: skip
        self.status, self.fields, self.code, self.message, self.transient = (
            status,
            fields or {},
            code,
            message,
            transient,
        )
        self.processing_ms: int | None = None  # this document's own time (set by document_process)


# A document's step is saved once it has run this long; before, it is only published (in memory,
# coalesced): a document of a few milliseconds costs no UPDATE per step.
STEP_SAVE_AFTER_SECONDS = 0.25


def _step_reporter(document: Document):
    """A callback for processors with visible steps (reading, OCR, extracting; story, audio)."""
    started = time.monotonic()

    def report(step: str) -> None:
        step = str(step)[:64]
        if time.monotonic() - started >= STEP_SAVE_AFTER_SECONDS and not Document.objects.filter(
            pk=document.pk, status=Document.Status.PROCESSING
        ).update(step=step):
            return  # finished or cancelled meanwhile
        document.step = step
        progress.publish(str(document.batch_id), None, [document_row(document)])

    return report


def document_process(*, document: Document) -> _Outcome:
    """Run the batch's processor on one claimed document; never raises for bad input.

    The outcome carries the document's own processing time, failed or not: in a shared message
    the step's claim and record times are the same for all its documents.
    """
    started = time.monotonic()
    outcome = _document_run_processor(document, started)
    outcome.processing_ms = int((time.monotonic() - started) * 1000)
    return outcome


def _document_run_processor(document: Document, started: float) -> _Outcome:
    from batches.services.outputs import document_store_outputs, outputs_delete

    try:
        with document.file.open("rb") as handle:
            content = handle.read()
        options = {**_processor_options(document), "on_step": _step_reporter(document)}
        result = get_processor(document.batch.processor).process(
            content, filename=document.original_name, options=options
        )
        outputs_delete(document.outputs)  # an earlier attempt's files
        if document.attempts > 1:  # an attempt whose process died may have stored files it never recorded
            _delete_unrecorded_outputs(document)
        outputs = document_store_outputs(document=document, outputs=result.outputs) if result.outputs else []
    except ProcessingError as exc:
        return _Outcome(Document.Status.FAILED, code=exc.code, message=exc.message, transient=exc.transient)
    except SoftTimeLimitExceeded:
        return _Outcome(
            Document.Status.FAILED,
            code=TIMEOUT,
            message="Processing took longer than the time limit and was stopped.",
        )
    except MemoryError:  # past the worker's address-space ceiling (WORKER_MEMORY_LIMIT_BYTES)
        return _Outcome(
            Document.Status.FAILED,
            code=FILE_TOO_LARGE,
            message="Processing this file needs more memory than a worker may use; it was stopped.",
        )
    except OSError as exc:  # storage hiccup: worth another try
        logger.warning("document %s: storage error %s", document.pk, exc)
        return _Outcome(
            Document.Status.FAILED,
            code=STORAGE_ERROR,
            message="The stored file could not be read.",
            transient=True,
        )
    except Exception:
        logger.exception("document %s failed unexpectedly", document.pk)
        return _Outcome(
            Document.Status.FAILED,
            code=INTERNAL_ERROR,
            message="An unexpected error stopped processing of this file.",
        )
    meta = llm_usage_priced(meta={**result.meta, "processing_ms": int((time.monotonic() - started) * 1000)})
    batch_add_llm_usage(batch_id=document.batch_id, meta=meta)
    return _Outcome(
        Document.Status.SUCCEEDED,
        fields={
            "result": result.data,
            "sources": result.sources,
            "document_type": result.document_type,
            "meta": meta,
            "outputs": outputs,
            "error_code": "",
            "error_message": "",
        },
    )


def _delete_unrecorded_outputs(document: Document) -> None:
    """Delete the document's stored outputs that no record names (a dead attempt's files)."""
    folder = posixpath.dirname(document_output_path(document, 0))
    recorded = {record.get("path") for record in document.outputs or []}
    try:
        names = default_storage.listdir(folder)[1]
    except FileNotFoundError:
        return
    for name in names:
        if name.startswith(f"{document.pk}-") and f"{folder}/{name}" not in recorded:
            default_storage.delete(f"{folder}/{name}")


def document_process_inline(*, document_id: int) -> None:
    """Process one queued document in this process, without the broker (``process_batch --inline``)."""
    document = document_claim(document_id=document_id)
    if document is None:
        return
    for attempt in range(queueing.queue_policy("documents")["max_attempts"]):
        outcome = document_process(document=document)
        if not outcome.transient:
            break
        time.sleep(min(2**attempt, 30))
    _record(document, outcome)


def _record(document: Document, outcome: _Outcome) -> None:
    document_finish(
        document=document,
        status=outcome.status,
        fields=_outcome_fields(outcome),
        duration_ms=outcome.processing_ms,
    )


def _outcome_fields(outcome: _Outcome) -> dict[str, Any]:
    if outcome.status == Document.Status.SUCCEEDED:
        return outcome.fields
    return {"error_code": outcome.code, "error_message": outcome.message, "result": {}, "sources": {}}


def _fail_abandoned(document: Document, job: Job) -> None:
    document.refresh_from_db()
    if document.status != Document.Status.PROCESSING:
        claimed = document_claim(document_id=document.pk)
        if claimed is None:
            return
        document = claimed
    _record(
        document, _Outcome(Document.Status.FAILED, code=job.last_error_code, message=job.last_error_message)
    )


def _requeue_for_retry(document: Document, outcome: _Outcome) -> None:
    with transaction.atomic():
        lock_batch(document.batch_id)
        now = timezone.now()  # after the lock: a later commit never carries an earlier time
        moved = Document.objects.filter(pk=document.pk, status=Document.Status.PROCESSING).update(
            status=Document.Status.QUEUED, step="waiting to retry", error_code=outcome.code,
            error_message=outcome.message, queued_at=now,
        )  # fmt: skip
        if moved:
            Batch.objects.filter(pk=document.batch_id).update(
                processing_count=F("processing_count") - 1, updated_at=now
            )
    document.refresh_from_db()
    _publish(document.batch_id, document)


# --- Shared messages: several small documents per broker message ------------------------------

STEP_SECONDS = 0.5  # a shared message writes (and shows) its results at least this often
_PACE: dict[object, float] = {}  # seconds per document of recent batches, in this process
# What processing and the progress row read of a document (its stored results are not loaded).
_RUN_FIELDS = (
    "id", "batch_id", "position", "original_name", "file", "prompt", "status", "step", "document_type",
    "outputs", "error_code", "error_message", "attempts", "queued_at", "started_at",
    "duration_ms",
)  # fmt: skip
_JOB_STATE = {
    Document.Status.SUCCEEDED: Job.State.SUCCEEDED,
    Document.Status.FAILED: Job.State.FAILED,
    Document.Status.CANCELLED: Job.State.CANCELLED,
}


def document_run_jobs(*, job_ids: Sequence[int], worker: str = "", message: int | None = None) -> None:
    """The body of the documents task: one job alone, or a shared message's jobs in steps.

    ``message`` (the ledger's id of this broker message) lets it claim only the jobs it still
    carries: recovery may have sent one of them alone since.
    """
    if len(job_ids) == 1:
        document_run_job(job_id=job_ids[0], worker=worker)
        return
    _SharedMessage(list(job_ids), worker, message).run()


class _SharedMessage:
    """Runs the small documents one broker message carries, a step at a time.

    Each step is one transaction (batch row first): record the documents just processed in
    bulk, then claim the next few. The step's size follows the measured time per document, so
    results are written at least every ``STEP_SECONDS`` and a killed worker leaves only one
    step's documents running; those come back one per message when their lease lapses (the
    reaper), while the redelivered message runs the rest. When other work waits, no document
    starts after ``QUEUE_MESSAGE_SECONDS``: the rest go back to the ledger, whose order (and
    fairness between users) decides what runs next. Every write is conditional, as in the
    single path.
    """

    def __init__(self, job_ids: list[int], worker: str, message: int | None = None) -> None:
        self.pending = job_ids
        self.worker = worker
        self.message = message
        self.started = time.monotonic()
        self.pace: float | None = None  # seconds per document over the last step (the first may import)
        self.processed = 0
        self.yield_check_at = settings.QUEUE_MESSAGE_SECONDS  # seconds into the message
        self.stop = False  # no further document: one hit its time limit, or the message's time is up
        self.fresh: set[int] = set()  # documents this message moved to processing
        self.spent: list[int] = []  # jobs out of attempts: the single path fails them with the reason
        self.batch: Batch | None = None
        ids = Job.objects.filter(pk__in_ints=job_ids).values_list("batch_id", "owner_id").first()
        self.batch_id, self.owner_id = ids if ids else (None, None)

    def run(self) -> None:
        done: list[tuple[ClaimedJob, Document, _Outcome]] = []
        unstarted: list[tuple[ClaimedJob, Document]] = []
        while self.batch_id is not None:
            take = self._step_size()
            claimed = self._step(done, unstarted, take)
            done, unstarted = [], []
            if not claimed:
                if take and self.pending:
                    continue  # those were done or another worker's: try the next ones
                break
            step_started = time.monotonic()
            for index, (job, document) in enumerate(claimed):
                if self.stop or self._time_is_up():
                    unstarted = claimed[index:]
                    break
                outcome = self._process(job, document)
                self.processed += 1
                if outcome is not None:
                    done.append((job, document, outcome))
            self.pace = (time.monotonic() - step_started) / max(len(claimed) - len(unstarted), 1)
        if self.pace is not None:  # the next message of this batch in this process starts at this pace
            _PACE.pop(self.batch_id, None)
            _PACE[self.batch_id] = self.pace
            while len(_PACE) > 64:
                _PACE.pop(next(iter(_PACE)))
        for job_id in self.spent:
            document_run_job(job_id=job_id, worker=self.worker)
        if self.owner_id is not None:
            queueing.release_next(owner_id=self.owner_id)

    def _time_is_up(self) -> bool:
        """After each ``QUEUE_MESSAGE_SECONDS``, yield if other work waits (or at the ceiling).

        Other work: another batch's jobs waiting in the ledger or queued behind this message.
        With none, the message goes on for another period rather than pay for a give-back and
        a new message. The first document always runs, or a message could never end.
        """
        elapsed = time.monotonic() - self.started
        if not self.processed or elapsed <= self.yield_check_at:
            return False
        if elapsed > settings.QUEUE_MESSAGE_MAX_SECONDS or queueing.jobs_waiting_besides(
            batch_id=self.batch_id
        ):
            self.stop = True  # decided once: the rest go back to the ledger, the message ends
            return True
        self.yield_check_at = elapsed + settings.QUEUE_MESSAGE_SECONDS
        return False

    def _step_size(self) -> int:
        if self.stop or self._time_is_up():
            return 0
        pace = self.pace or _PACE.get(self.batch_id)
        if pace is None:
            return 1  # measure one before taking more
        return max(1, int(STEP_SECONDS / max(pace, 1e-6)))

    def _process(self, job: ClaimedJob, document: Document) -> _Outcome | None:
        outcome = document_process(document=document)
        if outcome.code == TIMEOUT:
            self.stop = True  # the hard limit is near: no further document in this message
        if outcome.transient:
            if queueing.job_retry_later(job=job, code=outcome.code, message=outcome.message, release=False):
                _requeue_for_retry(document, outcome)
                return None
            outcome = _Outcome(Document.Status.FAILED, code=outcome.code, message=outcome.message)
        return outcome

    def _step(
        self,
        done: list[tuple[ClaimedJob, Document, _Outcome]],
        unstarted: list[tuple[ClaimedJob, Document]],
        take: int,
    ) -> list[tuple[ClaimedJob, Document]]:
        changed: list[Document] = []
        claimed: list[tuple[ClaimedJob, Document]] = []
        with transaction.atomic():
            status = lock_batch(self.batch_id)
            if done:
                changed += self._finish(done)
            if unstarted:
                self._unclaim(unstarted, hold=status == Batch.Status.PAUSED)
            if take and status in (Batch.Status.QUEUED, Batch.Status.PROCESSING):
                ids, self.pending = self.pending[:take], self.pending[take:]
                claimed = self._claim(ids, started=status == Batch.Status.PROCESSING)
                changed += [document for _, document in claimed]
            elif self.pending:  # time budget spent, batch paused, cancelled or gone
                queueing.jobs_give_back(job_ids=self.pending, hold=status == Batch.Status.PAUSED)
                self.pending = []
        if changed or unstarted:
            _publish_rows(self.batch_id, changed)
        return claimed

    def _claim(self, job_ids: list[int], *, started: bool) -> list[tuple[ClaimedJob, Document]]:
        jobs, spent = queueing.jobs_claim(job_ids=job_ids, worker=self.worker, message=self.message)
        self.spent += spent
        if not jobs:
            return []
        if self.batch is None:  # what a run reads of its batch is fixed at submit: read once
            self.batch = Batch.objects.get(pk=self.batch_id)
        targets = Document.objects.only(*_RUN_FIELDS).filter(pk__in_ints=[j.target_id for j in jobs])
        documents = {document.pk: document for document in targets}
        for document in documents.values():
            document.batch = self.batch  # one batch object for the message, not one per document
        fresh = [pk for pk, d in documents.items() if d.status == Document.Status.QUEUED]
        now = timezone.now()
        if fresh:
            Document.objects.filter(pk__in_ints=fresh, status=Document.Status.QUEUED).update(
                status=Document.Status.PROCESSING,
                started_at=now,
                attempts=F("attempts") + 1,
                step="processing",
            )
            # (the batch row is locked: ``started`` is its status now)
            begins = {} if started else {
                "status": Case(
                    When(status=Batch.Status.QUEUED, then=Value(Batch.Status.PROCESSING)), default=F("status")
                ),
                "started_at": Coalesce(F("started_at"), Value(now)),
            }  # fmt: skip
            Batch.objects.filter(pk=self.batch_id).update(
                processing_count=F("processing_count") + len(fresh), updated_at=now, **begins
            )
            self.fresh.update(fresh)
        resumed = [pk for pk, d in documents.items() if d.status == Document.Status.PROCESSING]
        if resumed:  # an earlier attempt's worker died (the ledger resends only then): one more attempt
            Document.objects.filter(pk__in_ints=resumed, status=Document.Status.PROCESSING).update(
                attempts=F("attempts") + 1
            )
            self.fresh.update(resumed)  # (given back like a fresh claim if it does not start)
        claimed, settled, taken = [], defaultdict(list), set()
        for job in jobs:
            document = documents.get(int(job.target_id))
            if document is None or document.pk in taken:  # gone, or a second job for one document
                settled[Job.State.CANCELLED].append(job)
            elif document.status in (Document.Status.QUEUED, Document.Status.PROCESSING):
                if document.status == Document.Status.QUEUED:
                    document.status, document.started_at = Document.Status.PROCESSING, now
                    document.step = "processing"
                # (one already processing: an earlier attempt's worker died; the counters count it)
                document.attempts += 1
                claimed.append((job, document))
                taken.add(document.pk)
            else:  # already terminal: the job ends as its document did
                settled[_JOB_STATE.get(document.status, Job.State.CANCELLED)].append(job)
        for state, settled_jobs in settled.items():
            queueing.jobs_finish(jobs=settled_jobs, state=state, code="document_done",
                                 message="The document had already finished.")  # fmt: skip
        return claimed

    def _unclaim(self, unstarted: list[tuple[ClaimedJob, Document]], *, hold: bool) -> None:
        ids = [document.pk for _, document in unstarted]
        moved = 0
        for fresh in (True, False):  # only this message's own claims give their attempt back
            subset = [pk for pk in ids if (pk in self.fresh) == fresh]
            moved += Document.objects.filter(pk__in_ints=subset, status=Document.Status.PROCESSING).update(
                status=Document.Status.QUEUED, step="", started_at=None,
                **({"attempts": F("attempts") - 1} if fresh else {}),
            )  # fmt: skip
        Batch.objects.filter(pk=self.batch_id).update(
            processing_count=F("processing_count") - moved, updated_at=timezone.now()
        )
        queueing.jobs_give_back(job_ids=[job.pk for job, _ in unstarted], hold=hold)
        for _, document in unstarted:
            document.status, document.step = Document.Status.QUEUED, ""

    def _finish(self, done: list[tuple[ClaimedJob, Document, _Outcome]]) -> list[Document]:
        """Record processed documents in bulk; counters, jobs and the batch's status move with them."""
        now = timezone.now()
        running = set(
            Document.objects.filter(
                pk__in_ints=[d.pk for _, d, _ in done], status=Document.Status.PROCESSING
            ).values_list("pk", flat=True)
        )
        rows, counts, finished = [], Counter(), []
        jobs_by_end: dict[tuple[str, str, str], list[ClaimedJob]] = defaultdict(list)
        for job, document, outcome in done:
            if document.pk not in running:  # finished elsewhere meanwhile: the job mirrors it
                current = Document.objects.filter(pk=document.pk).values_list("status", flat=True).first()
                jobs_by_end[(_JOB_STATE.get(current, Job.State.CANCELLED), "document_done", "")].append(job)
                continue
            duration = outcome.processing_ms  # the document's own time, not the step's
            if duration is None and document.started_at:
                duration = int((now - document.started_at).total_seconds() * 1000)
            values = {"status": outcome.status, "finished_at": now, "duration_ms": duration, "step": "",
                      **_outcome_fields(outcome)}  # fmt: skip
            rows.append((document.pk, values))
            for name, value in values.items():
                setattr(document, name, value)
            counts[_COUNTER[outcome.status]] += 1
            finished.append(document)
            jobs_by_end[(_JOB_STATE[outcome.status], outcome.code, outcome.message)].append(job)
        _update_rows(Document, rows, where={"status": Document.Status.PROCESSING})
        if rows:
            Batch.objects.filter(pk=self.batch_id).update(
                processing_count=F("processing_count") - len(rows),
                **{name: F(name) + n for name, n in counts.items()},
                updated_at=now,
            )
            batch_complete_if_done(batch_id=self.batch_id)
        for (state, code, message), jobs in jobs_by_end.items():
            queueing.jobs_finish(jobs=jobs, state=state, code=code, message=message)
        return finished


def _update_rows(model: type[models.Model], rows: list[tuple[int, dict[str, Any]]], *, where: dict) -> None:
    """UPDATE each row by primary key with its own values, in one statement per set of columns.

    ``bulk_update`` builds a CASE per column and row, which costs more than processing a small
    document. PostgreSQL gets one ``UPDATE … FROM (VALUES …)``; SQLite, whose statements are
    cheap in-process calls, a prepared ``executemany``. Each field does its own conversion.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote, meta = connection.ops.quote_name, model._meta
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    conditions = [meta.get_field(name) for name in where]
    fixed = [f.get_db_prep_save(where[f.name], connection) for f in conditions]
    groups: dict[tuple[str, ...], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for key, values in rows:
        groups[tuple(values)].append((key, values))
    for names, group in groups.items():
        fields = [meta.get_field(name) for name in names]
        values = [[key, *(f.get_db_prep_save(v[f.name], connection) for f in fields)] for key, v in group]
        if connection.vendor == "postgresql":
            row = f"({', '.join(['%s'] * (len(fields) + 1))})"
            columns = ", ".join(["pk", *(f"c{i}" for i in range(len(fields)))])
            sql = (
                f"UPDATE {table} SET "
                + ", ".join(
                    f"{quote(f.column)} = CAST(v.c{i} AS {f.db_type(connection)})"
                    for i, f in enumerate(fields)
                )
                + f" FROM (VALUES {', '.join([row] * len(values))}) AS v({columns})"
                + f" WHERE {table}.{pk} = CAST(v.pk AS {meta.pk.rel_db_type(connection)})"
                + "".join(f" AND {table}.{quote(f.column)} = %s" for f in conditions)
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [param for value in values for param in value] + fixed)
            continue
        sql = (
            f"UPDATE {table} SET {', '.join(f'{quote(f.column)} = %s' for f in fields)} WHERE {pk} = %s"
            + "".join(f" AND {quote(f.column)} = %s" for f in conditions)
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, [[*value[1:], value[0], *fixed] for value in values])


def _publish_rows(batch_id: object, documents: list[Document]) -> None:
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is not None:
        rows = [document_row(d) for d in documents]
        progress.publish(str(batch_id), batch_counters(batch), rows, urgent=batch.is_final)
