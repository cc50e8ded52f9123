"""Webhooks: a signed POST to the owner's URL when a batch finishes, retried with backoff."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request

from django.contrib.auth.models import AbstractBaseUser

from batches.models import Batch, WebhookEndpoint
from batches.selectors import batch_counters
from batchsite.errors import ApplicationError

SIGNATURE_HEADER = "X-Batchsite-Signature"
TIMEOUT_SECONDS = 10


class WebhookDeliveryError(Exception):
    """The receiver did not take the event (network error or a non-2xx answer): retry later."""


def webhook_set(*, user: AbstractBaseUser, url: str, active: bool = True) -> WebhookEndpoint:
    if url and not url.startswith(("https://", "http://")):
        raise ApplicationError("The webhook URL must start with https:// or http://.", "invalid_url")
    endpoint, _ = WebhookEndpoint.objects.get_or_create(
        user=user, defaults={"url": url, "secret": secrets.token_hex(32), "active": active}
    )
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=url, active=active and bool(url))
    endpoint.refresh_from_db()
    return endpoint


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` HMAC of ``timestamp.body`` with the endpoint's secret (receivers recompute it)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def webhook_deliver(*, batch_id: str) -> bool:
    """POST the batch-finished event; False when there is nothing to send."""
    batch = Batch.objects.filter(pk=batch_id).first()
    endpoint = WebhookEndpoint.objects.filter(user_id=batch.owner_id, active=True).first() if batch else None
    if batch is None or endpoint is None or not endpoint.url:
        return False
    body = json.dumps(
        {"event": "batch.finished", "batch": batch_counters(batch), "name": str(batch)}
    ).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Batchsite-Webhook/1",
            "X-Batchsite-Event": "batch.finished",
            "X-Batchsite-Timestamp": timestamp,
            SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            if not 200 <= response.status < 300:
                raise WebhookDeliveryError(f"answered {response.status}")
    except urllib.error.HTTPError as exc:
        raise WebhookDeliveryError(f"answered {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise WebhookDeliveryError(str(exc)) from exc
    return True
