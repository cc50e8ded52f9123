"""What the wizard shows to guide its user: the steps done, the templates, the last prompt, the
review's warnings. Reads of rows only: nothing here opens an uploaded file."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.template.defaultfilters import filesizeformat

from batches.models import Batch, Document
from batches.processing.prompts import fields_for_prompt, prompt_names_a_field, wants_classification
from batches.processing.templates import TEMPLATES

# A file this large is worth a word in the review: it takes longer than the others (OCR of many pages).
LARGE_FILE_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class StepMark:
    """One step in the wizard's step bar."""

    name: str
    number: int
    label: str
    current: bool
    done: bool  # its input is stored: the user may go back (or forward again) to it


@dataclass(frozen=True)
class TemplateCard:
    """A document type's template as a one-click starting prompt."""

    kind: str
    label: str
    prompt: str
    fields: list[str]


def template_cards() -> list[TemplateCard]:
    return [
        TemplateCard(
            kind, kind.replace("_", " ").capitalize(), prompt, [f.name for f in fields_for_prompt(prompt)]
        )
        for kind, prompt in TEMPLATES.items()
    ]


def batch_last_prompt(*, owner: AbstractBaseUser) -> str:
    """The prompt of the owner's most recently submitted batch that had one (the wizard's "restore")."""
    submitted = Batch.objects.filter(owner=owner, submitted_at__isnull=False).exclude(global_prompt="")
    return submitted.order_by("-submitted_at").values_list("global_prompt", flat=True).first() or ""


def draft_file_warnings(*, documents: list[Document]) -> list[str]:
    """The review's warnings about the files themselves: the same content twice (by the SHA-256
    stored at upload) and files over ``LARGE_FILE_BYTES``."""
    by_content: dict[str, list[str]] = {}
    for document in documents:
        if document.sha256:
            by_content.setdefault(document.sha256, []).append(document.original_name)
    warnings = [
        f"Same content: {', '.join(names)}. Each copy is processed (and counted) again; remove the copies "
        "in step 1 if you do not need them."
        for names in by_content.values()
        if len(names) > 1
    ]
    warnings += [
        f"{d.original_name} is {filesizeformat(d.size)}: files over {filesizeformat(LARGE_FILE_BYTES)} "
        "take longer to process."
        for d in documents
        if d.size > LARGE_FILE_BYTES
    ]
    return warnings


def prompt_warnings(*, prompts: dict[str, str]) -> list[str]:
    """A warning per prompt that names no field anyone could read (``{where: prompt}``); a prompt
    that asks to classify each document is fine without one."""
    return [
        f"{where}: the prompt names no field we recognise. Name the fields (“the invoice number, "
        "date and total”) or list them (“fields: vessel_name, port”)."
        for where, prompt in prompts.items()
        if prompt.strip() and not prompt_names_a_field(prompt) and not wants_classification(prompt)
    ]
