"""Sign-in throttling: wrong passwords are counted per client address and per user name (issue 18)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.batches.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def tight_limits(settings):
    """Three wrong passwords per user name, five per address, in a quarter of an hour."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": ("3 per 15 minutes", "5 per 15 minutes")}


def _sign_in(client, url: str, username: str, password: str, ip: str):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN])
def test_wrong_passwords_then_the_right_one_answer_429(client, tight_limits, url):
    # given: an account (staff, so the admin would let it in) and three wrong passwords for it
    user = UserFactory(is_staff=True, is_superuser=True)
    ip = "10.7.0.1" if url == SITE_LOGIN else "10.7.0.2"
    wrong = [_sign_in(client, url, user.username, "nope", ip) for _ in range(3)]
    # when: the right password comes next
    response = _sign_in(client, url, user.username, "pw-123456", ip)
    # then: refused with 429, a wait and a clear message; nobody is signed in
    assert [r.status_code for r in wrong] == [200, 200, 200]
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_user_name_is_throttled_from_any_address(client, tight_limits):
    user = UserFactory()
    for n in range(3):
        _sign_in(client, SITE_LOGIN, user.username, "nope", f"10.8.0.{n}")
    # a fresh address, the right password (and the name typed in capitals): still refused
    response = _sign_in(client, SITE_LOGIN, user.username.upper(), "pw-123456", "10.8.0.99")
    assert response.status_code == 429


def test_one_address_trying_many_names_is_throttled(client, tight_limits):
    user = UserFactory()
    for n in range(5):
        _sign_in(client, SITE_LOGIN, f"someone{n}", "nope", "10.9.0.1")
    response = _sign_in(client, SITE_LOGIN, user.username, "pw-123456", "10.9.0.1")
    assert response.status_code == 429
    # another address may still sign that user in
    assert _sign_in(client, SITE_LOGIN, user.username, "pw-123456", "10.9.0.2").status_code == 302


def test_successful_sign_ins_do_not_count(client, tight_limits):
    user = UserFactory()
    for _ in range(6):
        response = _sign_in(client, SITE_LOGIN, user.username, "pw-123456", "10.10.0.1")
        assert response.status_code == 302
        client.logout()
    assert response["Location"] == reverse("batches:list")
