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
