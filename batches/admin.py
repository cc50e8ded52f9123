from __future__ import annotations

from django.contrib import admin, messages

from batches import services
from batches.models import AuditEvent, Batch, Document
from batchsite.client_ip import client_ip
from batchsite.errors import ApplicationError


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ("position", "original_name", "status", "document_type", "error_code", "attempts", "duration_ms")
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    max_num = 0


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "owner",
        "processor",
        "status",
        "total_documents",
        "succeeded_count",
        "failed_count",
        "created_at",
    )
    list_filter = ("status", "processor", "prompt_strategy", "created_at")
    search_fields = ("id", "name", "owner__username", "documents__original_name")
    readonly_fields = (
        "id",
        "total_documents",
        "total_bytes",
        "processing_count",
        "succeeded_count",
        "failed_count",
        "cancelled_count",
        "submitted_at",
        "started_at",
        "finished_at",
        "created_at",
        "updated_at",
    )
    list_select_related = ("owner",)
    date_hierarchy = "created_at"
    inlines = [DocumentInline]
    actions = ["pause", "resume", "cancel", "retry_failed", "delete_with_files"]

    def _apply(self, request, queryset, service, label: str) -> None:
        done = 0
        for batch in queryset:
            try:
                service(batch=batch, actor=request.user, ip=client_ip(request))
                done += 1
            except ApplicationError as exc:
                self.message_user(request, f"{batch}: {exc.message}", messages.WARNING)
        self.message_user(request, f"{label}: {done} batch(es).")

    @admin.action(description="Pause selected batches", permissions=["change"])
    def pause(self, request, queryset) -> None:
        self._apply(request, queryset, services.batch_pause, "Paused")

    @admin.action(description="Resume selected batches", permissions=["change"])
    def resume(self, request, queryset) -> None:
        self._apply(request, queryset, services.batch_resume, "Resumed")

    @admin.action(description="Cancel selected batches", permissions=["change"])
    def cancel(self, request, queryset) -> None:
        self._apply(request, queryset, services.batch_cancel, "Cancelled")

    @admin.action(description="Retry failed documents of selected batches", permissions=["change"])
    def retry_failed(self, request, queryset) -> None:
        self._apply(request, queryset, services.batch_retry_failed, "Retried")

    @admin.action(description="Delete selected batches with their files", permissions=["delete"])
    def delete_with_files(self, request, queryset) -> None:
        self._apply(request, queryset, services.batch_delete, "Deleted")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would leave the stored files behind
        return actions


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = (
        "original_name",
        "batch",
        "status",
        "document_type",
        "error_code",
        "attempts",
        "duration_ms",
    )
    list_filter = ("status", "document_type", "error_code", "content_type")
    search_fields = ("original_name", "sha256", "batch__name", "batch__id")
    readonly_fields = ("batch", "sha256", "size", "content_type", "created_at", "updated_at")
    list_select_related = ("batch",)
    raw_id_fields = ("batch",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "target_type", "target_label", "ip_address")
    list_filter = ("action", "target_type", "created_at")
    search_fields = ("actor__username", "target_id", "target_label", "ip_address")
    date_hierarchy = "created_at"
    list_select_related = ("actor",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
