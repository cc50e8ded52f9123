"""The job kinds the accounts app runs through the ledger (registered in ``AccountsConfig.ready``)."""

from __future__ import annotations

from queueing.kinds import JobKind

# A follow-up of a finished batch (written by its finish, in the same transaction).
WEBHOOK = JobKind("webhook", "Deliver the batch's webhook", task="batches.deliver_webhook")

ALL = (WEBHOOK,)
