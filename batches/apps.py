from __future__ import annotations

from django.apps import AppConfig


class BatchesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "batches"

    def ready(self) -> None:
        # Sign-ins come from django.contrib.auth as a signal; it only writes the audit log.
        from django.contrib.auth.signals import user_logged_in

        from batches.audit import audit_record

        def record_sign_in(sender, request, user, **kwargs) -> None:
            audit_record(actor=user, action="sign_in", target=user, request=request)

        user_logged_in.connect(record_sign_in, dispatch_uid="batches.audit.sign_in")
        _connect_worker_signals()
        _register_job_kinds()
        _register_processors()


def _connect_worker_signals() -> None:
    from celery import signals

    from batches.progress import on_pool_process_exit

    signals.worker_process_shutdown.connect(on_pool_process_exit, weak=False)


def _register_processors() -> None:
    from batches import processor_specs
    from batches.processors import processor_register

    for spec in processor_specs.ALL:
        processor_register(spec)


def _register_job_kinds() -> None:
    """The ledger's kinds this app runs, and the follow-ups a finished batch writes for them."""
    from batches import job_kinds
    from batches.services.followups import FollowUp, followup_register, wants_notice
    from queueing.kinds import job_kind_register

    for kind in job_kinds.ALL:
        job_kind_register(kind)
    followup_register(FollowUp(kind=job_kinds.BATCH_NOTICE, queue="maintenance", wanted=wants_notice))
