"""Single-file mode, under /convert/."""

from __future__ import annotations

from django.urls import path

from batches import convert_views

app_name = "convert"

urlpatterns = [
    path("", convert_views.convert_page, name="page"),
    path("submit/", convert_views.convert_submit, name="submit"),
    path("<uuid:batch_id>/state.json", convert_views.convert_state, name="state"),
    path("<uuid:batch_id>/files/<int:index>/", convert_views.convert_file, name="file"),
]
