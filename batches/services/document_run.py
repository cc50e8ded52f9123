"""Running documents: a broker message's jobs (one, or many small documents of one batch), or inline.

``document_run_jobs`` is the body of the documents task, whatever the message carries: a job
alone is a message of one. The run applies the rules of ``processing`` (claim, finish, give
back, retry later) together with the ledger's, a step at a time, and only decides the pace.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from batches.models import Batch, Document
from batches.processing.base import TIMEOUT
from batches.services.processing import (
    RUNNABLE,
    Result,
    batch_publish,
    document_claim,
    document_finish,
    documents_claim,
    documents_finish,
    documents_give_back,
    documents_retry_later,
    lock_batch,
)
from batches.services.processor_run import Outcome, document_process
from queueing import services as queueing
from queueing.models import Job
from queueing.services import ClaimedJob, SpentJob

STEP_SECONDS = 0.5  # a message writes (and shows) its results at least this often
_PACE: dict[object, float] = {}  # seconds per document of recent batches, in this process
# What processing and the progress row read of a document (its stored results are not loaded).
_RUN_FIELDS = (
    "id",
    "batch_id",
    "position",
    "original_name",
    "file",
    "prompt",
    "status",
    "step",
    "document_type",
    "outputs",
    "error_code",
    "error_message",
    "attempts",
    "queued_at",
    "started_at",
    "duration_ms",
)
_JOB_STATE = {
    Document.Status.SUCCEEDED: Job.State.SUCCEEDED,
    Document.Status.FAILED: Job.State.FAILED,
    Document.Status.CANCELLED: Job.State.CANCELLED,
}
Done = tuple[ClaimedJob, Document, Outcome]


def document_run_jobs(*, job_ids: Sequence[int], worker: str = "", message: int | None = None) -> None:
    """The body of the documents task: run the jobs a broker message carries.

    ``message`` (the ledger's id of this broker message) lets it claim only the jobs it still
    carries: recovery may have sent one of them alone since.
    """
    DocumentRun(list(job_ids), worker, message).run()


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
    document_finish(
        document=document,
        status=outcome.status,
        fields=outcome.stored_fields(),
        duration_ms=outcome.processing_ms,
    )


class DocumentRun:
    """Runs the documents of one broker message, a step at a time.

    Each step is one transaction, batch row first: record the documents the last step ran
    (finished, to retry later, or claimed but not started), then claim the next few, jobs and
    documents together. The step's size follows the measured time per document, so results
    are written at least every ``STEP_SECONDS`` and a killed worker leaves only one step's
    documents running; those come back one per message when their process is found dead,
    while the redelivered message runs the rest. When other work waits, no document starts
    after ``QUEUE_MESSAGE_SECONDS``: the rest go back to the ledger, whose order (and fairness
    between users) decides what runs next. A paused batch's jobs go back held; a cancelled
    batch's documents that did not finish end cancelled.
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
        self.batch: Batch | None = None
        self.done: list[Done] = []  # ran in the last step: recorded by the next
        self.unstarted: list[tuple[ClaimedJob, Document]] = []  # claimed in the last step, not started
        self.changed: list[Document] = []  # the step's documents, for the progress event
        ids = Job.objects.filter(pk__in_ints=job_ids).values_list("batch_id", "owner_id").first()
        self.batch_id, self.owner_id = ids if ids else (None, None)

    def run(self) -> None:
        while self.batch_id is not None:
            take = self._step_size()
            claimed = self._step(take)
            if not claimed:
                if take and self.pending:
                    continue  # those were done or another worker's: try the next ones
                break
            step_started = time.monotonic()
            for index, (job, document) in enumerate(claimed):
                if self.stop or self._time_is_up():
                    self.unstarted = claimed[index:]
                    break
                self.done.append((job, document, self._process(job, document)))
                self.processed += 1
            self.pace = (time.monotonic() - step_started) / max(len(claimed) - len(self.unstarted), 1)
        self._remember_pace()
        if self.owner_id is not None:
            queueing.release_next(owner_id=self.owner_id)

    def _remember_pace(self) -> None:
        """The next message of this batch in this process starts at this pace."""
        if self.pace is not None:
            _PACE.pop(self.batch_id, None)
            _PACE[self.batch_id] = self.pace
            while len(_PACE) > 64:
                _PACE.pop(next(iter(_PACE)))

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

    def _process(self, job: ClaimedJob, document: Document) -> Outcome:
        outcome = document_process(document=document)
        if outcome.code == TIMEOUT:
            self.stop = True  # the hard limit is near: no further document in this message
        if outcome.transient and job.attempts >= job.max_attempts:  # no attempt left: it fails now
            outcome = Outcome(
                Document.Status.FAILED,
                code=outcome.code,
                message=outcome.message,
                processing_ms=outcome.processing_ms,
            )
        return outcome

    def _step(self, take: int) -> list[tuple[ClaimedJob, Document]]:
        claimed: list[tuple[ClaimedJob, Document]] = []
        with transaction.atomic():
            status = lock_batch(self.batch_id)
            now = timezone.now()  # after the lock: a later commit never carries an earlier time
            self._record(status, now)
            if take and status in RUNNABLE:
                ids, self.pending = self.pending[:take], self.pending[take:]
                claimed = self._claim(ids, status, now)
            elif status in RUNNABLE or status == Batch.Status.PAUSED:  # time budget spent, or paused
                queueing.jobs_give_back(job_ids=self.pending, hold=status == Batch.Status.PAUSED)
                self.pending = []
            elif self.pending:  # a cancelled or finished batch: each job ends as its document did
                self._claim(self.pending, status, now)
                self.pending = []
        changed, self.changed = self.changed, []
        if changed:
            batch_publish(batch_id=self.batch_id, documents=changed)
        return claimed

    def _record(self, status: str | None, now) -> None:
        """Record what the last step ran: finished, to retry later, or claimed but not started.

        Those not finished go back to the queue (held while the batch is paused); in a batch
        cancelled meanwhile they end cancelled.
        """
        done, unstarted = self.done, self.unstarted
        self.done, self.unstarted = [], []
        if status not in (*RUNNABLE, Batch.Status.PAUSED):
            cancelled = Outcome(Document.Status.CANCELLED)
            done = [(job, document, cancelled if o.transient else o) for job, document, o in done]
            done += [(job, document, cancelled) for job, document in unstarted]
            unstarted = []
        hold = status == Batch.Status.PAUSED
        retries = [(job, document, o) for job, document, o in done if o.transient]
        self._finish([entry for entry in done if not entry[2].transient], now)
        for job, _, outcome in retries:
            queueing.job_retry_later(
                job=job, code=outcome.code, message=outcome.message, release=False, hold=hold
            )
        documents_retry_later(
            batch_id=self.batch_id, retries=[(d, o.code, o.message) for _, d, o in retries], now=now
        )
        documents_give_back(batch_id=self.batch_id, documents=[d for _, d in unstarted], now=now)
        queueing.jobs_give_back(job_ids=[job.pk for job, _ in unstarted], hold=hold)
        self.changed += [document for _, document, _ in done] + [document for _, document in unstarted]

    def _finish(self, done: list[Done], now) -> None:
        """Record finished documents in bulk; each job ends as its document did."""
        if not done:
            return
        results = [Result(d, o.status, o.stored_fields(), o.processing_ms) for _, d, o in done]
        elsewhere = documents_finish(batch_id=self.batch_id, results=results, now=now)
        jobs_by_end: dict[tuple[str, str, str], list[ClaimedJob]] = defaultdict(list)
        for job, document, outcome in done:
            if document.pk in elsewhere:  # finished or cancelled meanwhile: the job mirrors it
                end = (_JOB_STATE.get(elsewhere[document.pk], Job.State.CANCELLED), "document_done", "")
            else:
                end = (_JOB_STATE[outcome.status], outcome.code, outcome.message)
            jobs_by_end[end].append(job)
        for (state, code, message), jobs in jobs_by_end.items():
            queueing.jobs_finish(jobs=jobs, state=state, code=code, message=message)

    def _claim(self, job_ids: list[int], status: str | None, now) -> list[tuple[ClaimedJob, Document]]:
        """Claim these jobs and their documents in one go; those not to run end as their documents did.

        In a batch no longer runnable (cancelled, finished) nothing starts: a document still
        processing there lost its worker after the cancel and ends cancelled.
        """
        if not job_ids:
            return []
        jobs, spent = queueing.jobs_claim(job_ids=job_ids, worker=self.worker, message=self.message)
        if not jobs and not spent:
            return []
        documents = self._documents([job.target_id for job in (*jobs, *spent)])
        self._fail_spent(spent, documents, status, now)
        runnable = status in RUNNABLE
        pairs, ending, settled, taken = [], [], defaultdict(list), set()
        for job in jobs:
            document = documents.get(int(job.target_id))
            if document is None or document.pk in taken:  # gone, or a second job for one document
                settled[Job.State.CANCELLED].append(job)
            elif runnable and document.status in (Document.Status.QUEUED, Document.Status.PROCESSING):
                pairs.append((job, document))
                taken.add(document.pk)
            elif document.status == Document.Status.PROCESSING:
                ending.append((job, document, Outcome(Document.Status.CANCELLED)))
            else:  # already terminal: the job ends as its document did
                settled[_JOB_STATE.get(document.status, Job.State.CANCELLED)].append(job)
        for state, settled_jobs in settled.items():
            queueing.jobs_finish(
                jobs=settled_jobs,
                state=state,
                code="document_done",
                message="The document had already finished.",
            )
        self._finish(ending, now)
        documents_claim(
            batch_id=self.batch_id,
            documents=[d for _, d in pairs],
            started=status == Batch.Status.PROCESSING,
            now=now,
        )
        self.changed += [d for _, d in pairs] + [d for _, d, _ in ending]
        return pairs

    def _fail_spent(self, spent: list[SpentJob], documents: dict[int, Document], status, now) -> None:
        """Jobs out of attempts (their worker died on each): their documents fail with the reason."""
        found = [(job, documents[int(job.target_id)]) for job in spent if int(job.target_id) in documents]
        if status in RUNNABLE:  # one still queued is claimed first, so the counters count it
            queued = [d for _, d in found if d.status == Document.Status.QUEUED]
            documents_claim(batch_id=self.batch_id, documents=queued, started=False, now=now)
        failing = [(job, d) for job, d in found if d.status == Document.Status.PROCESSING]
        results = [
            Result(
                d,
                Document.Status.FAILED,
                Outcome(Document.Status.FAILED, code=job.code, message=job.message).stored_fields(),
            )
            for job, d in failing
        ]
        documents_finish(batch_id=self.batch_id, results=results, now=now)
        self.changed += [d for _, d in failing]

    def _documents(self, target_ids: list[str]) -> dict[int, Document]:
        if self.batch is None:  # what a run reads of its batch is fixed at submit: read once
            self.batch = Batch.objects.get(pk=self.batch_id)
        targets = Document.objects.only(*_RUN_FIELDS).filter(pk__in_ints=target_ids)
        documents = {document.pk: document for document in targets}
        for document in documents.values():
            document.batch = self.batch  # one batch object for the message, not one per document
        return documents
