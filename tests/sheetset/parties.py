"""Fictitious companies, people, addresses and identifiers of each region.

Phones use ranges kept for fiction where a country has one (UK 020 7946 0xxx, US/AU 555-01xx style,
France 01 99 00 xx xx); e-mails use example.com. IBANs carry valid check digits.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

STEMS = {
    "en": [
        "Harbourline",
        "Oakridge",
        "Bramwell",
        "Kestrel",
        "Silverbirch",
        "Northgate",
        "Larkspur",
        "Redfern",
        "Ashcombe",
        "Thornbury",
        "Blue Heron",
        "Copperfield",
    ],
    "fr": [
        "Atelier Lumière",
        "Boréal",
        "Clairval",
        "Les Tilleuls",
        "Vergeronne",
        "Horizon Ouest",
        "Maison Ferrand",
        "Alpage",
        "Cap Azur",
        "Pré Fleuri",
    ],
    "nl": [
        "Dijkstra",
        "Veldhoven",
        "De Zwaluw",
        "Kempenaar",
        "Lindeboom",
        "Waterkant",
        "Hoogland",
        "Brinkman",
        "De Vlinder",
        "Scheldezicht",
    ],
    "de": [
        "Birkenhof",
        "Nordlicht",
        "Lindner",
        "Falkenstein",
        "Rheinblick",
        "Tannenwald",
        "Hoffmann & Kuhn",
        "Seeberger",
        "Alpenrose",
        "Eichental",
    ],
    "es": [
        "Alameda",
        "Sierra Azul",
        "Costa Brava",
        "Los Olivos",
        "Ribera",
        "Montenegro",
        "El Faro",
        "Valdehierro",
        "Girasol",
        "Peñalta",
    ],
    "it": [
        "Aurora",
        "Colle Verde",
        "Bellavista",
        "Ferretti",
        "Monteleone",
        "Stella Alpina",
        "Ponte Vecchio",
        "Valtellina",
        "Greco & Figli",
        "Rivabella",
    ],
    "pt": [
        "Atlântico",
        "Serra Nova",
        "Ribeirinha",
        "Flor de Lis",
        "Monte Alegre",
        "Boa Vista",
        "Alvorada",
        "Quinta do Vale",
        "Cruzeiro",
        "Mar Azul",
    ],
}
TRADES = {
    "en": ["Office Supplies", "Consulting", "Logistics", "Digital", "Engineering", "Facilities", "Trading"],
    "fr": ["Bureautique", "Conseil", "Logistique", "Numérique", "Ingénierie", "Services", "Distribution"],
    "nl": ["Kantoorartikelen", "Advies", "Logistiek", "ICT", "Techniek", "Facilitair", "Handel"],
    "de": ["Bürobedarf", "Beratung", "Logistik", "IT-Service", "Technik", "Gebäudeservice", "Handel"],
    "es": ["Suministros", "Consultores", "Logística", "Digital", "Ingeniería", "Servicios", "Distribuciones"],
    "it": ["Forniture", "Consulting", "Logistica", "Informatica", "Ingegneria", "Servizi", "Commerciale"],
    "pt": ["Papelaria", "Consultoria", "Logística", "Informática", "Engenharia", "Serviços", "Comércio"],
}
LEGAL_FORMS = {
    "en-GB": ["Ltd", "LLP", "Limited", "plc"],
    "en-US": ["LLC", "Inc.", "Corp."],
    "en-IE": ["Ltd", "Limited", "DAC"],
    "en-AU": ["Pty Ltd", "Pty. Ltd."],
    "fr-FR": ["SARL", "SAS", "EURL", "SA"],
    "fr-BE": ["SRL", "SA", "SC"],
    "fr-CH": ["Sàrl", "SA"],
    "nl-NL": ["B.V.", "V.O.F.", "N.V."],
    "nl-BE": ["BV", "NV", "CommV"],
    "de-DE": ["GmbH", "GmbH & Co. KG", "AG", "e.K.", "UG (haftungsbeschränkt)"],
    "de-AT": ["GmbH", "OG", "KG"],
    "de-CH": ["AG", "GmbH"],
    "es-ES": ["S.L.", "S.A.", "S.L.U."],
    "es-MX": ["S.A. de C.V.", "S. de R.L. de C.V."],
    "it-IT": ["S.r.l.", "S.p.A.", "S.n.c."],
    "pt-PT": ["Lda.", "S.A.", "Unipessoal, Lda."],
    "pt-BR": ["Ltda.", "S.A.", "Ltda. ME"],
}
FIRST_NAMES = {
    "en": ["Olivia", "James", "Amelia", "Noah", "Grace", "Liam", "Chloe", "Ethan"],
    "fr": ["Camille", "Julien", "Léa", "Mathieu", "Chloé", "Nicolas", "Manon", "Antoine"],
    "nl": ["Sanne", "Daan", "Fleur", "Bram", "Lotte", "Jeroen", "Eva", "Thijs"],
    "de": ["Anna", "Lukas", "Julia", "Felix", "Lena", "Jonas", "Katrin", "Tobias"],
    "es": ["Lucía", "Javier", "Carmen", "Diego", "Elena", "Pablo", "Marta", "Andrés"],
    "it": ["Giulia", "Marco", "Chiara", "Luca", "Francesca", "Matteo", "Sara", "Davide"],
    "pt": ["Inês", "João", "Beatriz", "Tiago", "Mariana", "Rafael", "Ana", "Pedro"],
}
LAST_NAMES = {
    "en": ["Whitfield", "Carter", "Hughes", "Bennett", "Fletcher", "Morgan", "Lawson", "Reid"],
    "fr": ["Lefèvre", "Girard", "Moreau", "Fontaine", "Chevalier", "Rousseau", "Blanchard", "Perrin"],
    "nl": ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Mulder", "de Graaf"],
    "de": ["Schneider", "Becker", "Wagner", "Schäfer", "Krüger", "Hartmann", "Vogel", "Brandt"],
    "es": ["García", "Martínez", "Navarro", "Ortega", "Romero", "Castillo", "Herrera", "Vidal"],
    "it": ["Rossi", "Bianchi", "Ferrari", "Esposito", "Ricci", "Marino", "Greco", "Conti"],
    "pt": ["Silva", "Santos", "Ferreira", "Costa", "Oliveira", "Pereira", "Rodrigues", "Almeida"],
}
STREETS = {
    "en": [
        "{n} Mill Lane",
        "{n} Harbour Road",
        "Unit {n}, Kingsway Business Park",
        "{n} Elm Street",
        "{n} Station Parade",
    ],
    "fr": ["{n} rue des Lilas", "{n} avenue du Lac", "{n} chemin des Vignes", "{n} boulevard Pasteur"],
    "nl": ["Kerkstraat {n}", "Molenweg {n}", "Havenkade {n}", "Lindelaan {n}"],
    "de": ["Lindenstraße {n}", "Am Mühlbach {n}", "Industriestr. {n}", "Bahnhofplatz {n}"],
    "es": [
        "Calle Mayor, {n}",
        "Avenida del Puerto, {n}",
        "Calle de los Olmos, {n}",
        "Paseo de la Ribera, {n}",
    ],
    "it": ["Via Roma, {n}", "Viale dei Tigli, {n}", "Via Garibaldi, {n}", "Corso Italia, {n}"],
    "pt": [
        "Rua das Flores, {n}",
        "Avenida da Liberdade, {n}",
        "Rua do Comércio, {n}",
        "Travessa do Sol, {n}",
    ],
}
CITIES = {
    "en-GB": ["Leeds LS1 4AP", "Bristol BS1 6QA", "York YO1 7HH", "Norwich NR2 1RT"],
    "en-US": ["Springfield, IL 62704", "Madison, WI 53703", "Boise, ID 83702", "Dayton, OH 45402"],
    "en-IE": ["Cork T12 X2Y4", "Galway H91 K8R2", "Dublin 8 D08 R6Y9"],
    "en-AU": ["Geelong VIC 3220", "Newcastle NSW 2300", "Hobart TAS 7000"],
    "fr-FR": ["69003 Lyon", "33000 Bordeaux", "44000 Nantes", "67000 Strasbourg"],
    "fr-BE": ["4000 Liège", "5000 Namur", "1348 Louvain-la-Neuve"],
    "fr-CH": ["1003 Lausanne", "1201 Genève", "2000 Neuchâtel"],
    "nl-NL": ["3511 AB Utrecht", "9712 CP Groningen", "5611 AZ Eindhoven"],
    "nl-BE": ["9000 Gent", "2000 Antwerpen", "3000 Leuven"],
    "de-DE": ["50667 Köln", "04109 Leipzig", "28195 Bremen", "90402 Nürnberg"],
    "de-AT": ["4020 Linz", "8010 Graz", "5020 Salzburg"],
    "de-CH": ["8004 Zürich", "3011 Bern", "6003 Luzern"],
    "es-ES": ["46001 Valencia", "41001 Sevilla", "50001 Zaragoza"],
    "es-MX": ["44100 Guadalajara, Jal.", "64000 Monterrey, N.L.", "76000 Querétaro, Qro."],
    "it-IT": ["20121 Milano (MI)", "40121 Bologna (BO)", "10121 Torino (TO)"],
    "pt-PT": ["4000-123 Porto", "3000-456 Coimbra", "1100-321 Lisboa"],
    "pt-BR": ["01310-100 São Paulo - SP", "80010-000 Curitiba - PR", "30130-000 Belo Horizonte - MG"],
}
ID_LABELS = {
    "en-GB": "VAT No.",
    "en-US": "EIN",
    "en-IE": "VAT No.",
    "en-AU": "ABN",
    "fr-FR": "N° TVA",
    "fr-BE": "TVA",
    "fr-CH": "IDE",
    "nl-NL": "BTW-nr.",
    "nl-BE": "Btw-nr.",
    "de-DE": "USt-IdNr.",
    "de-AT": "UID",
    "de-CH": "MWST-Nr.",
    "es-ES": "NIF",
    "es-MX": "RFC",
    "it-IT": "P. IVA",
    "pt-PT": "NIF",
    "pt-BR": "CNPJ",
}
IBAN_LAYOUT = {  # country, BBAN pattern (A = letter, 9 = digit)
    "en-GB": ("GB", "AAAA99999999999999"),
    "en-IE": ("IE", "AAAA99999999999999"),
    "fr-FR": ("FR", "99999999999999999999999"),
    "fr-BE": ("BE", "999999999999"),
    "fr-CH": ("CH", "99999999999999999"),
    "nl-NL": ("NL", "AAAA9999999999"),
    "nl-BE": ("BE", "999999999999"),
    "de-DE": ("DE", "999999999999999999"),
    "de-AT": ("AT", "9999999999999999"),
    "de-CH": ("CH", "99999999999999999"),
    "es-ES": ("ES", "99999999999999999999"),
    "it-IT": ("IT", "A9999999999999999999999"),
    "pt-PT": ("PT", "999999999999999999999"),
}
PHONE_PREFIX = {
    "en-GB": "+44 20 7946 0{d3}",
    "en-US": "+1 (312) 555-01{d2}",
    "en-IE": "+353 1 555 0{d3}",
    "en-AU": "+61 2 5550 1{d3}",
    "fr-FR": "+33 1 99 00 {d2} {d2b}",
    "fr-BE": "+32 4 555 0{d1} {d2}",
    "fr-CH": "+41 21 555 0{d1} {d2}",
    "nl-NL": "+31 20 555 0{d3}",
    "nl-BE": "+32 9 555 0{d1} {d2}",
    "de-DE": "+49 30 555 01{d2}",
    "de-AT": "+43 732 555 0{d3}",
    "de-CH": "+41 44 555 0{d1} {d2}",
    "es-ES": "+34 960 555 0{d2}",
    "es-MX": "+52 33 5550 1{d3}",
    "it-IT": "+39 02 5550 1{d3}",
    "pt-PT": "+351 22 555 0{d3}",
    "pt-BR": "+55 11 5550-1{d3}",
}


@dataclass
class Party:
    name: str
    street: str
    city: str
    country: str
    tax_id: str
    phone: str
    email: str
    contact: str
    iban: str = ""
    bic: str = ""
    lines: list[str] = field(default_factory=list)

    def address_lines(self, *, with_country: bool) -> list[str]:
        lines = [self.street, self.city]
        return [*lines, self.country] if with_country else lines


def person_name(rng: random.Random, language: str) -> str:
    return f"{rng.choice(FIRST_NAMES[language])} {rng.choice(LAST_NAMES[language])}"


def company_name(rng: random.Random, region: str, language: str, avoid: str = "") -> str:
    while True:
        stem = rng.choice(STEMS[language])
        name = f"{stem} {rng.choice(TRADES[language])} {rng.choice(LEGAL_FORMS[region])}"
        if stem not in avoid:
            return name


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def tax_id(rng: random.Random, region: str) -> str:
    d = lambda n: _digits(rng, n)  # noqa: E731
    return {
        "en-GB": f"GB {d(3)} {d(4)} {d(2)}",
        "en-US": f"{d(2)}-{d(7)}",
        "en-IE": f"IE{d(7)}{rng.choice('ABCDEFGHW')}",
        "en-AU": f"{d(2)} {d(3)} {d(3)} {d(3)}",
        "fr-FR": f"FR{d(2)} {d(9)}",
        "fr-BE": f"BE 0{d(3)}.{d(3)}.{d(3)}",
        "fr-CH": f"CHE-{d(3)}.{d(3)}.{d(3)} TVA",
        "nl-NL": f"NL{d(9)}B01",
        "nl-BE": f"BE 0{d(3)}.{d(3)}.{d(3)}",
        "de-DE": f"DE{d(9)}",
        "de-AT": f"ATU{d(8)}",
        "de-CH": f"CHE-{d(3)}.{d(3)}.{d(3)} MWST",
        "es-ES": f"B{d(8)}",
        "es-MX": f"{''.join(rng.choice(string.ascii_uppercase) for _ in range(3))}{d(6)}{d(3)}",
        "it-IT": f"IT{d(11)}",
        "pt-PT": f"PT {d(9)}",
        "pt-BR": f"{d(2)}.{d(3)}.{d(3)}/0001-{d(2)}",
    }[region]


def iban(rng: random.Random, region: str) -> str:
    """An IBAN of the region's shape with valid check digits, grouped by four as printed."""
    if region not in IBAN_LAYOUT:
        return ""
    country, pattern = IBAN_LAYOUT[region]
    bban = "".join(
        rng.choice(string.ascii_uppercase) if c == "A" else rng.choice(string.digits) for c in pattern
    )
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    raw = f"{country}{check:02d}{bban}"
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def bank_line(rng: random.Random, region: str) -> tuple[str, str]:
    """(account text, BIC or routing text) for the bank block."""
    if region == "en-US":
        return f"Account {_digits(rng, 10)}", f"Routing (ABA) 0{_digits(rng, 8)}"
    if region == "en-AU":
        return f"Account {_digits(rng, 9)}", f"BSB 0{_digits(rng, 2)}-{_digits(rng, 3)}"
    if region == "es-MX":
        return f"CLABE {_digits(rng, 18)}", "Banco Ficticio del Bajío"
    if region == "pt-BR":
        return (
            f"Agência {_digits(rng, 4)} · Conta {_digits(rng, 5)}-{_digits(rng, 1)}",
            f"PIX {_digits(rng, 14)}",
        )
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(4))
    country = IBAN_LAYOUT[region][0]
    return f"IBAN {iban(rng, region)}", f"BIC {letters}{country}{rng.choice(['2X', '22', 'MM', 'PP'])}"


def phone(rng: random.Random, region: str) -> str:
    return PHONE_PREFIX[region].format(
        d1=_digits(rng, 1), d2=_digits(rng, 2), d2b=_digits(rng, 2), d3=_digits(rng, 3)
    )


def make_party(rng: random.Random, region_key: str, language: str, country: str, *, avoid: str = "") -> Party:
    name = company_name(rng, region_key, language, avoid=avoid)
    slug = "".join(c for c in name.split()[0].lower() if c.isascii() and c.isalpha()) or "mail"
    account, bic = bank_line(rng, region_key)
    return Party(
        name=name,
        street=rng.choice(STREETS[language]).format(n=rng.randint(2, 180)),
        city=rng.choice(CITIES[region_key]),
        country=country,
        tax_id=tax_id(rng, region_key),
        phone=phone(rng, region_key),
        email=f"{rng.choice(['info', 'billing', 'accounts', 'orders', 'office'])}@{slug}.example.com",
        contact=person_name(rng, language),
        iban=account,
        bic=bic,
    )
