from __future__ import annotations

from django.apps import AppConfig


class ExportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exports"

    def ready(self) -> None:
        from batches.services.followups import FollowUp, followup_register
        from exports import job_kinds
        from exports.services import wants_batch_files
        from queueing.kinds import job_kind_register

        for kind in job_kinds.ALL:
            job_kind_register(kind)
        # A converting batch's output files are made as soon as it finishes.
        followup_register(FollowUp(kind=job_kinds.BATCH_FILES, queue="exports", wanted=wants_batch_files))
