"""A real Daphne serving the ASGI app, a real worker, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import ROOT, start_worker, stop_worker

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# `make screenshots` refreshes the committed ones; a normal run writes them under var/.
SCREENSHOTS = (
    ROOT / "docs" / "screenshots"
    if os.environ.get("UPDATE_SCREENSHOTS")
    else Path(settings.VAR_DIR) / "screenshots"
)


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("Debian's chromium is required for the browser tests: apt-get install chromium")


@pytest.fixture(scope="module")
def e2e_worker(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        worker = start_worker("e2e", concurrency=2)
    yield worker
    stop_worker(worker)


@pytest.fixture(autouse=True)
def _worker_done_before_the_flush(transactional_db):
    """A test's last follow-ups (a notice, an export) may still run on the worker when it ends:
    the flush that empties the database waits for them, or on PostgreSQL it deadlocks with the
    worker's row locks (seen once in the suite)."""
    yield
    from queueing.models import Job

    busy = Job.objects.filter(state__in=(Job.State.QUEUED, Job.State.RUNNING))
    deadline = time.monotonic() + 30
    while busy.exists() and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.fixture(scope="module")
def browser(daphne_server, e2e_worker):
    """Chromium for the module. Playwright's sync API keeps an event loop running in this
    thread; the test's own ORM calls stay plain synchronous code, which Django must be told
    to allow (only in this process: the server and worker keep their async-safety checks)."""
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
            )
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    # Playwright's wait_for_function evaluates its string with eval, which the site's
    # Content-Security-Policy forbids; tests/e2e/test_csp.py drives the pages with the policy on.
    context = browser.new_context(
        accept_downloads=True, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(45_000)
    yield page
    context.close()


def sign_in(page, server, user) -> None:
    """Sign in through the real login form (the factories' password)."""
    page.goto(f"{server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/batches/")
