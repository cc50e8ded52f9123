from __future__ import annotations

from django.urls import path

from batchsite.ratelimits import rate_limited
from uploads import views

app_name = "uploads"

# Under /batches/ (included there), where the endpoints have always been.
urlpatterns = [
    path("drafts/<uuid:batch_id>/uploads/", rate_limited("upload")(views.upload_start), name="upload_start"),
    path("uploads/<uuid:session_id>/", views.upload_session, name="upload_session"),
    path("uploads/<uuid:session_id>/complete/", views.upload_complete, name="upload_complete"),
]
