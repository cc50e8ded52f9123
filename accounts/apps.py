from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self) -> None:
        from accounts import job_kinds
        from accounts.webhooks import wants_webhook
        from batches.services.followups import FollowUp, followup_register
        from queueing.kinds import job_kind_register

        for kind in job_kinds.ALL:
            job_kind_register(kind)
        # A finished batch's webhook is delivered as a follow-up job, when its owner set one up.
        followup_register(FollowUp(kind=job_kinds.WEBHOOK, queue="webhooks", wanted=wants_webhook))
