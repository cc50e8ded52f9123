"""Personal API tokens: created once, stored hashed, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from accounts.models import ApiToken

TOKEN_PREFIX = "bs_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """A new token for the user; returns it with the key, which is never shown again."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100] or "API token", prefix=key[:11], key_hash=_hash(key)
    )
    return token, key


def api_token_user(*, key: str, touch: bool = True) -> AbstractBaseUser | None:
    """The active user a key belongs to, or None; ``touch`` records the use (``last_used_at``)."""
    if not key or not key.startswith(TOKEN_PREFIX):
        return None
    digest = _hash(key)
    token = ApiToken.objects.select_related("user").filter(prefix=key[:11]).filter(key_hash=digest).first()
    if token is None or not hmac.compare_digest(token.key_hash, digest) or not token.user.is_active:
        return None
    if touch:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_token_revoke(*, user: AbstractBaseUser, token_id: int) -> bool:
    return bool(ApiToken.objects.filter(pk=token_id, user=user).delete()[0])
