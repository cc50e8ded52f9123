from __future__ import annotations

from django.contrib import admin, messages

from batchsite.errors import ApplicationError
from queueing import services
from queueing.kinds import job_kind_get
from queueing.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "kind",
        "queue",
        "target_id",
        "owner",
        "state",
        "priority",
        "attempts",
        "worker",
        "last_error_code",
        "created_at",
    )
    list_filter = ("state", "kind", "queue", "last_error_code", "created_at")
    search_fields = ("target_id", "owner__username", "worker")
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
            rerun = job_kind_get(job.kind).rerun
            try:
                if job.state == Job.State.FAILED and rerun is not None:
                    rerun(job, request.user)
                    done += 1
                elif services.job_resend(job=job):
                    done += 1
            except ApplicationError as exc:
                self.message_user(request, f"Job {job.pk}: {exc}", messages.WARNING)
        services.dispatch()
        self.message_user(request, f"{done} job(s) requeued.")

    @admin.action(description="Cancel selected jobs that have not started", permissions=["change"])
    def cancel(self, request, queryset) -> None:
        done = 0
        for job in queryset.filter(state__in=Job.NOT_STARTED):
            withdraw = job_kind_get(job.kind).withdraw
            try:
                if withdraw is not None and withdraw(job, request.user):
                    done += 1
                    continue
            except ApplicationError as exc:  # the work is not the operator's to change
                if exc.code != "not_found":
                    self.message_user(request, f"Job {job.pk}: {exc}", messages.WARNING)
                    continue
            services.job_cancel(job=job)
            done += 1
        self.message_user(request, f"{done} job(s) cancelled.")
