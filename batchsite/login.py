"""Sign-in throttling for the site's and the admin's login: wrong passwords are counted per client
address and per user name (``RATE_LIMITS["login"]``); over either limit the login answers 429,
even for the right password, until the window has moved on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from batchsite.client_ip import client_ip
from batchsite.ratelimits import login_failed, login_wait


class LoginThrottled(Exception):
    def __init__(self, wait: int) -> None:
        super().__init__(
            f"Too many failed sign-ins for this account or from this address: try again in {wait} seconds."
        )
        self.wait = wait


class ThrottledLoginMixin:
    """Checks the limits before the password is, and counts a refused sign-in against them."""

    def clean(self):
        ip = client_ip(self.request) or "unknown"
        username = str(self.data.get("username", ""))[:150]
        wait = login_wait(ip=ip, username=username)
        if wait is not None:
            raise LoginThrottled(wait)
        try:
            return super().clean()
        except ValidationError:
            login_failed(ip=ip, username=username)
            raise


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


def login_throttled(view: Callable) -> Callable:
    """Wrap a login view: a throttled sign-in answers 429 with ``Retry-After`` and says why."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except LoginThrottled as exc:
            response = render(request, "rate_limited.html", {"message": str(exc)}, status=429)
            response["Retry-After"] = str(exc.wait)
            return response

    return wrapper
