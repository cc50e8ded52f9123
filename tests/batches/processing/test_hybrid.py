"""Hybrid extraction and grounding: builtin first, the model's values normalised and found in the
document, on hand-made documents and on the labelled dev corpus with a scripted server."""

from __future__ import annotations

import importlib.util
import json

import pytest

from batches.processing import get_processor
from batches.processing.builtin.readers import read
from batches.processing.builtin.values import DateOrder
from batches.processing.builtin.vocabulary import field_type
from batches.processing.grounding import ground_answer
from batches.processing.prompts import fields_for_prompt
from tests.batches.processing.scripted_server import ScriptedServer
from tests.conftest import CORPUS

DEV = CORPUS / "dev"
TRUTH = json.loads((DEV / "truth.json").read_text())
PROMPTS = json.loads((DEV / "prompts.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "score_extraction", CORPUS.parent / "tools" / "score_extraction.py"
)
scorer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scorer)

LETTER = (
    "ACME Trading GmbH\n"
    "Invoice date: 5 March 2024\n"
    "Total due: 1.234,50 €\n"
    "Call us: (415) 555-0134\n"
    "Vessel: Northern Star\n"
)


def _extract(content: bytes, prompt: str, server: ScriptedServer, **config):
    options = {
        "strategy": "global",
        "prompt": prompt,
        "engine": "openai",
        "engine_config": {"base_url": server.base_url, "model": "scripted", "timeout": 10, **config},
    }
    return get_processor("extract").process(content, filename="a.txt", options=options)


def test_model_values_are_normalised_like_builtin_and_found_on_their_line():
    document = read(LETTER.encode(), "letter.txt")
    specs = fields_for_prompt("fields: invoice_date, total, currency, phone, ship_name")
    answer = {
        "invoice_date": "March 5, 2024",
        "total": "€1,234.50",
        "currency": "€",
        "phone": "415-555-0134",
        "ship_name": "Northern Star",
    }
    grounded = ground_answer(answer, specs, document.layout, DateOrder(month_first=False))
    assert grounded.data == {
        "invoice_date": "2024-03-05",
        "total": "1234.50",
        "currency": "EUR",
        "phone": "+14155550134",
        "ship_name": "Northern Star",
    }
    lines = {
        name: (s["page"], s["line"], s["snippet"], s["confidence"]) for name, s in grounded.sources.items()
    }
    assert lines == {
        "invoice_date": (1, 2, "Invoice date: 5 March 2024", 1.0),
        "total": (1, 3, "Total due: 1.234,50 €", 1.0),
        "currency": (1, 3, "Total due: 1.234,50 €", 1.0),
        "phone": (1, 4, "Call us: (415) 555-0134", 1.0),
        "ship_name": (1, 5, "Vessel: Northern Star", 1.0),
    }
    assert not any(s.get("unsupported") for s in grounded.sources.values())


def test_values_the_document_does_not_hold_are_flagged_unsupported():
    document = read(LETTER.encode(), "letter.txt")
    specs = fields_for_prompt("fields: invoice_date, total, ship_name, page_count")
    answer = {
        "invoice_date": "2024-03-06",
        "total": "1234.51",
        "ship_name": "Flying Dutchman",
        "page_count": "none",
    }
    grounded = ground_answer(answer, specs, document.layout, DateOrder(month_first=False))
    assert grounded.data == {"invoice_date": "2024-03-06", "total": "1234.51", "ship_name": "Flying Dutchman"}
    assert all(
        s == {"page": None, "line": None, "snippet": "", "confidence": 0.0, "unsupported": True}
        for s in grounded.sources.values()
    )
    assert grounded.warnings == ["page_count: the model's value 'none' is not a int"]


def test_a_near_miss_of_a_name_is_found_with_its_lower_confidence():
    document = read(LETTER.encode(), "letter.txt")
    grounded = ground_answer(
        {"vendor_name": "ACME Trading"},
        fields_for_prompt("fields: vendor_name"),
        document.layout,
        DateOrder(month_first=False),
    )
    assert grounded.sources["vendor_name"]["line"] == 1
    assert grounded.sources["vendor_name"]["confidence"] == 1.0
    typo = ground_answer(
        {"vendor_name": "ACME Tradinq GmbH"},
        fields_for_prompt("fields: vendor_name"),
        document.layout,
        DateOrder(month_first=False),
    )
    assert typo.sources["vendor_name"]["line"] == 1
    assert 0.8 <= typo.sources["vendor_name"]["confidence"] < 1.0


def test_a_short_line_inside_a_long_invented_value_does_not_support_it():
    # a bullet "- R" is inside "Zebulon Quartz Holdings"; the value is not inside the bullet
    document = read(b"Skills:\n- R\n- Go\n", "cv.txt")
    grounded = ground_answer(
        {"full_name": "Zebulon Quartz Holdings"},
        fields_for_prompt("fields: full_name"),
        document.layout,
        DateOrder(month_first=False),
    )
    assert grounded.sources["full_name"]["unsupported"] is True


@pytest.fixture
def scripted(request):
    server = ScriptedServer(request.param)
    yield server
    server.close()


INVOICE = b"Invoice Number: INV-7\nTotal: $10.00\nVessel name: Northern Star\n"


def _invoice_answers(properties: dict, text: str) -> dict:
    return {
        name: {"due_date": "2024-04-01", "vessel_name": "Northern Star", "total": "99.00"}.get(name)
        for name in properties
    }


@pytest.mark.parametrize("scripted", [_invoice_answers], indirect=True)
def test_only_missing_unsure_and_unknown_fields_go_to_the_model(scripted):
    result = _extract(INVOICE, "fields: invoice_number, total, due_date, vessel_name", scripted)
    # builtin was sure of the number and the total; the due date is missing; no template knows the vessel
    assert scripted.asked_fields() == [["due_date", "vessel_name"]]
    assert result.meta["model_fields"] == ["due_date", "vessel_name"]
    assert result.data == {
        "invoice_number": "INV-7",
        "total": "10.00",
        "due_date": "2024-04-01",
        "vessel_name": "Northern Star",
    }
    assert result.sources["vessel_name"] | {} == {
        "page": 1,
        "line": 3,
        "snippet": "Vessel name: Northern Star",
        "confidence": 1.0,
        "by": "model",
    }
    assert result.sources["due_date"]["unsupported"] is True
    assert "by" not in result.sources["total"]
    assert result.meta["tokens"]["prompt"] > 0
    assert "due_date: not found" not in result.meta.get("warnings", [])


@pytest.mark.parametrize("scripted", [_invoice_answers], indirect=True)
def test_unsupported_values_are_rejected_when_the_setting_says_so(scripted):
    result = _extract(
        INVOICE, "fields: invoice_number, total, due_date, vessel_name", scripted, reject_unsupported=True
    )
    assert "due_date" not in result.data
    assert result.data["vessel_name"] == "Northern Star"
    assert (
        "due_date: the model's value was not found in the document and was rejected"
        in result.meta["warnings"]
    )


@pytest.mark.parametrize("scripted", [_invoice_answers], indirect=True)
def test_an_unsupported_value_never_replaces_one_builtin_read(scripted):
    # every field unsure: the model is asked for the total too, and says 99.00, which is not printed
    result = _extract(INVOICE, "fields: invoice_number, total", scripted, min_confidence=1.01)
    assert scripted.asked_fields() == [["invoice_number", "total"]]
    assert result.data["total"] == "10.00"
    assert "by" not in result.sources["total"]


@pytest.mark.parametrize("scripted", [_invoice_answers], indirect=True)
def test_a_spent_token_budget_sends_nothing_and_says_so(scripted):
    result = _extract(INVOICE, "fields: invoice_number, total, due_date", scripted, tokens_left=0)
    assert scripted.requests == []
    assert result.data == {"invoice_number": "INV-7", "total": "10.00"}
    assert "the plan's monthly token budget is used up: builtin values only" in result.meta["warnings"]
    assert result.meta["tokens"] == {"prompt": 0, "completion": 0}


# --- The dev corpus ---------------------------------------------------------------------------

DOCUMENTS = sorted((DEV / "documents").iterdir())


def _by_text() -> dict[str, str]:
    """A document's text as the engine sends it → its file name."""
    return {read(path.read_bytes(), path.name).text[:500]: path.name for path in DOCUMENTS}


TEXTS = _by_text()
INVENTED = {
    "date": "1987-02-03",
    "date_start": "1987-02-03",
    "date_end": "1987-02-28",
    "money": "98765.43",
    "currency": "XAF",
    "phone": "+269 361 2345",
    "email": "nobody@invented.example",
    "int": 97,
    "last4": "0431",
    "list": ["Underwater basket weaving"],
}


def truthful(properties: dict, text: str) -> dict:
    fields = TRUTH[TEXTS[text[:500]]]["fields"]
    return {name: fields.get(name) for name in properties}


def inventive(properties: dict, text: str) -> dict:
    """A model that makes every value up: none of them is in the document."""
    return {name: INVENTED.get(field_type(name), "Zebulon Quartz Holdings") for name in properties}


def _corpus_run(server: ScriptedServer | None, **config) -> tuple[float, list[dict]]:
    """Field F1 of the dev corpus (per-document prompts) on builtin alone, or hybrid with ``server``."""
    processor, documents = get_processor("extract"), []
    for path in DOCUMENTS:
        options = {"strategy": "per_document", "prompt": PROMPTS[TRUTH[path.name]["document_type"]]["prompt"]}
        if server is not None:
            options |= {
                "engine": "openai",
                "engine_config": {"base_url": server.base_url, "model": "scripted", "timeout": 10, **config},
            }
        result = processor.process(path.read_bytes(), filename=path.name, options=options)
        documents.append(
            {
                "filename": path.name,
                "document_type": result.document_type,
                "data": result.data,
                "sources": result.sources,
            }
        )
    return scorer.score(TRUTH, documents)["overall"]["f1"], documents


@pytest.fixture(scope="module")
def builtin_f1() -> float:
    return _corpus_run(None)[0]


@pytest.mark.slow
@pytest.mark.parametrize("scripted", [truthful], indirect=True)
def test_hybrid_with_a_truthful_model_scores_at_least_builtin_on_the_dev_corpus(scripted, builtin_f1):
    f1, documents = _corpus_run(scripted)
    print(
        f"dev corpus F1: builtin {builtin_f1:.4f}, hybrid (truthful model) {f1:.4f}, "
        f"{len(scripted.requests)} requests"
    )
    assert f1 >= builtin_f1
    by_model = [s for d in documents for s in d["sources"].values() if isinstance(s, dict) and s.get("by")]
    assert by_model and all(not s.get("unsupported") and s["line"] for s in by_model)


@pytest.mark.slow
@pytest.mark.parametrize("scripted", [inventive], indirect=True)
def test_hybrid_with_a_model_that_invents_everything_never_scores_below_builtin(scripted, builtin_f1):
    f1, documents = _corpus_run(scripted, reject_unsupported=True)
    print(f"dev corpus F1: builtin {builtin_f1:.4f}, hybrid (inventive model, rejecting) {f1:.4f}")
    assert len(scripted.requests) > 20  # it was asked, and everything it said was thrown out
    assert f1 == builtin_f1
    assert not [s for d in documents for s in d["sources"].values() if isinstance(s, dict) and s.get("by")]
