"""The processors the site offers, one ``ProcessorSpec`` each (registered in ``BatchesConfig.ready``).

To add a processor: write it in ``batches.processing`` (plain Python, named in ``PROCESSORS``),
give it an options form in ``batches.processor_forms`` and a step-2 template under
``templates/batches/configure/``, then describe it here and add it to ``ALL``.
"""

from __future__ import annotations

from typing import Any

from batches import selectors
from batches.forms import CONFIGURE, REVIEW, ConfigureForm
from batches.models import Batch
from batches.processing.convert.generate import ARTICLE_SUFFIX, FORMATS, render_stored
from batches.processor_forms import GenerateForm, SitemapForm, SvgPptxForm, TabularForm
from batches.processors import ProcessorSpec
from batches.services.submission import documents_check_prompts, documents_expand_topics


def _documents_kwargs(*, documents: list, **_context: Any) -> dict[str, Any]:
    return {"documents": documents}


def _extract_context(*, step: str, form, documents: list, configured, **_context: Any) -> dict[str, Any]:
    """Step 2: a prompt field per document; review: the strategy and each document's fields."""
    if step == CONFIGURE:
        return {"per_document_fields": [(d, form[ConfigureForm.prompt_field_name(d)]) for d in documents]}
    if step != REVIEW:
        return {}
    valid = configured()
    data = valid.cleaned_data if valid is not None else {}
    return {"review": _extract_review(data, documents)}


def _extract_review(data: dict[str, Any], documents: list) -> dict[str, Any]:
    """Each file with the prompt it runs with and the fields that yields (for ``auto``: its type is
    detected when it is processed, never here), the fields in all, and the prompts' warnings."""
    from batches.processing.prompts import fields_for_prompt
    from batches.wizard_guide import prompt_warnings

    strategy = data.get("prompt_strategy", Batch.Strategy.GLOBAL)
    global_prompt = data.get("global_prompt", "")
    if strategy == Batch.Strategy.AUTO:
        prompts = {d.pk: "" for d in documents}
    else:
        own = strategy == Batch.Strategy.PER_DOCUMENT
        prompts = {
            d.pk: (data.get(ConfigureForm.prompt_field_name(d), "") if own else "") or global_prompt
            for d in documents
        }
    fields = {pk: [f.name for f in fields_for_prompt(prompt)] for pk, prompt in prompts.items()}
    if strategy == Batch.Strategy.PER_DOCUMENT:
        warned = {d.original_name: prompts[d.pk] for d in documents}
    else:
        warned = {"The prompt": global_prompt} if strategy == Batch.Strategy.GLOBAL else {}
    return {
        "strategy": Batch.Strategy(strategy).label,
        "strategy_value": strategy,
        "global_prompt": global_prompt,
        "global_fields": [f.name for f in fields_for_prompt(global_prompt)],
        "documents": [(d, prompts[d.pk], fields[d.pk]) for d in documents],
        "field_count": len({name for names in fields.values() for name in names}),
        "prompt_warnings": prompt_warnings(prompts=warned),
    }


def _extract_field_order(*, batch: Batch) -> list[str] | None:
    """A global prompt names the fields: its exports lead with them, in the prompt's order."""
    from batches.processing.prompts import fields_for_prompt

    if batch.prompt_strategy == Batch.Strategy.GLOBAL:
        return [field.name for field in fields_for_prompt(batch.global_prompt)]
    return None


def _options_review(*, step: str, configured, **_context: Any) -> dict[str, Any]:
    """A conversion's review: its options, the column mapping, the number of topic rows."""
    if step != REVIEW:
        return {}
    valid = configured()
    options = valid.options() if valid is not None else {}
    hidden = ("topics", "mapping", "per_file")
    return {
        "review": {
            "options": {k: v for k, v in options.items() if k not in hidden and v not in ("", None)},
            "mapping": options.get("mapping") or [],
            "topics": len(options["topics"]) if options.get("topics") is not None else None,
        }
    }


def _tabular_kwargs(*, batch: Batch, documents: list, **_context: Any) -> dict[str, Any]:
    return {"documents": documents, "columns": selectors.draft_table_columns(batch=batch)}


def _tabular_context(*, draft: Batch, step: str, form, documents: list, configured, **context: Any) -> dict:
    """Each file's columns and first rows as the mapping converts them; per-file overrides."""
    result = _options_review(step=step, configured=configured, **context)
    if step in (CONFIGURE, REVIEW):
        valid = configured()
        options = valid.options() if valid is not None else {}
        result["previews"] = selectors.draft_table_previews(batch=draft, options=options)
    if step == CONFIGURE:
        result["override_fields"] = [(d, form[f"override_{d.pk}"]) for d in documents]
    return result


def _generate_context(*, draft: Batch, step: str, **context: Any) -> dict[str, Any]:
    """Step 2 shows the topic rows of the draft's spreadsheets in an editable grid."""
    if step == CONFIGURE:
        return {"topic_rows": selectors.draft_topic_rows(batch=draft)}
    return _options_review(step=step, **context)


def _generate_prepare(*, batch: Batch, owner, options: dict[str, Any]) -> None:
    """Each topics spreadsheet (or the wizard's edited grid) becomes a document per row."""
    documents_expand_topics(batch=batch, owner=owner, rows=options.pop("topics", None))


_CONVERSION_REVIEW = "batches/configure/review.html"

EXTRACT = ProcessorSpec(
    name="extract",
    label="Extract fields (invoices, receipts, orders, résumés, statements…)",
    options_form=ConfigureForm,
    configure_template="batches/configure/extract.html",
    review_template="batches/configure/extract_review.html",
    makes_files=False,
    form_kwargs=_documents_kwargs,
    wizard_context=_extract_context,
    check_submit=documents_check_prompts,
    export_field_order=_extract_field_order,
    uses_engine=True,
)
TABULAR = ProcessorSpec(
    name="tabular",
    label="Convert tables between CSV, XLSX and JSON, with a column mapping",
    options_form=TabularForm,
    configure_template="batches/configure/tabular.html",
    review_template=_CONVERSION_REVIEW,
    makes_files=True,
    form_kwargs=_tabular_kwargs,
    wizard_context=_tabular_context,
)
SITEMAP = ProcessorSpec(
    name="sitemap",
    label="Build sitemaps from lists of URLs (CSV or JSON)",
    options_form=SitemapForm,
    configure_template="batches/configure/sitemap.html",
    review_template=_CONVERSION_REVIEW,
    makes_files=True,
    wizard_context=_options_review,
)
SVG_PPTX = ProcessorSpec(
    name="svg_pptx",
    label="Turn SVG drawings into PowerPoint slides",
    options_form=SvgPptxForm,
    configure_template="batches/configure/svg_pptx.html",
    review_template=_CONVERSION_REVIEW,
    makes_files=True,
    wizard_context=_options_review,
    single_file_suffix=".pptx",
)
GENERATE = ProcessorSpec(
    name="generate",
    label="Write articles from a topics sheet, or stories from text files",
    options_form=GenerateForm,
    configure_template="batches/configure/generate.html",
    review_template=_CONVERSION_REVIEW,
    makes_files=True,
    wizard_context=_generate_context,
    prepare_submit=_generate_prepare,
    uses_engine=True,
    typed_topics=True,
    regenerates=True,
    output_formats=FORMATS,
    rerender=render_stored,
    rerender_suffix=ARTICLE_SUFFIX,
)

ALL = (EXTRACT, TABULAR, SITEMAP, SVG_PPTX, GENERATE)
