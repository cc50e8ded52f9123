from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from batchsite.api import api
from batchsite.login import AdminLoginForm, LoginForm, login_throttled
from queueing.views import healthz

# The admin's own login view, with the throttled form; routed below ahead of the admin's URLs.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="batches:list", permanent=False)),
    path(
        "accounts/login/",
        login_throttled(auth_views.LoginView.as_view(authentication_form=LoginForm)),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/login/", login_throttled(admin.site.login)),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("batches/", include("accounts.urls")),
    path("batches/", include("uploads.urls")),
    path("batches/", include("analytics.urls")),
    path("batches/", include("batches.urls")),
    path("convert/", include("batches.convert_urls")),
    path("exports/", include("exports.urls")),
]
