"""Writes on batches and documents, by concern; import from here: ``from batches import services``."""

from __future__ import annotations

from batches.services.document_run import document_process_inline, document_run_jobs  # noqa: F401
from batches.services.engines import (  # noqa: F401
    engine_default,
    engine_for,
    engine_label,
    engine_offers,
    llm_engine_configured,
    llm_engine_settings,
    llm_engine_test_connection,
    priority_name,
    priority_parse,
)
from batches.services.lifecycle import (  # noqa: F401
    batch_cancel,
    batch_delete,
    batch_pause,
    batch_resume,
    batch_retry_failed,
    data_expire,
    document_cancel,
    document_requeue,
    draft_discarded_if_refused,
)
from batches.services.processing import (  # noqa: F401
    batch_complete_if_done,
    document_claim,
    document_finish,
)
from batches.services.processor_run import document_process  # noqa: F401
from batches.services.submission import (  # noqa: F401
    batch_submit,
    documents_expand_topics,
)
from batches.services.uploads import (  # noqa: F401
    batch_create_draft,
    batch_get_or_create_draft,
    batch_recount_draft,
    document_add_rejected,
    document_add_upload,
    document_remove,
    documents_add_files,
    documents_reorder,
    sniff_content_type,
)
