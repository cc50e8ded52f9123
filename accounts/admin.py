from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from accounts.models import ApiToken, Plan, PlanAssignment, WebhookEndpoint
from accounts.tokens import api_token_create
from batches import services


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
    change_list_template = "admin/accounts/plan/change_list.html"  # links the LLM engine page

    def get_urls(self):
        engine = path(
            "llm-engine/", self.admin_site.admin_view(self.llm_engine_view), name="accounts_llm_engine"
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
        return TemplateResponse(request, "admin/accounts/llm_engine.html", context)


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
