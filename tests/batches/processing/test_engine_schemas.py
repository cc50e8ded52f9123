"""Every schema the openai engine sends keeps the strict structured-output rules of hosted APIs."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from batches.processing.builtin.vocabulary import FIELDS, ITEM_COLUMNS
from batches.processing.openai_engine import MAX_SCHEMA_PROPERTIES, _groups, schema_for
from batches.processing.prompts import fields_for_prompt
from batches.processing.templates import TEMPLATES
from tests.batches.processing.strict_schema import strict_schema_problems
from tests.conftest import CORPUS

DEV_PROMPTS = json.loads((CORPUS / "dev" / "prompts.json").read_text())
PROMPTS = [
    *TEMPLATES.values(),
    *(
        entry[key]
        for entry in DEV_PROMPTS.values()
        if isinstance(entry, dict)
        for key in ("prompt", "prompt_strict")
        if key in entry
    ),
]


def _sent_schemas(prompt: str) -> list[dict]:
    """The schemas the engine sends for a prompt: one per request."""
    return [schema_for(group) for group in _groups(fields_for_prompt(prompt))]


def test_every_template_and_corpus_prompt_gives_strict_schemas():
    for prompt in PROMPTS:
        for schema in _sent_schemas(prompt):
            assert strict_schema_problems(schema) == [], prompt


def test_two_wordings_of_one_item_column_give_one_required_property():
    # "product" and "item" both name the description column: a required list with a duplicate
    # is not even valid JSON Schema, and a hosted API refuses it.
    schema = schema_for(fields_for_prompt("fields: line items(product, item, price), total"))
    items = schema["properties"]["line_items"]["items"]
    assert items["required"] == ["description", "unit_price"]
    assert strict_schema_problems(schema) == []


def test_more_fields_than_a_strict_schema_allows_go_in_several_requests():
    prompt = (
        "fields: " + ", ".join(f"extra field {n}" for n in range(130)) + ", line_items(description, amount)"
    )
    schemas = _sent_schemas(prompt)
    assert len(schemas) == 2
    assert [len(s["properties"]) for s in schemas] == [100, 31]
    assert all(strict_schema_problems(s) == [] for s in schemas)
    sent = [name for s in schemas for name in s["properties"]]
    assert sent == [spec.name for spec in fields_for_prompt(prompt)]


WORDINGS = sorted({w for _kind, words in FIELDS.values() for w in words} | set(FIELDS))
COLUMNS = sorted({w for words in ITEM_COLUMNS.values() for w in words})
phrase = st.one_of(
    st.sampled_from(WORDINGS), st.text(alphabet="abcdéfghijklmnopqrstuvwxyz _-%€", min_size=1, max_size=24)
)
nested = st.tuples(phrase, st.lists(st.one_of(st.sampled_from(COLUMNS), phrase), min_size=1, max_size=6)).map(
    lambda pair: f"{pair[0]} ({', '.join(pair[1])})"
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(phrase, nested), min_size=1, max_size=140), st.booleans())
def test_any_prompt_gives_strict_schemas(parts, listed):
    prompt = ("fields: " + ", ".join(parts)) if listed else ("Extract the " + ", ".join(parts) + ".")
    for schema in _sent_schemas(prompt):
        assert strict_schema_problems(schema) == [], prompt
        assert len(schema["properties"]) <= MAX_SCHEMA_PROPERTIES
