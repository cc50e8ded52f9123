"""Forms of the new-batch wizard and the analytics range; they parse input, services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from batches.models import Batch, Document
from batches.processors import DEFAULT_PROCESSOR, processor_choices
from batches.services.engines import priority_parse

# The new-batch wizard's steps.
UPLOAD, CONFIGURE, REVIEW = "upload", "configure", "review"

# The longest prompt a user may write, for all documents or for one (the wizard counts down to it).
PROMPT_MAX_CHARS = 10_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    name = forms.CharField(max_length=200, required=False, label="Batch name")
    processor = forms.ChoiceField(choices=processor_choices, initial=DEFAULT_PROCESSOR)
    files = MultipleFileField(required=False, label="Files or ZIP archives")


PRIORITY_CHOICES = [(priority.name.lower(), priority.label) for priority in Batch.Priority]


class ConfigureStepForm(forms.Form):
    """Step 2 of the wizard, a processor's ``options_form``: what it gives the submit.

    Every one also carries how the batch runs (``RUN_FIELDS``): its priority, and the engine for
    processors that run on one (``offer_engines``; the others' forms drop it, ``drop_engine``).
    """

    RUN_FIELDS = ("engine", "priority")
    engine_refusals: tuple[str, ...] = ()  # why an engine is not offered, one line each

    engine = forms.ChoiceField(required=False, widget=forms.RadioSelect, label="Engine")
    priority = forms.ChoiceField(
        choices=PRIORITY_CHOICES,
        required=False,  # none chosen: normal
        initial="normal",
        widget=forms.RadioSelect,
        label="Priority",
        help_text="Orders this batch among your own batches only; other people's batches are not slowed.",
    )

    def offer_engines(self, offers: list, *, default: str) -> None:
        """Offer the engines this user may pick (``EngineOffer``s); why not the others is shown."""
        self.fields["engine"].choices = [(o.spec.name, o.spec.label) for o in offers if o.allowed]
        self.fields["engine"].initial = default
        self.engine_refusals = [o.refusal.message for o in offers if not o.allowed]

    def drop_engine(self) -> None:
        self.fields.pop("engine", None)

    def option_fields(self) -> list:
        """The processor's own fields (bound), for templates that list them all."""
        return [self[name] for name in self.fields if name not in self.RUN_FIELDS]

    def option_data(self) -> dict[str, Any]:
        """The processor's own cleaned values, without how the batch runs."""
        return {k: v for k, v in self.cleaned_data.items() if k not in self.RUN_FIELDS}

    def run_fields(self) -> dict[str, Any]:
        """``batch_submit``'s ``engine`` and ``priority`` from this step."""
        return {
            "engine": self.cleaned_data.get("engine") or "",
            "priority": priority_parse(self.cleaned_data.get("priority") or ""),
        }

    def submit_fields(self) -> dict[str, Any]:
        """``batch_submit``'s keyword arguments that come from this step."""
        raise NotImplementedError

    def order_ids(self) -> list[int]:
        """The draft's documents in the order the user chose here; empty when not asked."""
        return []


class ConfigureForm(ConfigureStepForm):
    """Extraction's step 2: the prompt strategy and the prompts."""

    prompt_strategy = forms.ChoiceField(
        choices=Batch.Strategy.choices, initial=Batch.Strategy.GLOBAL, widget=forms.RadioSelect
    )
    global_prompt = forms.CharField(
        required=False,
        max_length=PROMPT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5, "data-charcount": "1"}),
        label="Prompt",
    )

    def __init__(self, *args, documents: list[Document] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.documents = documents or []
        for document in self.documents:
            self.fields[self.prompt_field_name(document)] = forms.CharField(
                required=False,
                max_length=PROMPT_MAX_CHARS,
                label=document.original_name,
                widget=forms.Textarea(attrs={"rows": 2, "class": "per-document-prompt"}),
            )

    @staticmethod
    def prompt_field_name(document: Document) -> str:
        return f"prompt_{document.pk}"

    def per_document_prompts(self) -> dict[int, str]:
        return {
            d.pk: self.cleaned_data.get(self.prompt_field_name(d), "").strip()
            for d in self.documents
            if self.cleaned_data.get(self.prompt_field_name(d), "").strip()
        }

    def submit_fields(self) -> dict[str, Any]:
        return {
            "strategy": self.cleaned_data["prompt_strategy"],
            "global_prompt": self.cleaned_data.get("global_prompt", ""),
            "prompts": self.per_document_prompts(),
        }

    def clean(self):
        cleaned = super().clean()
        strategy = cleaned.get("prompt_strategy")
        if strategy == Batch.Strategy.GLOBAL and not cleaned.get("global_prompt", "").strip():
            self.add_error("global_prompt", "Write a prompt, or pick a template.")
        if strategy == Batch.Strategy.PER_DOCUMENT:
            fallback = cleaned.get("global_prompt", "").strip()
            for document in self.documents:
                name = self.prompt_field_name(document)
                if not cleaned.get(name, "").strip() and not fallback:
                    self.add_error(name, "Write a prompt for this file (or use “copy to all”).")
        return cleaned


class ReviewForm(forms.Form):
    """Nothing to enter: the review step shows what will run and submits it."""
