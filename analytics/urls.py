from __future__ import annotations

from django.urls import path

from analytics import views

app_name = "analytics"

# Under /batches/ (included there), where the page has always been.
urlpatterns = [
    path("analytics/", views.analytics, name="analytics"),
]
