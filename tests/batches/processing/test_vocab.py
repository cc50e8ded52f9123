"""The per-language vocabularies: every file complete, lookups across languages, a new file
is a new language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from batches.processing import vocab
from batches.processing.builtin.vocabulary import FIELDS, ITEM_COLUMNS

SHIPPED = ("de", "en", "es", "fr", "it", "nl", "pt")


def _language(code: str) -> vocab.Language:
    return next(lang for lang in vocab.languages() if lang.code == code)


def test_every_shipped_language_loads_and_passes_the_check():
    # when
    codes = [lang.code for lang in vocab.languages()]

    # then
    assert codes == list(SHIPPED)
    assert vocab.check_languages() == []


def test_the_canonical_fields_are_the_engines_fields():
    assert set(vocab.all_field_names()) == set(FIELDS)


def test_english_keeps_every_wording_the_builtin_vocabulary_has():
    english = _language("en")
    for name, (_kind, wordings) in FIELDS.items():
        words = english.fields[name]
        known = {vocab.normalise_label(w) for w in (*words.labels, *words.weak)}
        assert [w for w in wordings if vocab.normalise_label(w) not in known] == [], name
    for column, wordings in ITEM_COLUMNS.items():
        known = {vocab.normalise_label(w) for w in english.item_columns[column]}
        assert [w for w in wordings if vocab.normalise_label(w) not in known] == [], column


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("Juillet", 7),
        ("mai", 5),
        ("März", 3),
        ("okt.", 10),
        ("dicembre", 12),
        ("março", 3),
        ("Maerz", 3),
        ("févr.", 2),
        ("FEVRIER", 2),
        ("Sept.", 9),
        ("mrt", 3),
        ("ene.", 1),
        ("Jänner", 1),
        ("out", 10),
        ("dez", 12),
    ],
)
def test_month_number_in_any_language(word, month):
    assert vocab.month_number(word) == month


def test_month_number_of_a_non_month_is_none():
    assert vocab.month_number("facture") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Facture n°", "FACTURE No."),
        ("Facture n°", "facture Nº"),
        ("Fatura n.º", "Fatura Nº"),
        ("Rechnung Nr.", "Rechnung #"),
        ("Fattura n.", "fattura num."),
        ("Invoice No", "invoice #"),
        ("N2 de cuenta", "Nº de cuenta"),  # OCR's reading of "Nº"
        ("N.2 da fatura", "N.º da fatura"),
        ("N2 pedido", "Nº pedido"),
    ],
)
def test_number_signs_normalise_alike(a, b):
    assert vocab.normalise_label(a) == vocab.normalise_label(b)


def test_normalise_label_folds_case_accents_and_punctuation():
    assert vocab.normalise_label("  Date d'échéance : ") == "date d echeance"
    assert vocab.normalise_label("Número da fatura") == "numero da fatura"
    # a bare "no" followed by words is a word, not a number sign
    assert vocab.normalise_label("No se admiten devoluciones") == "no se admiten devoluciones"


def test_field_labels_span_languages_and_mark_strength():
    # when
    labels = vocab.field_labels("invoice_number")

    # then
    by_language = {label.language for label in labels}
    assert {"de", "nl", "fr", "es", "it", "pt", "en"} <= by_language
    assert any(
        label.language == "de" and label.normalised == "rechnungsnummer" and label.strong for label in labels
    )
    assert any(
        label.language == "nl" and label.normalised == "factuurnummer" and label.strong for label in labels
    )
    assert any(
        label.language == "fr" and label.normalised == "facture" and not label.strong for label in labels
    )
    assert vocab.field_labels("no_such_field") == []


def test_generic_words_are_weak():
    weak_dates = {label.normalised for label in vocab.field_labels("invoice_date") if not label.strong}
    strong_dates = {label.normalised for label in vocab.field_labels("invoice_date") if label.strong}
    assert {"date", "datum", "fecha", "data"} <= weak_dates
    assert not {"date", "datum", "fecha", "data"} & strong_dates


def test_item_columns_and_total_stop_words():
    columns = vocab.item_column_labels()
    assert set(columns) == {"description", "quantity", "unit_price", "amount"}
    assert {"designation", "bezeichnung", "omschrijving", "descripcion", "descrizione", "descricao"} <= {
        label.normalised for label in columns["description"]
    }
    assert {"qte", "menge", "aantal", "cantidad", "quantita", "quantidade"} <= {
        label.normalised for label in columns["quantity"]
    }
    assert {"total ht", "zwischensumme", "subtotaal", "base imponible", "imponibile"} <= set(
        vocab.total_stop_words()
    )


def test_class_keywords_are_normalised_and_merged():
    keywords = vocab.class_keywords()
    invoice = dict(keywords["invoice"])
    assert invoice["facture"] == 3
    assert invoice["rechnung"] == 3
    assert dict(keywords["receipt"])["ticket de caisse"] == 4
    assert dict(keywords["bank_statement"])["kontoauszug"] == 5
    assert {"experience professionnelle", "berufserfahrung", "werkervaring", "competencias"} <= set(
        dict(keywords["resume"])
    )
    phrases = [phrase for phrase, _weight in keywords["resume"]]
    assert len(phrases) == len(set(phrases))  # "cv" is in five files, counted once


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("espèces", "Cash"),
        ("ESPECES", "Cash"),
        ("Barzahlung", "Cash"),
        ("EC-Karte", "Debit Card"),
        ("Girocard", "Debit Card"),
        ("PIN", "Card"),
        ("efectivo", "Cash"),
        ("contanti", "Cash"),
        ("dinheiro", "Cash"),
        ("Visa", "Visa"),
        ("carte bancaire", "Card"),
        ("Mastercard", "Mastercard"),
        ("tarjeta de crédito", "Credit Card"),
    ],
)
def test_payment_method_in_any_language(printed, value):
    assert vocab.payment_method(printed) == value


def test_payment_method_of_an_unknown_word_is_none():
    assert vocab.payment_method("Rechnungsnummer") is None


def test_dates_numbers_and_sections():
    starts, ends = vocab.range_words()
    assert {"du", "vom", "van", "del", "dal", "de"} <= starts
    assert {"au", "bis", "tot", "al", "a"} <= ends
    assert {"lundi", "dienstag", "woensdag", "jueves", "venerdi", "sabado", "sunday"} <= vocab.weekday_words()
    assert vocab.numeric_date_orders("en") == ("mdy", "dmy")
    assert vocab.numeric_date_orders("de") == ("dmy", "ymd")
    assert vocab.number_separators("fr")[0] == ","
    assert vocab.currency_code("Franken") == "CHF"
    assert vocab.currency_code("reais") == "BRL"
    assert {"competences", "kenntnisse", "vaardigheden", "habilidades", "competenze"} <= set(
        vocab.section_headings("skills")
    )
    assert "berufserfahrung" in vocab.section_headings("experience")
    assert vocab.section_headings("hobbies") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Veuillez trouver ci-joint notre facture pour les prestations du mois de mars. "
            "Le montant total TTC "
            "est à régler avant la date d'échéance.",
            "fr",
        ),
        (
            "Sehr geehrte Damen und Herren, anbei erhalten Sie unsere Rechnung für die "
            "Leistungen im März. Bitte "
            "überweisen Sie den Betrag innerhalb von 14 Tagen.",
            "de",
        ),
        (
            "Hierbij ontvangt u de factuur voor de werkzaamheden van maart. Wij verzoeken u "
            "het bedrag binnen 30 "
            "dagen over te maken onder vermelding van het factuurnummer.",
            "nl",
        ),
        (
            "Adjuntamos la factura correspondiente a los servicios prestados en marzo. Le "
            "rogamos que realice el "
            "pago antes de la fecha de vencimiento.",
            "es",
        ),
        (
            "In allegato la fattura relativa ai servizi del mese di marzo. Vi preghiamo di "
            "effettuare il pagamento "
            "entro la data di scadenza indicata.",
            "it",
        ),
        (
            "Segue em anexo a fatura referente aos serviços prestados no mês de março. "
            "Solicitamos o pagamento "
            "até à data de vencimento.",
            "pt",
        ),
        (
            "Please find attached our invoice for services rendered in March. Payment is due within 30 days.",
            "en",
        ),
        ("12345 67.00 2025-03-01", "en"),
    ],
)
def test_language_of_a_short_paragraph(text, code):
    assert vocab.language_of(text) == code


def test_adding_a_language_is_adding_a_file(tmp_path: Path):
    # given: a tiny Swedish file beside a copy of the English one
    (tmp_path / "en.toml").write_bytes((vocab.VOCAB_DIR / "en.toml").read_bytes())
    (tmp_path / "sv.toml").write_text(
        'code = "sv"\nname = "Svenska"\n'
        '[fields.invoice_number]\nlabels = ["Fakturanummer", "Fakturanr."]\nweak = ["Nr"]\n'
        '[classes]\ninvoice = [["faktura", 3]]\n'
        '[dates]\nmonths = [["januari"], ["februari"], ["mars"], ["april"], ["maj"], ["juni"], ["juli"], '
        '["augusti"], ["september"], ["oktober"], ["november"], ["december"]]\n'
        'weekdays = [["måndag"], ["tisdag"], ["onsdag"], ["torsdag"], ["fredag"], ["lördag"], ["söndag"]]\n'
        '[payment_methods]\n"kontant" = "Cash"\n'
        '[names]\nfor = ["för"]\n[letters]\nclosings = ["Med vänliga hälsningar"]\n'
        '[resumes]\nongoing = ["pågående"]\nyears = ["år"]\n[receipts]\nchange = ["växel"]\n',
        encoding="utf-8",
    )

    # when
    languages = vocab.load_languages(tmp_path)

    # then
    assert [lang.code for lang in languages] == ["en", "sv"]
    swedish = languages[1]
    assert swedish.fields["invoice_number"].labels == ("Fakturanummer", "Fakturanr.")
    assert swedish.months[4] == ("maj",)
    assert dict(swedish.classes["invoice"]) == {"faktura": 3.0}
    # its words of running text: whom a document is for, a letter's closing, a position held
    assert (swedish.prose.addressed, swedish.prose.closings) == (("för",), ("Med vänliga hälsningar",))
    assert (swedish.prose.ongoing, swedish.prose.years) == (("pågående",), ("år",))
    assert swedish.prose.change == ("växel",)
    problems = vocab.check_languages(languages)
    assert "sv.toml: fields.due_date: missing" in problems
    assert "sv.toml: classes.receipt: missing" in problems
    assert not [p for p in problems if p.startswith("en.toml")]


def test_the_check_reports_clashes_and_empty_phrases(tmp_path: Path):
    # given
    (tmp_path / "xx.toml").write_text(
        'code = "xx"\n'
        '[fields.invoice_date]\nlabels = ["Datum"]\n'
        '[fields.order_date]\nlabels = ["Datum"]\n'
        '[fields.vendor_name]\nlabels = ["Leverancier"]\n'
        '[fields.supplier]\nlabels = ["Leverancier", "--"]\n'
        '[payment_methods]\n"kaart" = "Crad"\n',
        encoding="utf-8",
    )

    # when
    problems = vocab.check_languages(vocab.load_languages(tmp_path))

    # then
    assert "xx.toml: strong label 'datum' names both invoice_date/order_date" in problems
    assert not [p for p in problems if "leverancier" in p]  # vendor_name and supplier may share a wording
    assert "xx.toml: fields.supplier.labels: '--' normalises to nothing" in problems
    assert "xx.toml: payment_methods.'kaart': 'Crad' is not a known display value" in problems


def test_a_malformed_file_names_itself(tmp_path: Path):
    (tmp_path / "yy.toml").write_text('[classes]\ninvoice = [["factuur", "three"]]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"yy\.toml classes\.invoice"):
        vocab.load_languages(tmp_path)


def test_a_malformed_list_of_words_names_itself(tmp_path: Path):
    (tmp_path / "yy.toml").write_text('[resumes]\nongoing = "heden"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"yy\.toml resumes\.ongoing: expected a list of strings"):
        vocab.load_languages(tmp_path)


def test_every_languages_words_of_one_kind_longest_first():
    ongoing = vocab.prose_words(lambda words: words.ongoing)
    assert {"present", "heute", "aujourd'hui", "heden", "actualmente", "in corso", "o momento"} <= set(
        ongoing
    )
    assert [len(w) for w in ongoing] == sorted((len(w) for w in ongoing), reverse=True)
    assert re.fullmatch(vocab.alternation(["a", "a.b"]), "a.b") and not re.fullmatch(
        vocab.alternation(["a.b"]), "axb"
    )


def test_a_2_after_n_is_a_number_sign_only_before_a_preposition():
    assert vocab.normalise_label("N2 gas") == "n2 gas"
