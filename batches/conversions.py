"""The conversions single-file mode offers: one ``Conversion`` each, a processor with its options.

A conversion's options are its processor's step-2 defaults (the wizard's form, unchanged) with
a few set; the form checks them as it checks the wizard's, so both submit the same options.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms

from batches.processors import processor_spec
from batchsite.errors import ApplicationError


@dataclass(frozen=True)
class Conversion:
    name: str  # its value in the page's choice
    label: str
    processor: str
    accepts: str  # the file chooser's hint (the upload checks the content anyway)
    options: dict[str, Any] = field(default_factory=dict)  # set over the processor's defaults


CONVERSIONS = (
    Conversion(
        "table-xlsx",
        "Table → Excel workbook (.xlsx)",
        "tabular",
        ".csv,.xlsx,.json",
        {"output_format": "xlsx"},
    ),
    Conversion("table-csv", "Table → CSV", "tabular", ".csv,.xlsx,.json", {"output_format": "csv"}),
    Conversion("table-json", "Table → JSON", "tabular", ".csv,.xlsx,.json", {"output_format": "json"}),
    Conversion("svg-pptx", "SVG drawing → PowerPoint slide (.pptx)", "svg_pptx", ".svg"),
    Conversion("urls-sitemap", "List of URLs → sitemap.xml", "sitemap", ".csv,.json"),
)
_BY_NAME = {conversion.name: conversion for conversion in CONVERSIONS}


def conversion_get(name: str) -> Conversion:
    conversion = _BY_NAME.get(name)
    if conversion is None:
        raise ApplicationError("Choose what to convert the file to.", "invalid_conversion")
    return conversion


def _default_data(form_class: type[forms.Form]) -> dict[str, Any]:
    """What a user who changes nothing on step 2 sends: each field's initial, else its first choice."""
    data: dict[str, Any] = {}
    for name, form_field in form_class.base_fields.items():
        value = form_field.initial
        choices = list(getattr(form_field, "choices", []))
        if value in (None, "") and choices:
            value = choices[0][0]
        if isinstance(form_field, forms.BooleanField):
            value = "on" if value else None
        if value not in (None, ""):
            data[name] = value
    return data


def conversion_options(conversion: Conversion) -> dict[str, Any]:
    """The batch options of a conversion, checked by its processor's own step-2 form."""
    form_class = processor_spec(conversion.processor).options_form
    form = form_class(data={**_default_data(form_class), **conversion.options})
    form.drop_engine()  # conversions run on no engine
    if not form.is_valid():
        raise ApplicationError(
            f"The conversion's options are invalid: {form.errors.as_text()}", "invalid_options"
        )
    return form.options()
