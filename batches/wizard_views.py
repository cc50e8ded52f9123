"""Small endpoints the wizard's step 2 calls while the user types.

POST /batches/prompt-fields.json   prompt=...   → {"fields": [...], "names_a_field", "classifies",
                                                   "chars", "max_chars"}

Cheap by design: it reads the prompt only (never an upload), so it can answer every debounced
keystroke; it is rate-limited like the other endpoints that take input.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from batches.forms import PROMPT_MAX_CHARS
from batches.processing.prompts import (
    FieldSpec,
    field_is_known,
    fields_for_prompt,
    prompt_is_explicit,
    prompt_names_a_field,
    wants_classification,
)


def field_json(spec: FieldSpec, *, explicit: bool = False) -> dict:
    """A field as the wizard shows it: its name, type, columns, and whether it is recognised."""
    return {
        "name": spec.name,
        "type": spec.type,
        "known": explicit or field_is_known(spec.name),
        "children": [child.name for child in spec.children],
    }


@login_required
@require_POST
def prompt_fields(request: HttpRequest) -> JsonResponse:
    """The fields a prompt yields, as ``fields_for_prompt`` reads them."""
    prompt = request.POST.get("prompt", "")
    if len(prompt) > PROMPT_MAX_CHARS:
        message = f"A prompt has at most {PROMPT_MAX_CHARS:,} characters; this one has {len(prompt):,}."
        return JsonResponse({"error": {"code": "prompt_too_long", "message": message}}, status=400)
    explicit = prompt_is_explicit(prompt)
    return JsonResponse(
        {
            "fields": [field_json(spec, explicit=explicit) for spec in fields_for_prompt(prompt)],
            "names_a_field": prompt_names_a_field(prompt),
            "classifies": wants_classification(prompt),
            "chars": len(prompt),
            "max_chars": PROMPT_MAX_CHARS,
        }
    )
