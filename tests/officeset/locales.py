"""What each country's invoices print: regions, label synonyms, month names, parties, goods."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Region:
    """A language as written in one country: its currency, VAT rates and number/date habits."""

    code: str
    lang: str
    currency: str
    symbol: str
    rates: tuple[Decimal, ...]  # standard rate first, then reduced ones
    money_styles: tuple[str, ...]  # see fmt.money_style
    date_styles: tuple[str, ...]  # see fmt.date_text
    country: str
    page: str = "A4"


D = Decimal
REGIONS = {
    "en-GB": Region(
        "en-GB",
        "en",
        "GBP",
        "£",
        (D("20"), D("5")),
        ("sym", "sym", "code_before"),
        ("d_month_y", "d_mon_y", "dd/mm/yyyy", "dth_month_y", "iso"),
        "United Kingdom",
    ),
    "en-US": Region(
        "en-US",
        "en",
        "USD",
        "$",
        (D("8.875"), D("6.25"), D("7")),
        ("sym", "sym", "sym_code_after"),
        ("month_d_y", "mon_d_y", "mm/dd/yyyy", "iso"),
        "United States",
        "Letter",
    ),
    "en-IE": Region(
        "en-IE",
        "en",
        "EUR",
        "€",
        (D("23"), D("13.5")),
        ("sym", "code_before"),
        ("d_month_y", "d_mon_y", "dd/mm/yyyy"),
        "Ireland",
    ),
    "fr-FR": Region(
        "fr-FR",
        "fr",
        "EUR",
        "€",
        (D("20"), D("10"), D("5.5")),
        ("after_sym", "after_sym", "after_code"),
        ("dd/mm/yyyy", "dd/mm/yyyy", "d_month_y", "iso"),
        "France",
    ),
    "fr-BE": Region(
        "fr-BE",
        "fr",
        "EUR",
        "€",
        (D("21"), D("6")),
        ("after_sym", "after_code", "before_sym"),
        ("dd/mm/yyyy", "d_month_y"),
        "Belgique",
    ),
    "nl-NL": Region(
        "nl-NL",
        "nl",
        "EUR",
        "€",
        (D("21"), D("9")),
        ("before_sym", "before_sym", "before_code", "tight_sym"),
        ("dd-mm-yyyy", "d_month_y", "d-m-yyyy", "iso"),
        "Nederland",
    ),
    "nl-BE": Region(
        "nl-BE",
        "nl",
        "EUR",
        "€",
        (D("21"), D("6")),
        ("before_sym", "after_sym", "after_code"),
        ("dd/mm/yyyy", "d_month_y", "dd-mm-yyyy"),
        "België",
    ),
    "de-DE": Region(
        "de-DE",
        "de",
        "EUR",
        "€",
        (D("19"), D("7")),
        ("after_sym", "after_sym", "after_code", "before_code"),
        ("dd.mm.yyyy", "dd.mm.yyyy", "d._month_y", "d.m.yyyy"),
        "Deutschland",
    ),
    "de-AT": Region(
        "de-AT",
        "de",
        "EUR",
        "€",
        (D("20"), D("10")),
        ("before_sym", "before_code", "after_sym"),
        ("dd.mm.yyyy", "d._month_y"),
        "Österreich",
    ),
    "de-CH": Region(
        "de-CH",
        "de",
        "CHF",
        "CHF",
        (D("8.1"), D("2.6")),
        ("swiss_before", "swiss_after"),
        ("dd.mm.yyyy", "d._month_y"),
        "Schweiz",
    ),
}
REGIONS_BY_LANG = {
    "en": ("en-GB", "en-GB", "en-US", "en-IE"),
    "fr": ("fr-FR", "fr-FR", "fr-FR", "fr-BE"),
    "nl": ("nl-NL", "nl-NL", "nl-BE"),
    "de": ("de-DE", "de-DE", "de-DE", "de-AT", "de-CH"),
}

MONTHS = {
    "en": ("January February March April May June July August September October November December").split(),  # noqa: SIM905
    "fr": ("janvier février mars avril mai juin juillet août septembre octobre novembre décembre").split(),  # noqa: SIM905
    "nl": ("januari februari maart april mei juni juli augustus september oktober november december").split(),  # noqa: SIM905
    "de": ("Januar Februar März April Mai Juni Juli August September Oktober November Dezember").split(),  # noqa: SIM905
}
MONTHS_AT = ["Jänner", *MONTHS["de"][1:]]

# Label synonyms: a document picks one wording per key (see Doc.label).
LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "title": {
        "en": ("Invoice", "INVOICE", "Tax Invoice", "VAT Invoice"),
        "fr": ("Facture", "FACTURE"),
        "nl": ("Factuur", "FACTUUR"),
        "de": ("Rechnung", "RECHNUNG"),
    },
    "number": {
        "en": ("Invoice number", "Invoice No.", "Invoice #", "Invoice no"),
        "fr": ("Facture n°", "N° de facture", "Numéro de facture", "Facture N°"),
        "nl": ("Factuurnummer", "Factuurnr.", "Factuur nr."),
        "de": ("Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "Beleg-Nr."),
    },
    "date": {
        "en": ("Invoice date", "Date of issue", "Issue date", "Date"),
        "fr": ("Date de facture", "Date", "Date d'émission", "Date de facturation"),
        "nl": ("Factuurdatum", "Datum"),
        "de": ("Rechnungsdatum", "Datum", "Belegdatum"),
    },
    "due": {
        "en": ("Due date", "Payment due", "Date due", "Due"),
        "fr": ("Date d'échéance", "Échéance", "À régler avant le", "Date limite de paiement"),
        "nl": ("Vervaldatum", "Uiterste betaaldatum", "Te betalen vóór"),
        "de": ("Fällig am", "Zahlbar bis", "Fälligkeitsdatum", "Zahlungsziel"),
    },
    "customer_no": {
        "en": ("Customer number", "Customer ID", "Account number", "Client ref."),
        "fr": ("N° client", "Code client", "Réf. client"),
        "nl": ("Klantnummer", "Debiteurnummer", "Klantnr."),
        "de": ("Kunden-Nr.", "Kundennummer", "Ihre Kundennummer"),
    },
    "order_no": {
        "en": ("Order number", "Order #", "Your PO", "Purchase order"),
        "fr": ("N° de commande", "Commande n°", "Votre commande"),
        "nl": ("Ordernummer", "Bestelnummer", "Uw referentie"),
        "de": ("Bestell-Nr.", "Auftragsnummer", "Ihre Bestellung", "Auftrags-Nr."),
    },
    "order_date": {
        "en": ("Order date", "Ordered on"),
        "fr": ("Date de commande", "Commandé le"),
        "nl": ("Besteldatum", "Orderdatum"),
        "de": ("Bestelldatum", "Auftragsdatum"),
    },
    "delivery_date": {
        "en": ("Delivery date", "Date of supply", "Supply date"),
        "fr": ("Date de livraison", "Date de prestation"),
        "nl": ("Leverdatum", "Leveringsdatum"),
        "de": ("Leistungsdatum", "Lieferdatum", "Liefer-/Leistungsdatum"),
    },
    "bill_to": {
        "en": ("Bill to", "Billed to", "Invoice to", "Customer"),
        "fr": ("Facturé à", "Client", "Adresse de facturation", "Destinataire"),
        "nl": ("Factuuradres", "Aan", "Klant", "Gefactureerd aan"),
        "de": ("Rechnungsempfänger", "Kunde", "Rechnungsadresse"),
    },
    "ship_to": {
        "en": ("Ship to", "Delivery address"),
        "fr": ("Livrer à", "Adresse de livraison"),
        "nl": ("Afleveradres", "Leveradres"),
        "de": ("Lieferadresse", "Lieferanschrift"),
    },
    "from": {
        "en": ("From", "Supplier"),
        "fr": ("Émetteur", "Vendeur"),
        "nl": ("Van", "Leverancier"),
        "de": ("Von", "Rechnungssteller"),
    },
    "desc": {
        "en": ("Description", "Item", "Details", "Product / service"),
        "fr": ("Désignation", "Description", "Libellé", "Article"),
        "nl": ("Omschrijving", "Beschrijving", "Artikel"),
        "de": ("Bezeichnung", "Beschreibung", "Artikel / Leistung", "Leistung"),
    },
    "qty": {
        "en": ("Qty", "Quantity", "Units", "QTY"),
        "fr": ("Qté", "Quantité"),
        "nl": ("Aantal", "Aant."),
        "de": ("Menge", "Anzahl", "Anz."),
    },
    "hours": {
        "en": ("Hours", "Hrs"),
        "fr": ("Heures", "Nb d'heures"),
        "nl": ("Uren", "Aantal uren"),
        "de": ("Stunden", "Std."),
    },
    "rate": {
        "en": ("Rate", "Hourly rate"),
        "fr": ("Taux horaire", "Tarif"),
        "nl": ("Tarief", "Uurtarief"),
        "de": ("Stundensatz", "Satz"),
    },
    "unit_price": {
        "en": ("Unit price", "Rate", "Price", "Unit cost"),
        "fr": ("Prix unitaire HT", "P.U. HT", "Prix unit."),
        "nl": ("Prijs", "Stukprijs", "Prijs per stuk", "Tarief"),
        "de": ("Einzelpreis", "E-Preis", "Preis/Einheit", "Einzelpreis netto"),
    },
    "amount": {
        "en": ("Amount", "Total", "Line total", "Net"),
        "fr": ("Montant HT", "Total HT", "Montant"),
        "nl": ("Bedrag", "Totaal", "Bedrag excl. BTW"),
        "de": ("Gesamtpreis", "Betrag", "Gesamt", "Summe"),
    },
    "vat_col": {
        "en": ("VAT", "VAT %", "Tax"),
        "fr": ("TVA", "Taux TVA"),
        "nl": ("BTW", "BTW %"),
        "de": ("MwSt.", "USt.", "MwSt.-Satz"),
    },
    "pos": {"en": ("#", "No."), "fr": ("N°", "#"), "nl": ("Nr.", "#"), "de": ("Pos.", "Pos")},
    "sku": {
        "en": ("SKU", "Item code"),
        "fr": ("Réf.", "Référence"),
        "nl": ("Art.nr.", "SKU"),
        "de": ("Art.-Nr.", "SKU"),
    },
    "subtotal": {
        "en": ("Subtotal", "Total excl. VAT", "Net total", "Total net", "Amount before tax"),
        "fr": ("Total HT", "Montant HT", "Sous-total HT", "Total hors taxes"),
        "nl": ("Subtotaal", "Totaal excl. BTW", "Totaal exclusief btw", "Netto bedrag"),
        "de": ("Nettobetrag", "Zwischensumme", "Summe netto", "Gesamt netto", "Rechnungsbetrag netto"),
    },
    "goods": {
        "en": ("Subtotal", "Items subtotal"),
        "fr": ("Sous-total", "Total articles"),
        "nl": ("Subtotaal", "Totaal artikelen"),
        "de": ("Zwischensumme", "Warenwert"),
    },
    "net_after": {
        "en": ("Total excl. VAT", "Net amount"),
        "fr": ("Total HT", "Montant HT"),
        "nl": ("Totaal excl. BTW", "Netto"),
        "de": ("Nettobetrag", "Summe netto"),
    },
    "tax": {
        "en": ("VAT {r}", "VAT @ {r}", "Tax ({r})", "VAT ({r})"),
        "fr": ("TVA {r}", "TVA ({r})", "Montant TVA {r}"),
        "nl": ("BTW {r}", "{r} BTW", "Btw {r}"),
        "de": ("zzgl. {r} MwSt.", "MwSt. {r}", "USt. {r}", "zzgl. {r} USt.", "Umsatzsteuer {r}"),
    },
    "tax_included": {
        "en": ("incl. VAT {r}", "Includes VAT ({r})"),
        "fr": ("dont TVA {r}", "TVA incluse ({r})"),
        "nl": ("waarvan BTW {r}", "incl. {r} BTW"),
        "de": ("enthaltene MwSt. {r}", "inkl. {r} MwSt."),
    },
    "total": {
        "en": ("Total", "Total due", "Invoice total", "Total incl. VAT", "Balance due"),
        "fr": ("Total TTC", "Net à payer", "Montant TTC", "Total à payer"),
        "nl": ("Totaal", "Totaal incl. BTW", "Te betalen", "Totaalbedrag"),
        "de": ("Gesamtbetrag", "Rechnungsbetrag", "Gesamtsumme", "Endbetrag", "Bruttobetrag"),
    },
    "discount": {
        "en": ("Discount", "Promo code {c}"),
        "fr": ("Remise", "Code promo {c}"),
        "nl": ("Korting", "Kortingscode {c}"),
        "de": ("Rabatt", "Gutschein {c}"),
    },
    "shipping": {
        "en": ("Shipping", "Delivery", "Postage & packing"),
        "fr": ("Frais de port", "Livraison"),
        "nl": ("Verzendkosten", "Verzending"),
        "de": ("Versandkosten", "Versand", "Porto und Verpackung"),
    },
    "payment_method": {
        "en": ("Payment method",),
        "fr": ("Mode de paiement", "Moyen de paiement"),
        "nl": ("Betaalmethode", "Betaalwijze"),
        "de": ("Zahlungsart", "Zahlungsweise"),
    },
    "vat_id": {
        "en": ("VAT Reg. No.", "VAT number", "VAT no."),
        "fr": ("TVA intracommunautaire", "N° TVA intracom.", "TVA Intra."),
        "nl": ("BTW-nummer", "Btw-id", "BTW-nr."),
        "de": ("USt-IdNr.", "USt-ID", "UID-Nr."),
    },
    "phone": {
        "en": ("Tel.", "Phone"),
        "fr": ("Tél.", "Tél :"),
        "nl": ("Tel.", "Telefoon"),
        "de": ("Tel.", "Telefon"),
    },
    "bank": {
        "en": ("Bank details",),
        "fr": ("Coordonnées bancaires", "RIB"),
        "nl": ("Bankgegevens",),
        "de": ("Bankverbindung",),
    },
    "amount_paid": {
        "en": ("Amount paid",),
        "fr": ("Montant payé", "Montant réglé"),
        "nl": ("Betaald bedrag", "Betaald"),
        "de": ("Bezahlter Betrag", "Bezahlt"),
    },
    "amount_due": {
        "en": ("Amount due", "Balance due"),
        "fr": ("Reste à payer", "Solde dû"),
        "nl": ("Openstaand bedrag", "Nog te betalen"),
        "de": ("Offener Betrag", "Restbetrag"),
    },
    "paid_stamp": {"en": ("PAID",), "fr": ("PAYÉE", "ACQUITTÉE"), "nl": ("BETAALD",), "de": ("BEZAHLT",)},
    "page": {
        "en": ("Page {p} of {n}",),
        "fr": ("Page {p} / {n}", "Page {p} sur {n}"),
        "nl": ("Pagina {p} van {n}",),
        "de": ("Seite {p} von {n}",),
    },
}

SENTENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "terms": {
        "en": (
            "Payment is due within {days} days, by {due}.",
            "Please pay {total} by {due}.",
            "Terms: net {days} days. Please quote the invoice number with your payment.",
        ),
        "fr": (
            "Paiement à {days} jours, soit au plus tard le {due}.",
            "Merci de régler la somme de {total} avant le {due}.",
            "Conditions de paiement : {days} jours date de facture.",
        ),
        "nl": (
            "Wij verzoeken u vriendelijk het bedrag van {total} vóór {due} over te maken "
            "o.v.v. het factuurnummer.",
            "Betaling binnen {days} dagen na factuurdatum.",
            "Gelieve het totaalbedrag binnen {days} dagen te voldoen.",
        ),
        "de": (
            "Zahlbar innerhalb von {days} Tagen bis zum {due} ohne Abzug.",
            "Bitte überweisen Sie den Rechnungsbetrag bis zum {due} auf unten stehendes Konto.",
            "Zahlungsbedingungen: {days} Tage netto.",
        ),
    },
    "thanks": {
        "en": ("Thank you for your business.", "Thanks for your order!", "We appreciate your business."),
        "fr": ("Merci de votre confiance.", "Nous vous remercions de votre commande."),
        "nl": ("Bedankt voor uw vertrouwen.", "Hartelijk dank voor uw bestelling."),
        "de": ("Vielen Dank für Ihren Auftrag.", "Wir bedanken uns für die gute Zusammenarbeit."),
    },
    "salutation": {
        "en": ("Dear Sir or Madam,", "Dear customer,"),
        "fr": ("Madame, Monsieur,",),
        "nl": ("Geachte heer, mevrouw,", "Beste klant,"),
        "de": ("Sehr geehrte Damen und Herren,",),
    },
    "intro": {
        "en": ("Please find below our charges for the services provided.",),
        "fr": ("Veuillez trouver ci-dessous le détail de notre facturation.",),
        "nl": ("Hierbij ontvangt u de factuur voor de geleverde diensten.",),
        "de": (
            "vielen Dank für Ihren Auftrag. Wir erlauben uns, Ihnen folgende Leistungen in Rechnung "
            "zu stellen:",
            "für unsere Lieferungen und Leistungen berechnen wir Ihnen:",
        ),
    },
    "closing": {
        "en": ("Kind regards,", "Yours faithfully,"),
        "fr": ("Cordialement,", "Veuillez agréer, Madame, Monsieur, nos salutations distinguées."),
        "nl": ("Met vriendelijke groet,",),
        "de": ("Mit freundlichen Grüßen",),
    },
    "due_line": {
        "en": ("{amount} due {due}",),
        "fr": ("{amount} à régler avant le {due}", "{amount} dû le {due}"),
        "nl": ("{amount} te betalen vóór {due}", "{amount} vervalt op {due}"),
        "de": ("{amount} fällig am {due}", "{amount} zahlbar bis {due}"),
    },
}

UNITS = {
    "pc": {
        "en": ("pcs", "pc", "ea"),
        "fr": ("pce", "u", "pièce(s)"),
        "nl": ("st.", "stuks", "stk"),
        "de": ("Stk.", "St.", "Stück"),
    },
    "h": {
        "en": ("h", "hrs", "hours"),
        "fr": ("h", "heure(s)"),
        "nl": ("uur", "u"),
        "de": ("Std.", "h", "Stunden"),
    },
    "day": {
        "en": ("days", "day(s)"),
        "fr": ("jour(s)", "j"),
        "nl": ("dag(en)", "dagen"),
        "de": ("Tag(e)", "PT"),
    },
    "month": {"en": ("month", "mo"), "fr": ("mois",), "nl": ("mnd", "maand"), "de": ("Monat(e)", "Mon.")},
    "flat": {
        "en": ("flat", "lot"),
        "fr": ("forfait", "ens."),
        "nl": ("post", "forfait"),
        "de": ("pausch.", "psch."),
    },
}

# Goods and services: (description, unit kind, min price, max price). Numbers inside on purpose.
GOODS = {
    "en": (
        ("Website maintenance retainer, March", "month", 180, 900),
        ("UX workshop incl. preparation and follow-up report", "day", 600, 1400),
        ("Toner cartridge HP 26A, 3,100 pages", "pc", 45, 120),
        ("A4 copier paper 80 g, box of 5 reams", "pc", 18, 35),
        ("Senior developer", "h", 70, 140),
        ("Cloud hosting plan Pro (2 vCPU, 4 GB RAM)", "month", 25, 160),
        ("Office chair ErgoFlex 300 with lumbar support", "pc", 150, 420),
        ('Monitor 27" 4K USB-C', "pc", 240, 520),
        ("On-site support, 2-hour call-out", "flat", 90, 240),
        ("Deep clean of kitchen and 3 meeting rooms", "flat", 120, 380),
        ("Catering: sandwich platter for 12 people", "pc", 48, 110),
        ("Annual licence Microsoft 365 Business Standard", "pc", 110, 150),
        ("Copywriting: product descriptions (10 items)", "flat", 250, 600),
        ("Pallet delivery London to Leeds", "flat", 85, 260),
        ("Laptop stand aluminium", "pc", 25, 70),
        ("Network cabling Cat 6, per point", "pc", 60, 140),
        ("Project management", "h", 55, 110),
        ("Business cards, 500 pcs, 400 g matt", "pc", 35, 90),
    ),
    "fr": (
        ("Maintenance du site internet, forfait mensuel", "month", 150, 800),
        ("Atelier de conception (préparation et compte rendu inclus)", "day", 550, 1300),
        ("Cartouche de toner HP 26A, 3 100 pages", "pc", 45, 120),
        ("Ramette papier A4 80 g (carton de 5)", "pc", 18, 35),
        ("Développement back-office", "h", 60, 130),
        ("Hébergement cloud offre Pro 2 vCPU / 4 Go", "month", 25, 160),
        ("Fauteuil de bureau ergonomique avec soutien lombaire", "pc", 150, 420),
        ("Écran 27 pouces 4K USB-C", "pc", 240, 520),
        ("Intervention sur site (déplacement inclus)", "flat", 90, 240),
        ("Nettoyage des bureaux, 2e étage", "flat", 120, 380),
        ("Plateau repas traiteur pour 12 personnes", "pc", 48, 110),
        ("Licence annuelle logiciel de comptabilité", "pc", 110, 350),
        ("Rédaction de fiches produits (lot de 10)", "flat", 250, 600),
        ("Transport palette Lyon - Marseille", "flat", 85, 260),
        ("Câblage réseau Cat 6, par prise", "pc", 60, 140),
        ("Gestion de projet", "h", 55, 110),
        ("Cartes de visite 500 ex. 350 g", "pc", 35, 90),
    ),
    "nl": (
        ("Onderhoud website, maandabonnement", "month", 150, 800),
        ("Workshop klantreis inclusief voorbereiding en verslag", "day", 550, 1300),
        ("Tonercartridge HP 26A, 3.100 pagina's", "pc", 45, 120),
        ("Kopieerpapier A4 80 gram, doos van 5 pakken", "pc", 18, 35),
        ("Ontwikkeling webshop-koppeling", "h", 60, 130),
        ("Cloudhosting pakket Pro (2 vCPU, 4 GB)", "month", 25, 160),
        ("Bureaustoel ergonomisch met lendensteun", "pc", 150, 420),
        ("Monitor 27 inch 4K USB-C", "pc", 240, 520),
        ("Storingsdienst op locatie, voorrijkosten inbegrepen", "flat", 90, 240),
        ("Schoonmaak kantoor en 3 vergaderruimtes", "flat", 120, 380),
        ("Lunchschotel voor 12 personen", "pc", 48, 110),
        ("Jaarlicentie boekhoudpakket", "pc", 110, 350),
        ("Teksten schrijven: 10 productomschrijvingen", "flat", 250, 600),
        ("Palletvervoer Utrecht - Groningen", "flat", 85, 260),
        ("Netwerkbekabeling Cat 6, per aansluiting", "pc", 60, 140),
        ("Projectbegeleiding", "h", 55, 110),
        ("Visitekaartjes 500 st. 350 grams", "pc", 35, 90),
    ),
    "de": (
        ("Wartung Website, Monatspauschale", "month", 150, 800),
        ("Konzeptworkshop inkl. Vor- und Nachbereitung", "day", 550, 1300),
        ("Tonerkartusche HP 26A, 3.100 Seiten", "pc", 45, 120),
        ("Kopierpapier A4 80 g/m², Karton à 5 Pakete", "pc", 18, 35),
        ("Softwareentwicklung Schnittstelle ERP", "h", 60, 130),
        ("Cloud-Hosting Paket Pro (2 vCPU, 4 GB RAM)", "month", 25, 160),
        ("Bürodrehstuhl ergonomisch mit Lordosenstütze", "pc", 150, 420),
        ("Monitor 27 Zoll 4K USB-C", "pc", 240, 520),
        ("Vor-Ort-Service inkl. Anfahrt", "flat", 90, 240),
        ("Grundreinigung Büro 2. OG und 3 Besprechungsräume", "flat", 120, 380),
        ("Catering: Brötchenplatte für 12 Personen", "pc", 48, 110),
        ("Jahreslizenz Buchhaltungssoftware", "pc", 110, 350),
        ("Texterstellung Produktbeschreibungen (10 Stück)", "flat", 250, 600),
        ("Palettentransport Köln - Hamburg", "flat", 85, 260),
        ("Netzwerkverkabelung Cat 6, je Anschluss", "pc", 60, 140),
        ("Projektleitung", "h", 55, 110),
        ("Visitenkarten 500 Stk., 350 g matt", "pc", 35, 90),
    ),
}
# Reduced-rate goods for the multi-rate template (food, books).
GOODS_REDUCED = {
    "en": ("Children's books, mixed box of 20", "Energy-saving insulation boards 12 mm", "Coffee beans 1 kg"),
    "fr": ("Café en grains 1 kg", "Livres scolaires, lot de 20", "Eau minérale 6 x 1,5 L"),
    "nl": ("Koffiebonen 1 kg", "Kinderboeken, doos van 20", "Mineraalwater 6 x 1,5 l"),
    "de": ("Kaffeebohnen 1 kg", "Fachbücher, Paket mit 20 Stück", "Mineralwasser 12 x 0,7 l"),
}
TELECOM = {
    "en": (
        "Business Mobile plan 50 GB",
        "Extra data bundle 5 GB",
        "Calls to international numbers (37 min)",
        "Fibre broadband 500 Mbit/s",
        "Phone instalment 7/24",
    ),
    "fr": (
        "Forfait mobile Pro 50 Go",
        "Recharge data 5 Go",
        "Appels vers l'international (37 min)",
        "Fibre 500 Mb/s",
        "Paiement échelonné mobile 7/24",
    ),
    "nl": (
        "Zakelijk mobiel abonnement 50 GB",
        "Extra databundel 5 GB",
        "Bellen naar buitenland (37 min)",
        "Glasvezel 500 Mbit/s",
        "Toestelkrediet termijn 7/24",
    ),
    "de": (
        "Mobilfunktarif Business 50 GB",
        "Datenpaket 5 GB",
        "Auslandsgespräche (37 Min.)",
        "Glasfaser 500 Mbit/s",
        "Geräteratenzahlung 7/24",
    ),
}
TELECOM_HEAD = {
    "summary": {
        "en": "Account summary",
        "fr": "Récapitulatif de votre compte",
        "nl": "Overzicht",
        "de": "Kontoübersicht",
    },
    "previous": {
        "en": "Previous balance",
        "fr": "Solde précédent",
        "nl": "Vorig saldo",
        "de": "Vorheriger Saldo",
    },
    "received": {
        "en": "Payment received - thank you",
        "fr": "Paiement reçu, merci",
        "nl": "Ontvangen betaling, dank u",
        "de": "Zahlungseingang, vielen Dank",
    },
    "carried": {
        "en": "Balance carried forward",
        "fr": "Solde reporté",
        "nl": "Saldo overgedragen",
        "de": "Übertrag",
    },
    "current": {
        "en": "This period's charges",
        "fr": "Montant de la période",
        "nl": "Kosten deze periode",
        "de": "Aktuelle Rechnung",
    },
    "due": {
        "en": "Total amount due",
        "fr": "Montant total à payer",
        "nl": "Totaal te betalen",
        "de": "Zu zahlender Betrag",
    },
    "period": {
        "en": "Billing period",
        "fr": "Période de facturation",
        "nl": "Factuurperiode",
        "de": "Abrechnungszeitraum",
    },
    "account": {
        "en": "Account number",
        "fr": "N° de compte client",
        "nl": "Klantnummer",
        "de": "Kundenkonto",
    },
    "debit": {
        "en": "The amount due will be collected by Direct Debit on or after {due}.",
        "fr": "Ce montant sera prélevé sur votre compte à partir du {due}.",
        "nl": "Het bedrag wordt op of na {due} automatisch van uw rekening afgeschreven.",
        "de": "Der Betrag wird am {due} per SEPA-Lastschrift von Ihrem Konto abgebucht.",
    },
    "detail": {
        "en": "Charges in detail",
        "fr": "Détail de vos consommations",
        "nl": "Specificatie",
        "de": "Einzelaufstellung",
    },
}

COMPANY_CORES = {
    "en": (
        "Harbourline",
        "Kestrel Analytics",
        "Brightwater Print",
        "Northgate Facilities",
        "Copperleaf Digital",
        "Fenwick & Hale",
        "Bluebell Catering",
        "Ashdown Logistics",
        "Redfern Studio",
        "Mistral Software",
        "Oakhurst Joinery",
        "Lumen Consulting",
        "Tidewell Supplies",
        "Greystone Legal",
        "Pinecrest Labs",
    ),
    "fr": (
        "Atelier Vermillon",
        "Bureautique du Rhône",
        "Les Jardins de Sologne",
        "Cabinet Marchetti",
        "Imprimerie Lefranc",
        "Numérique Armor",
        "Transports Bérard",
        "Éditions du Quai",
        "Lumière & Bois",
        "Informatique Ducasse",
        "Traiteur Aubépine",
        "Solutions Mistral",
        "Menuiserie Garnier",
    ),
    "nl": (
        "Zeewind Techniek",
        "De Groene Vlinder",
        "Bakkerij Van Houten",
        "Polderlicht Media",
        "Vos & Van Dijk",
        "Kantoorgemak",
        "Hoogland Installatietechniek",
        "Duinrand ICT",
        "Studio Meeuwis",
        "Grachtzicht Vastgoed",
        "IJsselweg Logistiek",
        "Veenstra Drukwerk",
    ),
    "de": (
        "Müller & Söhne Haustechnik",
        "Brandner Elektro",
        "Schäfer Druck",
        "Nordlicht Software",
        "Bäckerei Kühn",
        "Alpenblick Consulting",
        "Weißenfels Logistik",
        "Grünwerk Gartenbau",
        "Kanzlei Hoffmann",
        "Lindenhof Medien",
        "Rheinblick IT-Service",
        "Sonnberg Büroausstattung",
    ),
}
LEGAL_FORMS = {
    "en-GB": ("Ltd", "Limited", "LLP", "plc"),
    "en-US": ("Inc.", "LLC", "Corp."),
    "en-IE": ("Ltd", "DAC", "Limited"),
    "fr-FR": ("SAS", "SARL", "EURL", "SA"),
    "fr-BE": ("SRL", "SA", "SCRL"),
    "nl-NL": ("B.V.", "V.O.F.", "B.V."),
    "nl-BE": ("BV", "NV", "CommV"),
    "de-DE": ("GmbH", "GmbH & Co. KG", "AG", "e.K.", "UG (haftungsbeschränkt)"),
    "de-AT": ("GmbH", "OG", "KG"),
    "de-CH": ("AG", "GmbH"),
}
FIRST = {
    "en": ("Emma", "Oliver", "Priya", "James", "Chloe", "Daniel", "Aoife", "Marcus", "Hannah", "Tom"),
    "fr": (
        "Camille",
        "Julien",
        "Élodie",
        "Mathieu",
        "Léa",
        "Nicolas",
        "Chloé",
        "Antoine",
        "Inès",
        "François",
    ),
    "nl": ("Sanne", "Daan", "Femke", "Joris", "Lotte", "Bram", "Noor", "Thijs", "Eline", "Maarten"),
    "de": ("Anna", "Lukas", "Jürgen", "Katrin", "Stefan", "Lena", "Tobias", "Sabine", "Jörg", "Miriam"),
}
LAST = {
    "en": ("Whitcombe", "Clarke", "Patel", "O'Neill", "Harrington", "Fraser", "Nolan", "Bennett", "Ashworth"),
    "fr": (
        "Lefèvre",
        "Marchand",
        "Rousseau",
        "Girard",
        "Fontaine",
        "Chevalier",
        "Leroy",
        "Mercier",
        "Barbier",
    ),
    "nl": ("de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"),
    "de": ("Schneider", "Weber", "Köhler", "Hartmann", "Krüger", "Schröder", "Wagner", "Bauer", "Lehmann"),
}
STREETS = {
    "en-GB": ("{n} Wharf Road", "Unit {n}, Riverside Park", "{n} Albion Street", "{n} Kingsway"),
    "en-US": ("{n} Maple Avenue, Suite 200", "{n} Harbor Blvd", "{n} West 3rd Street"),
    "en-IE": ("{n} Baggot Street Lower", "Unit {n}, Liffey Business Park", "{n} Dock Road"),
    "fr-FR": (
        "{n} rue de la République",
        "{n} avenue Jean Jaurès",
        "{n} bis quai des Chartrons",
        "ZA des Landes, lot {n}",
    ),
    "fr-BE": ("Rue de la Loi {n}", "Avenue Louise {n}", "Chaussée de Wavre {n}"),
    "nl-NL": ("Keizersgracht {n}", "Stationsweg {n}", "Industrieweg {n}a", "Dorpsstraat {n}"),
    "nl-BE": ("Meir {n}", "Kortrijksesteenweg {n}", "Stationsstraat {n}"),
    "de-DE": ("Hauptstraße {n}", "Industriestr. {n}", "Am Mühlbach {n}a", "Königsallee {n}"),
    "de-AT": ("Mariahilfer Straße {n}", "Linzer Gasse {n}", "Industriezeile {n}"),
    "de-CH": ("Bahnhofstrasse {n}", "Seefeldstrasse {n}", "Dorfstrasse {n}"),
}
CITIES = {
    "en-GB": (("Leeds", "LS1 4AP"), ("Bristol", "BS1 6QH"), ("London", "EC2A 4NE"), ("Manchester", "M4 5JD")),
    "en-US": (("Portland, OR", "97205"), ("Austin, TX", "78701"), ("Columbus, OH", "43215")),
    "en-IE": (("Dublin 2", "D02 X285"), ("Cork", "T12 RK2V"), ("Galway", "H91 E2K3")),
    "fr-FR": (("Lyon", "69002"), ("Bordeaux", "33000"), ("Rennes", "35000"), ("Marseille", "13006")),
    "fr-BE": (("Bruxelles", "1000"), ("Namur", "5000"), ("Liège", "4000")),
    "nl-NL": (
        ("Amsterdam", "1016 DL"),
        ("Utrecht", "3511 AX"),
        ("Zwolle", "8011 CW"),
        ("Groningen", "9711 LM"),
    ),
    "nl-BE": (("Antwerpen", "2000"), ("Gent", "9000"), ("Leuven", "3000")),
    "de-DE": (("München", "80331"), ("Köln", "50667"), ("Hamburg", "20095"), ("Leipzig", "04109")),
    "de-AT": (("Wien", "1070"), ("Graz", "8010"), ("Linz", "4020")),
    "de-CH": (("Zürich", "8001"), ("Bern", "3011"), ("Luzern", "6003")),
}
BANKS = {
    "GB": ("Barclays Bank", "Lloyds Bank"),
    "US": ("First Harbor Bank",),
    "IE": ("Bank of Ireland", "AIB"),
    "FR": ("Crédit Agricole", "BNP Paribas", "Banque Populaire"),
    "BE": ("KBC", "Belfius", "BNP Paribas Fortis"),
    "NL": ("ABN AMRO", "Rabobank", "ING"),
    "DE": ("Sparkasse KölnBonn", "Volksbank", "Commerzbank"),
    "AT": ("Erste Bank", "Raiffeisenbank"),
    "CH": ("Zürcher Kantonalbank", "PostFinance"),
}
