from __future__ import annotations

from django.urls import path

from accounts import views

app_name = "accounts"

# Under /batches/ (included there), where the page has always been.
urlpatterns = [
    path("account/", views.account, name="account"),
]
