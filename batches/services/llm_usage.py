"""What the LLM engine spends: tokens and cost per batch, and each plan's monthly token budget.

Every run of a document on the LLM engine counts, retries included: each was paid for. The
budget is soft at the edges: documents already running when it runs out finish their request,
and the next ones keep builtin's values and say why.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import F, Sum
from django.utils import timezone

from accounts.plans import user_plan
from batches.models import Batch
from batches.processing.openai_engine import cost_micro_usd


def _month_start():
    return timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def llm_tokens_spent_this_month(*, owner: AbstractBaseUser) -> int:
    """Tokens the owner's batches submitted this calendar month have spent."""
    totals = Batch.objects.filter(owner=owner, submitted_at__gte=_month_start()).aggregate(
        prompt=Sum("llm_prompt_tokens"), completion=Sum("llm_completion_tokens")
    )
    return (totals["prompt"] or 0) + (totals["completion"] or 0)


def llm_tokens_left(*, owner: AbstractBaseUser) -> int:
    """What remains of the owner's plan budget this month (never below zero)."""
    budget = user_plan(owner=owner).llm_tokens_per_month
    return max(budget - llm_tokens_spent_this_month(owner=owner), 0)


def llm_usage_priced(*, meta: dict) -> dict:
    """A processor run's meta with the cost of its tokens, from the price table (unpriced: none)."""
    tokens = meta.get("tokens") or {}
    if not any(tokens.values()):
        return meta
    cost = cost_micro_usd(tokens, meta.get("model") or settings.ENGINE_OPENAI_MODEL, settings.ENGINE_PRICES)
    return meta if cost is None else {**meta, "cost_micro_usd": cost}


def batch_add_llm_usage(*, batch_id: object, meta: dict) -> None:
    """Add one processor run's tokens and cost (from its priced meta) to the batch's totals."""
    tokens = meta.get("tokens") or {}
    prompt, completion = int(tokens.get("prompt") or 0), int(tokens.get("completion") or 0)
    cost = int(meta.get("cost_micro_usd") or 0)
    if prompt or completion:
        Batch.objects.filter(pk=batch_id).update(
            llm_prompt_tokens=F("llm_prompt_tokens") + prompt,
            llm_completion_tokens=F("llm_completion_tokens") + completion,
            llm_cost_micro_usd=F("llm_cost_micro_usd") + cost,
        )


def llm_engine_config(*, owner: AbstractBaseUser) -> dict:
    """The LLM engine's settings for one owner's document, with what is left of their budget."""
    return {
        "base_url": settings.ENGINE_OPENAI_BASE_URL,
        "model": settings.ENGINE_OPENAI_MODEL,
        "api_key": settings.ENGINE_OPENAI_API_KEY,
        "timeout": settings.ENGINE_OPENAI_TIMEOUT,
        "max_retries": settings.ENGINE_OPENAI_MAX_RETRIES,
        "max_output_tokens": settings.ENGINE_OPENAI_MAX_OUTPUT_TOKENS,
        "image_model": settings.ENGINE_OPENAI_IMAGE_MODEL,
        "image_size": settings.ENGINE_OPENAI_IMAGE_SIZE,
        "min_confidence": settings.ENGINE_MIN_CONFIDENCE,
        "reject_unsupported": settings.ENGINE_REJECT_UNSUPPORTED,
        "tokens_left": llm_tokens_left(owner=owner),
    }
