"""The job kinds the exports app runs through the ledger (registered in ``ExportsConfig.ready``)."""

from __future__ import annotations

from queueing.kinds import JobKind
from queueing.models import Job

EXPORT = JobKind(Job.Kind.EXPORT, "Write an export", task="exports.run_export_job")
# A follow-up of a finished batch that makes output files: the ZIP of them, made once.
BATCH_FILES = JobKind("batch_files", "Export a finished batch's files", task="exports.export_batch_files")

ALL = (EXPORT, BATCH_FILES)
