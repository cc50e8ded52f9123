"""The rules hosted APIs enforce on a strict structured-output schema (OpenAI's ``strict: true``).

A schema breaking one is refused with a 400 before the model runs, on every document: the engine
must never send one. Limits are the older, stricter ones, which newer deployments also accept.
"""

from __future__ import annotations

import re

from jsonschema import Draft202012Validator

SUPPORTED_TYPES = {"string", "number", "boolean", "integer", "object", "array", "null"}
KEYWORDS = {
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "anyOf",
    "description",
    "title",
    "const",
    "$defs",
    "$ref",
}
MAX_PROPERTIES = 100
MAX_DEPTH = 5
MAX_NAME_CHARS = 15_000
NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def _walk(schema: dict, path: str, depth: int, problems: list[str], counts: dict[str, int]) -> None:
    unknown = set(schema) - KEYWORDS
    if unknown:
        problems.append(f"{path}: unsupported keywords {sorted(unknown)}")
    types = schema.get("type")
    types = types if isinstance(types, list) else [types] if types else []
    if not types and "anyOf" not in schema and "enum" not in schema and "$ref" not in schema:
        problems.append(f"{path}: no type")
    for name in types:
        if name not in SUPPORTED_TYPES:
            problems.append(f"{path}: unsupported type {name!r}")
    if "object" in types:
        if depth > MAX_DEPTH:
            problems.append(f"{path}: objects nested deeper than {MAX_DEPTH}")
        if schema.get("additionalProperties") is not False:
            problems.append(f"{path}: additionalProperties is not false")
        properties = schema.get("properties") or {}
        required = schema.get("required") or []
        if sorted(required) != sorted(properties) or len(set(required)) != len(required):
            problems.append(f"{path}: required {required} is not exactly the properties {list(properties)}")
        for key, child in properties.items():
            counts["properties"] += 1
            counts["name_chars"] += len(key)
            _walk(child, f"{path}.{key}", depth + 1, problems, counts)
    if "array" in types:
        if not isinstance(schema.get("items"), dict):
            problems.append(f"{path}: an array without items")
        else:
            _walk(schema["items"], f"{path}[]", depth, problems, counts)
    for index, option in enumerate(schema.get("anyOf") or []):
        _walk(option, f"{path}|{index}", depth, problems, counts)


def strict_schema_problems(schema: dict, *, name: str = "fields") -> list[str]:
    """Every rule the schema breaks (empty when a hosted API would take it)."""
    problems: list[str] = []
    try:
        Draft202012Validator.check_schema(schema)
    except Exception as exc:  # jsonschema's SchemaError: the schema is not valid JSON Schema at all
        problems.append(f"not a valid JSON Schema: {exc.message if hasattr(exc, 'message') else exc}")
    if not NAME.match(name):
        problems.append(f"schema name {name!r} is not 1-64 letters, digits, _ or -")
    if schema.get("type") != "object":
        problems.append("the root is not an object")
    counts = {"properties": 0, "name_chars": 0}
    _walk(schema, "$", 1, problems, counts)
    if counts["properties"] > MAX_PROPERTIES:
        problems.append(f"{counts['properties']} properties, more than {MAX_PROPERTIES}")
    if counts["name_chars"] > MAX_NAME_CHARS:
        problems.append(f"property names of {counts['name_chars']} characters, more than {MAX_NAME_CHARS}")
    return problems
