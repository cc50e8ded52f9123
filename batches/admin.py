from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from batches import services
from batches.models import ApiToken, AuditEvent, Batch, Document, Plan, PlanAssignment, WebhookEndpoint
from batches.tokens import api_token_create
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


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = (
        "label",
        "name",
        "files_per_batch",
        "bytes_per_file",
        "batches_in_flight",
        "documents_per_month",
        "jobs_in_flight",
        "llm_engine",
        "llm_tokens_per_month",
    )
    change_list_template = "admin/batches/plan/change_list.html"  # links the LLM engine page

    def get_urls(self):
        engine = path(
            "llm-engine/", self.admin_site.admin_view(self.llm_engine_view), name="batches_llm_engine"
        )
        return [engine, *super().get_urls()]

    def llm_engine_view(self, request):
        """The LLM engine's settings and, on POST, a test of the connection to its endpoint."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            report = services.llm_engine_test_connection(operator=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": "LLM engine",
            "opts": self.model._meta,
            "engine_settings": services.llm_engine_settings(),
            "plans": Plan.objects.filter(llm_engine=True).order_by("name"),
            "report": report,
        }
        return TemplateResponse(request, "admin/batches/llm_engine.html", context)


@admin.register(PlanAssignment)
class PlanAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "plan", "updated_at")
    list_filter = ("plan",)
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at")
    search_fields = ("name", "user__username", "prefix")
    raw_id_fields = ("user",)
    fields = ("user", "name", "prefix", "last_used_at")
    readonly_fields = ("prefix", "last_used_at")

    def get_readonly_fields(self, request, obj=None):
        # a token stays with the user it was made for: moving it would hand that user's access over
        return (*self.readonly_fields, "user") if obj is not None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # an API token acts as its user: only a superuser may make one for somebody else
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = get_user_model().objects.filter(pk=request.user.pk)
            kwargs["error_messages"] = {
                "invalid_choice": (
                    "You may make API tokens only for yourself; a superuser makes them for others."
                )
            }
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, key = api_token_create(user=obj.user, name=obj.name)
        obj.pk, obj.prefix, obj.key_hash = token.pk, token.prefix, token.key_hash
        self.message_user(
            request, f"The new token is {key} — copy it now, it is not shown again.", messages.WARNING
        )


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("user", "url", "active", "updated_at")
    list_filter = ("active",)
    search_fields = ("user__username", "url")
    raw_id_fields = ("user",)
