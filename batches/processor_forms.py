"""Step 2 of the wizard for the conversion processors: each form turns input into ``Batch.options``."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from batches.forms import ConfigureStepForm
from batches.models import Batch, Document
from batches.processing.convert.generate import TONES, VOICES, speech_available
from batches.processing.convert.tabular import TYPES, parse_mapping
from batches.services.submission import topic_rows_typed
from batchsite.errors import ApplicationError


class OptionsForm(ConfigureStepForm):
    """A conversion's step 2: its choices become ``Batch.options`` (no prompts)."""

    def options(self) -> dict[str, Any]:
        raise NotImplementedError

    def submit_fields(self) -> dict[str, Any]:
        return {"strategy": Batch.Strategy.GLOBAL, "options": self.options()}


class TabularForm(OptionsForm):
    output_format = forms.ChoiceField(choices=[("xlsx", "Excel (XLSX)"), ("csv", "CSV"), ("json", "JSON")])
    sheet = forms.CharField(
        required=False, max_length=100, help_text="Workbooks: a sheet name or number (default: the first)."
    )
    header_style = forms.ChoiceField(
        choices=[("snake", "snake_case names (total_spend_usd)"), ("clean", "Trimmed original names")]
    )
    keep_unmapped = forms.BooleanField(
        required=False, initial=True, label="Keep columns the mapping does not mention"
    )
    merge = forms.BooleanField(required=False, label="Also merge all files into one table")

    def __init__(
        self, *args, columns: list[str] | None = None, documents: list[Document] | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.columns = columns or []
        self.documents = documents or []
        for index, column in enumerate(self.columns):
            self.fields[f"map_{index}_name"] = forms.CharField(required=False, max_length=100, initial=column)
            self.fields[f"map_{index}_type"] = forms.ChoiceField(
                choices=[(t, t) for t in TYPES], initial="auto"
            )
            self.fields[f"map_{index}_keep"] = forms.BooleanField(required=False, initial=True)
            self.fields[f"map_{index}_order"] = forms.IntegerField(
                required=False, min_value=1, initial=index + 1
            )
        for document in self.documents:
            self.fields[f"override_{document.pk}"] = forms.CharField(
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="One per line: source column -> new name : type (or -> - to drop)",
            )

    def mapping_rows(self):
        return [
            (column, *(self[f"map_{i}_{part}"] for part in ("name", "type", "keep", "order")))
            for i, column in enumerate(self.columns)
        ]

    def clean(self):
        cleaned = super().clean()
        for document in self.documents:
            try:
                _override_mapping(cleaned.get(f"override_{document.pk}", ""))
            except ValueError as exc:
                self.add_error(f"override_{document.pk}", str(exc))
        return cleaned

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        mapping = []
        for index, column in enumerate(self.columns):
            name = (data.get(f"map_{index}_name") or column).strip()
            kind = data.get(f"map_{index}_type") or "auto"
            keep = data.get(f"map_{index}_keep")
            order = data.get(f"map_{index}_order") or index + 1
            if name != column or kind != "auto" or not keep or order != index + 1:
                mapping.append((order, {"source": column, "name": name, "type": kind, "drop": not keep}))
        options: dict[str, Any] = {
            "output_format": data["output_format"],
            "sheet": data.get("sheet", ""),
            "header_style": data["header_style"],
            "keep_unmapped": bool(data.get("keep_unmapped")),
            "merge": bool(data.get("merge")),
            "mapping": [m for _, m in sorted(mapping, key=lambda m: m[0])],
        }
        per_file = {}
        for document in self.documents:
            override = _override_mapping(data.get(f"override_{document.pk}", ""))
            if override:
                per_file[document.original_name] = {"mapping": override}
        if per_file:
            options["per_file"] = per_file
        return options


def _override_mapping(text: str) -> list[dict[str, Any]]:
    """Lines of ``source -> name : type``; ``source -> -`` drops the column."""
    mapping = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        source, arrow, rest = line.partition("->")
        if not arrow or not source.strip():
            raise ValueError(f"Line {number}: write “source column -> new name : type”.")
        name, _, kind = rest.partition(":")
        kind = kind.strip() or "auto"
        if kind not in TYPES:
            raise ValueError(f"Line {number}: the type must be one of {', '.join(TYPES)}.")
        drop = name.strip() == "-"
        mapping.append(
            {"source": source.strip(), "name": "" if drop else name.strip(), "type": kind, "drop": drop}
        )
    return parse_mapping(mapping)


class SitemapForm(OptionsForm):
    scope = forms.ChoiceField(
        choices=[("file", "A sitemap set per input file"), ("batch", "One sitemap set for the whole batch")]
    )
    base_url = forms.URLField(
        required=False,
        assume_scheme="https",
        help_text="Where the sitemaps will be served (for the sitemap index).",
    )
    allowed_hosts = forms.CharField(
        required=False, max_length=1000, help_text="Comma-separated; other hosts are reported and left out."
    )
    max_urls = forms.IntegerField(
        min_value=1, max_value=50_000, initial=50_000, label="URLs per sitemap file"
    )
    gzip = forms.BooleanField(required=False, label="Compress the sitemaps (.xml.gz)")

    def options(self) -> dict[str, Any]:
        return self.option_data()


SLIDE_SIZES = [("16:9", "Widescreen 16:9"), ("4:3", "Standard 4:3"), ("custom", "Custom size")]


class SvgPptxForm(OptionsForm):
    deck = forms.ChoiceField(
        choices=[("single", "One deck, a slide per SVG"), ("per_file", "A ZIP of decks, one per SVG")]
    )
    slide_size = forms.ChoiceField(choices=SLIDE_SIZES)
    custom_size = forms.CharField(
        required=False, max_length=40, help_text="For a custom size: 25.4x14.3cm or 10x7.5in"
    )
    dpi = forms.IntegerField(min_value=72, max_value=400, initial=200, label="Picture resolution (dpi)")
    order = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("slide_size") == "custom":
            from batches.processing.convert.svg_pptx import slide_size

            try:
                slide_size(cleaned.get("custom_size"))
            except Exception as exc:  # ProcessingError carries the message people need
                self.add_error("custom_size", getattr(exc, "message", str(exc)))
        return cleaned

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        size = data["custom_size"] if data["slide_size"] == "custom" else data["slide_size"]
        return {"deck": data["deck"], "slide_size": size, "dpi": data["dpi"]}

    def order_ids(self) -> list[int]:
        return [int(p) for p in (self.cleaned_data.get("order") or "").split(",") if p.strip().isdigit()]


class GenerateForm(OptionsForm):
    kind = forms.ChoiceField(
        choices=[
            ("", "Articles from topic rows, stories from text files"),
            ("article", "Articles"),
            ("story", "Stories"),
        ],
        required=False,
    )
    tone = forms.ChoiceField(
        choices=[(t, t.capitalize()) for t in TONES], help_text="Rows with their own tone keep it."
    )
    word_count = forms.IntegerField(min_value=100, max_value=5000, initial=800, label="Length (words)")
    language = forms.CharField(max_length=20, initial="en")
    audience = forms.CharField(required=False, max_length=200)
    system_prompt = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    prompt = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Placeholders: {keyword} {tone} {word_count} {audience} {language}",
    )
    formats = forms.MultipleChoiceField(
        choices=[("docx", "DOCX"), ("md", "Markdown"), ("txt", "Text")],
        initial=["docx", "md"],
        widget=forms.CheckboxSelectMultiple,
    )
    audio = forms.BooleanField(required=False, label="Stories: read aloud to a WAV file (espeak-ng)")
    voice = forms.ChoiceField(
        choices=list(VOICES.items()), required=False, label="Voice", help_text="In the story's language."
    )
    image_prompts = forms.BooleanField(required=False, label="Stories: write image prompts")
    topics = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not speech_available():  # say so here rather than skip the audio when the batch runs
            for name in ("audio", "voice"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Not available: espeak-ng is not installed on this server."

    def clean_topics(self):
        raw = self.cleaned_data.get("topics") or ""
        if not raw.strip():
            return None
        try:
            rows = json.loads(raw)
        except json.JSONDecodeError:
            raise forms.ValidationError("The topics grid could not be read; reload the page.") from None
        try:
            return topic_rows_typed(rows)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from None

    def options(self) -> dict[str, Any]:
        data = self.option_data()
        data["formats"] = ",".join(data.get("formats") or ["docx", "md"])
        if data.get("topics") is None:
            data.pop("topics", None)
        return data
