"""Settings, the embedded Redis, and the production checks."""

from __future__ import annotations

import os
import subprocess
import sys

import redis

from batchsite.embedded_redis import ensure_redis, stop_redis
from tests.conftest import ROOT


def _env_from_file(path) -> dict[str, str]:
    pairs = (
        line.split("=", 1) for line in path.read_text().splitlines() if line and not line.startswith("#")
    )
    return {key: value for key, value in pairs}


def test_embedded_redis_is_shared_by_every_process_of_the_checkout(tmp_path):
    var = tmp_path / "var"
    try:
        url = ensure_redis(var)
        assert ensure_redis(var) == url  # a second caller finds the running server
        assert redis.Redis.from_url(url).ping()
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
        env.update(BATCHSITE_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="batchsite.settings")
        out = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from django.conf import settings; print(settings.REDIS_URL)",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip().splitlines()[-1] == url
    finally:
        stop_redis(var)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
        stopped = False
    except redis.exceptions.ConnectionError:
        stopped = True
    assert stopped
    # after a stop, the next caller starts it again on the same port
    try:
        assert ensure_redis(var) == url
    finally:
        stop_redis(var)


def test_check_deploy_is_clean_with_the_example_production_environment():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "DATABASE_URL", "BATCHSITE_VAR_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(_env_from_file(ROOT / "docs" / "production.env.example"))
    env["DJANGO_SETTINGS_MODULE"] = "batchsite.settings"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_without_secret_key_or_with_debug_fails_the_deploy_check():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "DATABASE_URL", "BATCHSITE_VAR_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(_env_from_file(ROOT / "docs" / "production.env.example"))
    env.update(DJANGO_SETTINGS_MODULE="batchsite.settings", DEBUG="1")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr + result.stdout
