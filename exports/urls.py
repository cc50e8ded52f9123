from __future__ import annotations

from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("batches/<uuid:batch_id>/", views.export_create, name="create"),
    path("download/<str:token>/", views.export_download, name="download"),
]
