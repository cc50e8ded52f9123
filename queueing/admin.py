from __future__ import annotations

from django.contrib import admin, messages

from batches import services as batch_services
from batches.models import Document
from batchsite.errors import ApplicationError
from queueing import services
from queueing.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "queue", "target_id", "owner", "state", "priority", "attempts", "worker",
                    "last_error_code", "created_at")  # fmt: skip
    list_filter = ("state", "kind", "queue", "last_error_code", "created_at")
    search_fields = ("target_id", "owner__username", "batch__name", "worker")
    raw_id_fields = ("batch", "owner")
    list_select_related = ("owner",)
    date_hierarchy = "created_at"
    actions = ["requeue", "cancel"]

    @admin.action(
        description="Requeue selected jobs (failed documents run again; stuck jobs are resent)",
        permissions=["change"],
    )
    def requeue(self, request, queryset) -> None:
        done = 0
        for job in queryset:
            try:
                if job.state == Job.State.FAILED and job.kind == Job.Kind.DOCUMENT:
                    document = Document.objects.select_related("batch").get(pk=job.target_id)
                    batch_services.document_requeue(document=document, actor=request.user)
                    done += 1
                elif services.job_resend(job=job):
                    done += 1
            except (ApplicationError, Document.DoesNotExist) as exc:
                self.message_user(request, f"Job {job.pk}: {exc}", messages.WARNING)
        services.dispatch()
        self.message_user(request, f"{done} job(s) requeued.")

    @admin.action(description="Cancel selected jobs that have not started", permissions=["change"])
    def cancel(self, request, queryset) -> None:
        done = 0
        for job in queryset.filter(state__in=(Job.State.WAITING, Job.State.QUEUED)):
            try:
                if job.kind == Job.Kind.DOCUMENT:
                    document = Document.objects.select_related("batch").filter(pk=job.target_id).first()
                    if document and batch_services.document_cancel(document=document, actor=request.user):
                        done += 1
                        continue
            except ApplicationError as exc:  # the document's batch is not the operator's to change
                self.message_user(request, f"Job {job.pk}: {exc}", messages.WARNING)
                continue
            services.job_cancel(job=job)
            done += 1
        self.message_user(request, f"{done} job(s) cancelled.")
