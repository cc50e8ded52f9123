"""Submitting a draft: freeze its configuration, check quotas, hand its documents to the job ledger."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.plans import plan_limits
from batches.audit import audit_record
from batches.models import AuditEvent, Batch, Document
from batches.processors import DEFAULT_PROCESSOR, processor_spec
from batches.services.archives import archives_refuse_expanding
from batches.services.engines import engine_for
from batches.services.processing import batch_complete_if_done
from batches.services.uploads import _require_draft
from batchsite.errors import ApplicationError
from queueing import services as queueing
from queueing.models import Job
from uploads.ingest.filenames import clean_text

logger = logging.getLogger(__name__)


def _check_batches_in_flight(batch: Batch, owner: AbstractBaseUser) -> None:
    limits = plan_limits(owner=owner)
    in_flight = (
        Batch.objects.filter(
            owner=owner, status__in=(Batch.Status.QUEUED, Batch.Status.PROCESSING, Batch.Status.PAUSED)
        )
        .exclude(pk=batch.pk)
        .count()
    )
    if in_flight >= limits["batches_in_flight"]:
        raise ApplicationError(
            f"Your plan runs at most {limits['batches_in_flight']} batches at once; wait for one to finish.",
            "quota_batches_in_flight",
        )


def _check_monthly_documents(owner: AbstractBaseUser, documents: int) -> None:
    """The plan's documents per month: those submitted this month plus ``documents``."""
    limits = plan_limits(owner=owner)
    month_start = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    used = Document.objects.filter(batch__owner=owner, batch__submitted_at__gte=month_start).count()
    if used + documents > limits["documents_per_month"]:
        raise ApplicationError(
            f"This batch has {documents} documents, but your plan has "
            f"{max(limits['documents_per_month'] - used, 0)} "
            f"of {limits['documents_per_month']} left this month.",
            "quota_documents_per_month",
        )


def _require_submittable(batch: Batch, owner: AbstractBaseUser) -> None:
    """The owner's draft, with every archive expanded by now (its documents are then all known)."""
    _require_draft(batch, owner)
    archives_refuse_expanding(batch=batch)


def batch_submit(
    *,
    batch: Batch,
    owner: AbstractBaseUser,
    name: str,
    strategy: str,
    processor: str = DEFAULT_PROCESSOR,
    global_prompt: str = "",
    prompts: dict[int, str] | None = None,
    options: dict[str, Any] | None = None,
    engine: str = "",
    priority: int = Batch.Priority.NORMAL,
    enqueue: bool = True,
    ip: str | None = None,
) -> Batch:
    """Freeze the draft's configuration, queue every document and enqueue them after commit.

    ``engine`` empty runs the site's default where the owner may use it (``engine_for``);
    ``priority`` (a ``Batch.Priority``) orders this batch among its owner's own work only.
    ``enqueue=False`` leaves the queued documents to the caller (``process_batch --inline``).
    Documents rejected at upload (``document_add_rejected``) count as failed at once.
    """
    _require_submittable(batch, owner)
    name, global_prompt = clean_text(name), clean_text(global_prompt)
    engine = engine_for(owner=owner, requested=engine)
    if priority not in Batch.Priority.values:
        raise ApplicationError(f"Unknown priority {priority!r}.", "invalid_priority")
    prompts = {key: clean_text(value) for key, value in (prompts or {}).items()}
    spec = processor_spec(processor)
    if strategy not in Batch.Strategy.values:
        raise ApplicationError(f"Unknown prompt strategy {strategy!r}.", "invalid_strategy")
    _check_batches_in_flight(batch, owner)
    options = {} if options is None else options
    spec.prepare_submit(batch=batch, owner=owner, options=options)
    documents = list(
        batch.documents.order_by("position").values_list("pk", "original_name", "size", "status", named=True)
    )
    if not documents:
        raise ApplicationError("Add at least one file before submitting.", "no_documents")
    spec.check_submit(documents=documents, strategy=strategy, global_prompt=global_prompt, prompts=prompts)
    _check_monthly_documents(owner, len(documents))
    now = timezone.now()
    with transaction.atomic():
        updated = Batch.objects.filter(pk=batch.pk, status=Batch.Status.DRAFT).update(
            name=name.strip()[:200] or batch.name,
            processor=processor,
            prompt_strategy=strategy,
            global_prompt=global_prompt,
            options=options,
            engine=engine,
            priority=priority,
            status=Batch.Status.QUEUED,
            submitted_at=now,
            total_documents=len(documents),
            total_bytes=sum(d.size for d in documents),
            updated_at=now,
        )
        if not updated:
            raise ApplicationError("This batch was already submitted.", "not_draft")
        for document in documents:
            if strategy == Batch.Strategy.PER_DOCUMENT and prompts.get(document.pk):
                Document.objects.filter(pk=document.pk).update(prompt=prompts[document.pk])
        runnable = [d.pk for d in documents if d.status == Document.Status.PENDING]
        Document.objects.filter(pk__in_ints=runnable).update(status=Document.Status.QUEUED, queued_at=now)
        rejected = len(documents) - len(runnable)
        if rejected:
            Batch.objects.filter(pk=batch.pk).update(failed_count=F("failed_count") + rejected)
            batch_complete_if_done(batch_id=batch.pk)
        if enqueue:
            batch.priority = priority  # the jobs carry the batch's priority
            _create_jobs(batch, runnable, sizes={d.pk: d.size for d in documents})
        audit_record(
            actor=owner,
            action=AuditEvent.Action.SUBMIT,
            target=batch,
            ip=ip,
            extra={"documents": len(documents)},
        )
    batch.refresh_from_db()
    return batch


def documents_check_prompts(
    *, documents: list, strategy: str, global_prompt: str, prompts: dict[int, str]
) -> None:
    """Extraction needs a prompt for the batch, or one for each document to run."""
    if strategy == Batch.Strategy.GLOBAL and not global_prompt.strip():
        raise ApplicationError("Write a prompt (or pick a template) for the batch.", "prompt_required")
    if strategy == Batch.Strategy.PER_DOCUMENT:
        missing = [
            d.original_name
            for d in documents
            if d.status == Document.Status.PENDING and not (prompts.get(d.pk) or global_prompt).strip()
        ]
        if missing:
            raise ApplicationError(f"Write a prompt for: {', '.join(missing[:5])}.", "prompt_required")


def documents_expand_topics(*, batch: Batch, owner: AbstractBaseUser, rows: list[dict] | None = None) -> int:
    """Turn each topics spreadsheet in a draft into one document per row (the ``generate`` processor).

    ``rows`` (from the wizard's grid, edited by the user) replace the spreadsheets' own rows.
    A sheet that cannot be read stays as a failed document that says why (its file is removed).
    The sheets are parsed in a child process with a memory ceiling and a deadline, never in the
    web process this runs in at submit: a hostile workbook fails as its own document, with
    ``file_too_large`` or ``timeout``. The rows are counted against the plan's files per batch
    and documents per month before any is created. Returns the rows added.
    """
    from django.core.files.base import ContentFile

    from batches.processing import ProcessingError
    from batches.processing.convert.generate import topic_document, topic_rows
    from batches.processing.sandbox import LimitedProcess
    from batches.services.uploads import document_add_rejected, document_add_upload, document_remove

    sheets: list[tuple[Document, list[dict]]] = []
    stories: list[Document] = []  # the text documents a story is written from
    with LimitedProcess() as sandbox:
        for document in batch.documents.filter(status=Document.Status.PENDING).order_by("position"):
            with document.file.open("rb") as handle:
                content = handle.read()
            try:
                found = sandbox.call(topic_rows, content, filename=document.original_name)
            except ProcessingError as exc:
                document_remove(document=document, owner=owner)
                document_add_rejected(
                    batch=batch, owner=owner, name=document.original_name, code=exc.code, message=exc.message
                )
                continue
            if found is not None:
                sheets.append((document, found))
            else:
                stories.append(document)
    _check_stories(batch, owner, stories)
    if not sheets and rows is None:
        return 0
    if rows is not None:  # the wizard's grid, as the user left it, stands for every sheet
        source = sheets[0][0].original_name if sheets else "topics"
        edited = [dict(r, row=n, source_file=source) for n, r in enumerate(topic_rows_typed(rows), start=1)]
        sheets = [(document, []) for document, _ in sheets] + [(None, edited)]
    _check_topic_rows(batch, owner, sheets)
    added = 0
    for sheet, sheet_rows in sheets:
        if sheet is not None:
            document_remove(document=sheet, owner=owner)
        for row in sheet_rows:
            name, content = topic_document({"source_file": sheet.original_name if sheet else "topics", **row})
            # the topic travels as a small JSON document; its name says which row it was
            try:
                document_add_upload(
                    batch=batch, owner=owner, uploaded=ContentFile(content, name="topic.json"), name=name
                )
            except ApplicationError as exc:
                document_add_rejected(batch=batch, owner=owner, name=name, code=exc.code, message=exc.message)
            added += 1
    return added


TOPIC_KEYS = ("keyword", "tone", "word_count", "audience", "title", "prompt")


def topic_rows_typed(rows: object) -> list[dict]:
    """Typed topic rows (the wizard's grid, the API's ``topics``) as a topics sheet gives them:
    only the known columns, each a string of at most 2,000 characters, rows without a keyword
    dropped, at most ``MAX_ROWS``."""
    from batches.processing.convert.generate import MAX_ROWS

    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise ApplicationError("topics must be a list of objects, one per topic.", "invalid_options")
    if len(rows) > MAX_ROWS:
        raise ApplicationError(f"Send at most {MAX_ROWS:,} topics at once.", "too_many_rows")
    cleaned = [
        {key: clean_text(str(value))[:2000].strip() for key, value in row.items() if key in TOPIC_KEYS}
        for row in rows
    ]
    return [{k: v for k, v in row.items() if v} for row in cleaned if row.get("keyword")]


def _check_stories(batch: Batch, owner: AbstractBaseUser, stories: list[Document]) -> None:
    """The plan's limits on the documents stories are written from: each one over the size fails
    alone, saying why; more of them than the plan allows refuses the submit."""
    from django.template.defaultfilters import filesizeformat

    from batches.services.uploads import document_add_rejected, document_remove

    limits = plan_limits(owner=owner)
    most, largest = limits["story_files_per_batch"], limits["story_bytes_per_file"]
    for document in [d for d in stories if d.size > largest]:
        document_remove(document=document, owner=owner)
        document_add_rejected(
            batch=batch,
            owner=owner,
            name=document.original_name,
            code="file_too_large",
            message=f"A story is written from a document of at most {filesizeformat(largest)} on "
            f"your plan; this one is {filesizeformat(document.size)}.",
        )
    count = sum(1 for d in stories if d.size <= largest)
    if count > most:
        raise ApplicationError(
            f"This batch writes {count} stories from documents; your plan allows {most} per batch.",
            "too_many_stories",
        )


def _check_topic_rows(
    batch: Batch, owner: AbstractBaseUser, sheets: list[tuple[Document | None, list[dict]]]
) -> None:
    """The batch the topics would make, against the plan, before a single row is created.

    Each sheet gives way to its rows, so the batch ends with its other documents plus the rows.
    """
    limits = plan_limits(owner=owner)
    rows = sum(len(sheet_rows) for _, sheet_rows in sheets)
    total = batch.documents.count() - sum(1 for sheet, _ in sheets if sheet is not None) + rows
    if total > limits["files_per_batch"]:
        raise ApplicationError(
            f"The topics make {rows:,} documents, and this batch would hold {total:,}; "
            f"your plan allows {limits['files_per_batch']:,} per batch.",
            "too_many_files",
        )
    _check_monthly_documents(owner, total)


def _create_jobs(batch: Batch, document_ids: list[int], sizes: dict[int, int] | None = None) -> None:
    """One ledger job per document; released to the broker by the dispatcher after commit."""
    if sizes is None:
        sizes = dict(Document.objects.filter(pk__in_ints=document_ids).values_list("pk", "size"))
    queueing.jobs_create(
        kind=Job.Kind.DOCUMENT,
        owner_id=batch.owner_id,
        batch_id=batch.pk,
        targets=document_ids,
        priority=batch.priority,
        batch_size=batch.total_documents or len(document_ids),
        sizes=sizes,
    )
    transaction.on_commit(queueing.dispatch)
