"""Which engine a batch may run on, for whom, and why not; and the batch's priority.

One rule for the wizard (which offers only what may run and says why the rest may not), the
API, the CLI and the submit itself: ``engine_refusal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from accounts.plans import user_plan
from batches.models import Batch
from batches.processing.engine_probe import ProbeReport, engine_probe
from batches.services.llm_usage import llm_engine_config
from batchsite.errors import ApplicationError
from uploads.ingest.filenames import clean_text

# OpenAI's own endpoint (the settings' default) answers every request without a key with 401.
KEY_REQUIRED_HOSTS = ("api.openai.com",)


@dataclass(frozen=True)
class EngineSpec:
    """An engine a batch may name; ``spends_key``: it calls the operator's (paid) LLM endpoint."""

    name: str
    label: str
    spends_key: bool


BUILTIN = EngineSpec("builtin", "Built-in (offline, deterministic)", spends_key=False)
LLM = EngineSpec("openai", "LLM engine (OpenAI-compatible)", spends_key=True)
ENGINES = {spec.name: spec for spec in (BUILTIN, LLM)}


@dataclass(frozen=True)
class EngineOffer:
    """An engine as one user is offered it: ``refusal`` says why they may not pick it."""

    spec: EngineSpec
    refusal: ApplicationError | None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def llm_engine_configured() -> bool:
    """The operator set up an endpoint the LLM engine can call (a URL and a model; a key where
    the endpoint is one that cannot answer without it)."""
    base_url, model = settings.ENGINE_OPENAI_BASE_URL.strip(), settings.ENGINE_OPENAI_MODEL.strip()
    if not (base_url and model):
        return False
    return bool(settings.ENGINE_OPENAI_API_KEY) or urlsplit(base_url).hostname not in KEY_REQUIRED_HOSTS


def engine_refusal(*, owner: AbstractBaseUser, spec: EngineSpec) -> ApplicationError | None:
    """Why ``owner`` may not run a batch on this engine, or None when they may."""
    if not spec.spends_key:
        return None
    if not llm_engine_configured():
        return ApplicationError(
            f"The LLM engine ({spec.name}) is not configured on this site; use builtin, or ask an operator "
            "to set it up.",
            "engine_not_configured",
        )
    if not user_plan(owner=owner).llm_engine:
        return ApplicationError(
            f"Your plan does not include the LLM engine ({spec.name}); use builtin, or ask an operator for "
            "a plan that includes it.",
            "engine_not_allowed",
        )
    return None


def engine_offers(*, owner: AbstractBaseUser) -> list[EngineOffer]:
    """Every engine, each with why this user may not pick it (None: they may)."""
    return [EngineOffer(spec, engine_refusal(owner=owner, spec=spec)) for spec in ENGINES.values()]


def engine_default(*, owner: AbstractBaseUser) -> str:
    """The engine of a batch that names none: the site's default, else builtin where it may not run."""
    spec = ENGINES.get(settings.ENGINE_DEFAULT, BUILTIN)
    return spec.name if engine_refusal(owner=owner, spec=spec) is None else BUILTIN.name


def engine_for(*, owner: AbstractBaseUser, requested: str) -> str:
    """The engine a batch runs on: the one asked for (refused with the reason where it may not
    run), else ``engine_default``. The choice is frozen on the batch, so its retries run on what
    was checked here."""
    if not requested:
        return engine_default(owner=owner)
    spec = ENGINES.get(requested)
    if spec is None:
        raise ApplicationError(
            f"Unknown engine {clean_text(requested)!r}; use one of: {', '.join(ENGINES)}.", "invalid_engine"
        )
    refusal = engine_refusal(owner=owner, spec=spec)
    if refusal is not None:
        raise refusal
    return spec.name


def llm_engine_settings() -> dict:
    """The LLM engine's settings as the operator's page shows them (the key only as set or not)."""
    return {
        "default engine": settings.ENGINE_DEFAULT,
        "configured": llm_engine_configured(),
        "base URL": settings.ENGINE_OPENAI_BASE_URL,
        "model": settings.ENGINE_OPENAI_MODEL,
        "API key": "set" if settings.ENGINE_OPENAI_API_KEY else "not set",
        "timeout (s)": settings.ENGINE_OPENAI_TIMEOUT,
        "image model": settings.ENGINE_OPENAI_IMAGE_MODEL or "none",
    }


def llm_engine_test_connection(*, operator: AbstractBaseUser) -> ProbeReport:
    """Call the configured endpoint as a batch would (same settings, same request function)."""
    return engine_probe(llm_engine_config(owner=operator))


def engine_label(name: str) -> str:
    spec = ENGINES.get(name)
    return spec.label if spec is not None else name


# --- Priority ---------------------------------------------------------------------------------


def priority_parse(word: str) -> int:
    """``low``, ``normal`` or ``high`` (empty: normal) as the batch's stored priority."""
    cleaned = (word or "normal").strip().lower()
    for priority in Batch.Priority:
        if priority.name.lower() == cleaned:
            return priority.value
    raise ApplicationError(
        f"Unknown priority {clean_text(word)!r}; use one of: {', '.join(priority_names())}.",
        "invalid_priority",
    )


def priority_name(value: int) -> str:
    """The word for a stored priority (``normal`` for a value no choice has)."""
    return Batch.Priority(value).name.lower() if value in Batch.Priority.values else "normal"


def priority_names() -> list[str]:
    return [priority.name.lower() for priority in Batch.Priority]
