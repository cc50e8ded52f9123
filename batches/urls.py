from __future__ import annotations

from django.urls import path

from batches import document_views, draft_views, help_views, views, wizard_views
from batches.wizard import NewBatchWizard
from batchsite.ratelimits import rate_limited

app_name = "batches"

urlpatterns = [
    path("", views.batch_list, name="list"),
    path("new/", rate_limited("submit")(NewBatchWizard.as_view()), name="new"),
    path("prompt-fields.json", rate_limited("preview")(wizard_views.prompt_fields), name="prompt_fields"),
    path("help/", help_views.user_guide, name="help"),
    path("help/screenshots/<str:name>", help_views.guide_screenshot, name="help_screenshot"),
    path("bulk/", views.batch_bulk_action, name="bulk"),
    path("<uuid:batch_id>/", views.batch_detail, name="detail"),
    path("<uuid:batch_id>/status.json", views.batch_status, name="status"),
    path("<uuid:batch_id>/documents/<int:document_id>/", views.document_detail, name="document"),
    path("<uuid:batch_id>/documents/<int:document_id>/retry/", views.document_retry, name="document_retry"),
    path(
        "<uuid:batch_id>/documents/<int:document_id>/regenerate/",
        views.document_regenerate_view,
        name="document_regenerate",
    ),
    path("<uuid:batch_id>/documents/", document_views.documents_action, name="documents_action"),
    path(
        "<uuid:batch_id>/documents/<int:document_id>/result.json",
        document_views.document_result_download,
        name="document_result",
    ),
    path(
        "<uuid:batch_id>/documents/<int:document_id>/files/<int:index>/",
        document_views.document_output_download,
        name="document_output",
    ),
    path("<uuid:batch_id>/single-file/", document_views.batch_single_file_download, name="single_file"),
    path("<uuid:batch_id>/<slug:action>/", views.batch_action, name="action"),
    path("drafts/<uuid:batch_id>/files/", views.draft_upload, name="draft_upload"),
    path("drafts/<uuid:batch_id>/files.json", draft_views.draft_files, name="draft_files"),
    path("drafts/<uuid:batch_id>/files/<int:document_id>/remove/", views.draft_remove, name="draft_remove"),
]
