"""The job kinds the batches app runs through the ledger (registered in ``BatchesConfig.ready``)."""

from __future__ import annotations

from queueing.kinds import JobKind
from queueing.models import Job

DOCUMENTS = JobKind(
    Job.Kind.DOCUMENT, "Process a document", task="batches.process_documents", shares_message=True
)
# Follow-ups of a finished batch (written by its finish, in the same transaction).
WEBHOOK = JobKind("webhook", "Deliver the batch's webhook", task="batches.deliver_webhook")
BATCH_NOTICE = JobKind("batch_notice", "Tell the owner the batch finished", task="batches.notify_finished")

ALL = (DOCUMENTS, WEBHOOK, BATCH_NOTICE)
