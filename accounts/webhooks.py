"""Webhooks: a signed POST to the owner's URL when a batch finishes, as a ledger job.

A delivery is a follow-up job of the batch's finish (``followups``), run on the ``webhooks``
queue under the owner's cap and retried by the ledger with backoff. Each call goes through
``batchsite.outbound_http``: public addresses only, checked at save and at send time, the
connection pinned to the checked address, no redirects, one deadline for the whole exchange.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from accounts.models import WebhookEndpoint
from batches.models import Batch
from batches.selectors import batch_counters
from batchsite import outbound_http
from batchsite.errors import ApplicationError
from queueing.models import Job
from queueing.runs import JobFailed, JobRetry

SIGNATURE_HEADER = "X-Batchsite-Signature"
# The same for every attempt of one delivery: a receiver that saw it already can ignore a repeat.
DELIVERY_HEADER = "X-Batchsite-Delivery"


class WebhookDeliveryError(Exception):
    """The receiver did not take the event (network error, deadline, a non-2xx answer): retry later."""


class WebhookRefused(Exception):
    """The URL may not be called (a private address, http where https is required): no retry helps."""


def webhook_set(*, user: AbstractBaseUser, url: str, active: bool = True) -> WebhookEndpoint:
    url = url.strip()
    if url:
        webhook_url_check(url=url)
    endpoint, _ = WebhookEndpoint.objects.get_or_create(
        user=user, defaults={"url": url, "secret": secrets.token_hex(32), "active": active}
    )
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=url, active=active and bool(url))
    endpoint.refresh_from_db()
    return endpoint


def webhook_url_check(*, url: str) -> None:
    """Refuse, with the reason, a URL that deliveries would refuse (its addresses as resolved now)."""
    if len(url) > WebhookEndpoint._meta.get_field("url").max_length:
        raise ApplicationError("The webhook URL is too long (500 characters at most).", "invalid_url")
    try:
        target = outbound_http.target_parse(url, require_https=settings.HTTPS)
        outbound_http.addresses_resolve(
            target,
            allow_private=settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
            timeout=settings.WEBHOOK_DEADLINE_SECONDS,
        )
    except (outbound_http.OutboundRefused, outbound_http.OutboundFailed) as exc:
        raise ApplicationError(f"Webhook not saved: {exc}", "invalid_url") from None


def wants_webhook(batch: Batch) -> bool:
    """A finished batch's follow-up: its owner has an active webhook with a URL."""
    return WebhookEndpoint.objects.filter(user_id=batch.owner_id, active=True).exclude(url="").exists()


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` HMAC of ``timestamp.body`` with the endpoint's secret (receivers recompute it)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def webhook_deliver(*, batch_id: str, delivery_id: str = "") -> bool:
    """POST the batch-finished event; False when there is nothing to send."""
    batch = Batch.objects.filter(pk=batch_id).first()
    endpoint = WebhookEndpoint.objects.filter(user_id=batch.owner_id, active=True).first() if batch else None
    if batch is None or endpoint is None or not endpoint.url:
        return False
    body = json.dumps(
        {"event": "batch.finished", "batch": batch_counters(batch), "name": str(batch)}
    ).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Batchsite-Webhook/1",
        "X-Batchsite-Event": "batch.finished",
        "X-Batchsite-Timestamp": timestamp,
        SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
        **({DELIVERY_HEADER: delivery_id} if delivery_id else {}),
    }
    try:
        status = outbound_http.post(
            endpoint.url,
            body=body,
            headers=headers,
            deadline_seconds=settings.WEBHOOK_DEADLINE_SECONDS,
            require_https=settings.HTTPS,
            allow_private=settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
        )
    except outbound_http.OutboundRefused as exc:
        raise WebhookRefused(str(exc)) from None
    except outbound_http.OutboundFailed as exc:
        raise WebhookDeliveryError(str(exc)) from None
    if 300 <= status < 400:
        raise WebhookDeliveryError(f"answered {status}; redirects are not followed, give the final URL")
    if not 200 <= status < 300:
        raise WebhookDeliveryError(f"answered {status}")
    return True


def webhook_deliver_job(job: Job) -> None:
    """The webhook job's work: one attempt at delivering its batch's event."""
    try:
        webhook_deliver(batch_id=job.target_id, delivery_id=f"job-{job.pk}")
    except WebhookRefused as exc:
        raise JobFailed(str(exc), "webhook_refused") from None
    except WebhookDeliveryError as exc:
        raise JobRetry(str(exc), "webhook_failed") from None
