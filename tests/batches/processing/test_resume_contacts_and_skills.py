"""A résumé's phone printed without its country code, and skills grouped under categories or followed
by sections the list must not run into. Documents built here, not from a corpus."""

from __future__ import annotations

import pytest

from batches.processing import get_processor
from tests.batches.processing.extracting import extract_text
from tests.batches.processing.test_extract_layouts import pdf


@pytest.mark.parametrize(
    ("contact", "phone"),
    [
        (
            "Leeds LS6 2QT  |  07700 900482  |  harriet.ob@example.co.uk",
            "+447700900482",
        ),  # the domain's country
        ("Oudegracht 212 · 3511 NR Utrecht · 06-41873920 · bram@example.nl", "+31641873920"),
        ("Celular/WhatsApp: (11) 98765-4321 • E-mail: thiago@example.com.br", "+5511987654321"),
        ("0412 345 678  ·  liam.obrien@example.com", "+61412345678"),  # valid in Australia only
        ("Austin, TX 78704 • (512) 555-0139 • m.wellington@example.com", "+15125550139"),
    ],
)
def test_a_phone_without_its_country_code_is_dialled_where_the_resume_is_from(contact, phone):
    text = f"Harriet Jansen\nSenior Quantity Surveyor\n{contact}\n\nPROFILE\nChartered surveyor.\n"
    assert extract_text(text, "phone", strategy="per_document").data == {"phone": phone}


def test_a_number_of_no_country_the_resumes_language_dials_is_no_phone():
    text = "Harriet Jansen\nSenior Quantity Surveyor\nRef 0000 000 000\n\nPROFILE\nChartered surveyor.\n"
    assert extract_text(text, "phone").data.get("phone") is None


def test_skills_grouped_under_categories_are_the_skills_alone():
    text = (
        "Matthew Wellington\nSoftware Engineer\n\nTECHNICAL SKILLS\nLanguages: Python, Go, TypeScript, SQL\n"
        "Frameworks: Django, FastAPI, React\nCloud & Tools: AWS, Terraform, Docker\n\nEXPERIENCE\n"
    )
    assert extract_text(text, "skills").data["skills"] == [
        "Python", "Go", "TypeScript", "SQL", "Django", "FastAPI", "React", "AWS", "Terraform", "Docker",
    ]  # fmt: skip


def test_skills_under_category_lines():
    text = (
        "Rita Marques\nEngenheira de software\n\nCompetências\nLinguagens\nTypeScript, Java, Kotlin\n"
        "Frameworks\nAngular, Spring Boot\nMetodologias\nScrum, TDD\n\nExperiência\n"
    )
    assert extract_text(text, "skills").data["skills"] == [
        "TypeScript", "Java", "Kotlin", "Angular", "Spring Boot", "Scrum", "TDD",
    ]  # fmt: skip


def test_a_skills_sentences_full_stop_is_no_part_of_its_last_skill():
    text = "Thiago Nogueira\n\nCONHECIMENTOS\nPower BI, SQL Server, Python, ETL, Modelagem dimensional.\n"
    assert extract_text(text, "skills").data["skills"] == [
        "Power BI", "SQL Server", "Python", "ETL", "Modelagem dimensional",
    ]  # fmt: skip


@pytest.mark.parametrize("heading", ["INTERESTS", "Educational Qualification", "Hobbys", "Centres d'intérêt"])
def test_a_skills_list_ends_at_a_resumes_other_section(heading):
    text = (
        "Harriet O'Brien\nQuantity Surveyor\n\nKEY SKILLS\nCost planning\nCostX\nValue engineering\n"
        f"{heading}\nFell running\nChoir\n"
    )
    assert extract_text(text, "skills").data["skills"] == ["Cost planning", "CostX", "Value engineering"]


def _name_of(items: list[tuple[float, float, str, float]]) -> dict:
    """What a PDF of ``items`` gives for a prompt of the full name alone."""
    result = get_processor("extract").process(
        pdf(items), filename="cv.pdf", options={"strategy": "global", "prompt": "full name"}
    )
    return result.data


@pytest.mark.parametrize(
    ("first", "surname", "email"),
    [
        ("Andrés", "Villaseñor Ruiz", "andres.villasenor@example.mx"),
        ("Fleur", "Jansen-Bakker", "fleur.jb@example.nl"),  # the e-mail holds the surname's initials
        ("Camille", "FOURNIER-LAGARDE", "camille.fournier@example.fr"),
        # two first names over the surname the address holds
        ("María Florencia", "GUTIÉRREZ", "mflorencia.gutierrez@example.com"),
        ("Rodrigo Ignacio", "Soto Valenzuela", "rodrigo.soto.v@example.com"),
        ("Jana", "Kühnemann", "jana.kuehnemann@example.de"),  # the umlaut written out
        ("Jan-Willem", "van den Berg", "jw.vandenberg@example.nl"),  # a surname's particles
    ],
)
def test_a_name_printed_large_over_two_lines_beside_a_sidebar(first, surname, email):
    items = [
        (40, 50, first, 26),
        (430, 52, "CONTACTO", 8),
        (430, 70, email, 8),
        (40, 84, surname, 26),
        (430, 88, "Col. Del Valle, CDMX", 8),
        (40, 120, "Ingeniero de datos", 10),
        (40, 150, "EXPERIENCIA", 10),
        (40, 165, "2016 - 2024  Analista de datos, Grupo Norte", 9),
    ]
    assert _name_of(items) == {"full_name": f"{first} {surname}"}


def test_a_documents_title_printed_large_over_the_name_is_no_part_of_it():
    items = [
        (68, 60, "Lebenslauf", 22),
        (68, 98, "Jonas Weber", 18),
        (68, 135, "Anschrift", 9),
        (159, 135, "Hölderlinstraße 27, 70174 Stuttgart", 9),
        (68, 150, "E-Mail", 9),
        (159, 150, "jonas.weber.ing@web.de", 9),
        (68, 165, "Familienstand", 9),
        (159, 165, "verheiratet", 9),
    ]
    assert _name_of(items).get("full_name") == "Jonas Weber"


def test_a_job_title_under_a_first_name_is_no_surname():
    items = [(40, 50, "Anouk", 26), (40, 84, "Verpleegkundige", 12), (40, 120, "anouk.jansen@example.nl", 9)]
    assert _name_of(items).get("full_name") != "Anouk Verpleegkundige"


@pytest.mark.parametrize(
    ("positions", "dateline", "years"),
    [
        # held "to present" ends when the résumé was written, to the month: Sept 2012 to March 2024
        ("Jan 2019 - Present  Senior Surveyor\nSept 2012 - Dec 2018  Surveyor", "CV updated March 2024", 11),
        (
            "mai 2017 - aujourd'hui  Chargé de projets\njuin 2012 - avril 2017  Ingénieur",
            "Mis à jour : 2024-01-22",
            11,
        ),
        # "seit 03/2020": a position still held, started then
        (
            "seit 03/2020  Leiterin Controlling\n09/2011 - 02/2020  Controllerin",
            "Stuttgart, 12. März 2024",
            12,
        ),
        # "dès 07.2020": a position still held (Swiss French)
        (
            "dès 07.2020  Ingénieure process\n01.2012 - 06.2020  Ingénieure automaticienne",
            "Lausanne, mars 2024",
            12,
        ),
        # "Apr 2016 - Date": held to date (Nigerian usage)
        (
            "Apr 2016 - Date  Reservoir Engineer\nJune 2012 - Mar 2016  Petroleum Engineer",
            "Updated: January 2025",
            12,
        ),
    ],
)
def test_years_of_experience_run_to_the_month_the_resume_was_written(positions, dateline, years):
    text = f"Harriet Becker\nharriet.becker@example.com\n\nExperience\n{positions}\n\n{dateline}\n"
    assert extract_text(text, "years of experience").data == {"years_experience": years}


def test_a_laws_number_and_year_in_a_consent_line_is_no_position():
    text = (
        "Marco Gallo\nmarco.gallo@example.it\n\nEsperienze\n03/2016 - 12/2024  Sviluppatore, Reply\n"
        "\nAutorizzo il trattamento dei dati personali ai sensi del D.Lgs. 196/2003 e del Regolamento"
        " UE 2016/679.\n"
    )
    assert extract_text(text, "years of experience").data == {"years_experience": 8}


def test_an_education_heading_beside_a_sidebars_item_opens_its_section():
    text = (
        "Giulia Ferraresi\ngiulia.ferraresi@example.it\n\nEsperienze      Competenze\n"
        "marzo 2014 - oggi      SQL\nsettembre 2010 - febbraio 2014      Tableau\n"
        "Formazione      Machine learning\nUniversità di Bologna      2008 - 2010\n"
        "Università di Padova      2005 - 2008\n\nAggiornato a gennaio 2024\n"
    )
    assert extract_text(text, "years of experience").data == {"years_experience": 13}


@pytest.mark.parametrize(
    ("spaced", "email", "name"),
    [
        ("LUCÍA      QUISPE      HUAMÁN", "lucia.quispe@example.com", "LUCÍA QUISPE HUAMÁN"),
        ("HARRIET      ASHWORTH-LOWE", "h.ashworthlowe@example.com", "HARRIET ASHWORTH-LOWE"),
    ],
)
def test_a_name_letter_spaced_into_a_cell_a_word_is_read_whole(spaced, email, name):
    text = f"{spaced}\nANALISTA FINANCIERA SENIOR\n{email}  ·  Lima\n\nPERFIL\nAnalista con doce años.\n"
    assert extract_text(text, "full name").data["full_name"] == name


@pytest.mark.parametrize(
    ("profile", "years"),
    [
        ("CIMA-qualified finance business partner with twelve years in manufacturing.", 12),
        ("Ingeniera con más de diez años en el sector energético.", 10),
        ("Analista de sistemas com mais de nove anos na banca.", 9),
        # the count after its label, not the next number of the sentence
        ("Treize ans d'expérience en logistique, dont six comme responsable d'entrepôt.", 13),
    ],
)
def test_years_of_experience_stated_in_a_profile_with_a_word_for_with(profile, years):
    text = (
        f"Harriet Becker\nharriet.becker@example.com\n\nProfile\n{profile}\n\nExperience\n2001 - 2003  Intern"
    )
    assert extract_text(text, "years of experience").data == {"years_experience": years}


@pytest.mark.parametrize(
    "heading",
    ["EDUCATION & CERTIFICATIONS", "Educación y formación", "Education and Training"],
)
def test_dates_under_a_compound_or_europass_education_heading_are_no_position(heading):
    text = (
        "Laura Martínez\nlaura.martinez@example.com\n\nExperiencia profesional\n"
        "02/09/2019\u2013actualidad  Especialista SEO/SEM\n03/03/2014\u201331/07/2019  Técnica de Marketing\n"
        f"{heading}\n09/2008\u201306/2012  Grado en Publicidad\n\n"
        "© Unión Europea, 2002-2025 | europass.europa.eu  Actualizado el 20/01/2025\n"
    )
    assert extract_text(text, "years of experience").data == {"years_experience": 10}


def _skills_of(items: list[tuple[float, float, str, float]]) -> list[str]:
    result = get_processor("extract").process(
        pdf(items), filename="cv.pdf", options={"strategy": "global", "prompt": "skills"}
    )
    return result.data.get("skills")


def test_skill_chips_two_a_row_under_a_sidebars_heading_with_a_margin_under_it():
    items = [
        (40, 40, "LUCÍA QUISPE", 20),
        (40, 148, "PERFIL", 10),
        (400, 148, "HABILIDADES", 9),
        (40, 168, "Analista financiera con doce años de experiencia en retail.", 9),
        (40, 180, "Elaboro modelos financieros y presupuestos bajo NIIF.", 9),
        (406, 190, "NIIF", 9),  # a chip's padding: the first row further under the heading
        (470, 190, "Modelos financieros", 9),
        (406, 212, "Excel avanzado", 9),
        (490, 212, "SAP FI", 9),
        (406, 234, "Power BI", 9),
        (470, 234, "Presupuestos", 9),
        (40, 250, "EXPERIENCIA PROFESIONAL", 10),
        (400, 271, "IDIOMAS", 10),
        (406, 291, "Español", 9),
    ]
    skills = _skills_of(items)
    assert skills == ["NIIF", "Modelos financieros", "Excel avanzado", "SAP FI", "Power BI", "Presupuestos"]


def test_skills_beside_their_heading_in_a_tables_row_and_its_wrap():
    items = [
        (40, 40, "Laura Martínez Sanchis", 16),
        (40, 640, "Lengua materna", 9),
        (160, 640, "español, valenciano", 9),
        (40, 657, "Competencias digitales", 9),
        (160, 657, "SEO técnico · Google Ads · Google Analytics 4 · Semrush", 9),
        (160, 670, "WordPress · Email marketing", 9),
        (40, 691, "Permiso de conducir", 9),
        (160, 691, "B", 9),
    ]
    skills = _skills_of(items)
    assert skills == [
        "SEO técnico",
        "Google Ads",
        "Google Analytics 4",
        "Semrush",
        "WordPress",
        "Email marketing",
    ]


def test_a_sidebars_skills_heading_beside_a_position_reads_its_column():
    items = [
        (40, 40, "María Gutiérrez", 16),
        (33, 301, "HERRAMIENTAS", 10),
        (230, 301, "Quebracho Software S.A. - Córdoba", 10),
        (480, 301, "ago. 2018 - actualidad", 9),
        (33, 320, "JavaScript", 9),
        (230, 320, "Desarrollo de APIs REST en Node.js y PostgreSQL, con despliegues en Docker.", 9),
        (33, 334, "TypeScript", 9),
        (33, 348, "React", 9),
    ]
    assert _skills_of(items) == ["JavaScript", "TypeScript", "React"]


def test_a_name_with_a_particle_and_five_words_is_a_persons():
    text = (
        "Ana Paula de Souza Lima\nAnalista de Marketing Digital Pleno\n"
        "anapaula.lima@example.com.br\nVila Mariana, São Paulo\n\nResumo profissional\nAnalista.\n"
    )
    assert extract_text(text, "full name").data["full_name"] == "Ana Paula de Souza Lima"


def test_skills_in_a_table_of_categories_and_their_lists_with_a_wrapped_list():
    items = [
        (44, 40, "Katharina Hofer", 16),
        (44, 607, "Kenntnisse", 11),
        (44, 628, "EDV-Kenntnisse", 9),
        (194, 628, "BMD NTCS, SAP FI, MS Excel, DATEV", 9),
        (44, 646, "Fachkenntnisse", 9),
        (194, 646, "Lohnverrechnung, UGB-Bilanzierung, Umsatzsteuervoranmeldung,", 9),
        (194, 659, "Kostenrechnung", 9),  # the list goes on under itself
        (44, 677, "Sprachen", 9),
        (194, 677, "Deutsch (Muttersprache), Englisch (gut), Italienisch (Grundkenntnisse)", 9),
    ]
    assert _skills_of(items) == [
        "BMD NTCS",
        "SAP FI",
        "MS Excel",
        "DATEV",
        "Lohnverrechnung",
        "UGB-Bilanzierung",
        "Umsatzsteuervoranmeldung",
        "Kostenrechnung",
    ]


def test_a_row_of_skill_chips_holds_a_tool_with_its_version():
    items = [
        (44, 40, "Yasmine Benali", 16),
        (44, 579, "Compétences", 11),
        (51, 611, "SAP FI/CO", 9),
        (120, 611, "IFRS", 9),
        (170, 611, "Budget & reporting", 9),
        (270, 611, "Excel VBA", 9),
        (335, 611, "Power BI", 9),
        (395, 611, "Sage 1000", 9),
        (51, 635, "Analyse des écarts", 9),
        (44, 658, "Certifications", 11),
    ]
    assert _skills_of(items) == [
        "SAP FI/CO",
        "IFRS",
        "Budget & reporting",
        "Excel VBA",
        "Power BI",
        "Sage 1000",
        "Analyse des écarts",
    ]


def test_a_sidebars_skills_beside_the_bodys_firm_and_town_are_no_categories():
    items = [
        (40, 40, "Élodie Marchand", 16),
        (33, 301, "COMPÉTENCES", 10),
        (33, 320, "• Paie", 9),
        (230, 320, "Comptable principale", 10),
        (33, 334, "• Rapprochements bancaires", 9),
        (230, 334, "Équipements Dauphiné Auto, Grenoble", 9),
        (33, 348, "• Contrôle de gestion", 9),
    ]
    assert _skills_of(items) == ["Paie", "Rapprochements bancaires", "Contrôle de gestion"]


def test_skill_chips_whose_bullets_ocr_read_as_a_letter_or_a_sign():
    items = [
        (59, 40, "Harriet Ashworth-Lowe", 16),
        (59, 202, "KEY SKILLS", 10),
        (63, 219, "m Budgeting & forecasting", 9),
        (230, 219, "m SAP S/4HANA", 9),
        (400, 219, "m Process improvement", 9),
        (63, 235, "m Variance analysis", 9),
        (230, 235, "m Power BI", 9),
        (400, 235, "m Stakeholder management", 9),
        (63, 251, "= IFRS 16", 9),
        (230, 251, "m Advanced Excel", 9),
        (400, 251, "m Month-end close", 9),
        (58, 273, "KEY ACHIEVEMENTS", 10),
    ]
    assert _skills_of(items) == [
        "Budgeting & forecasting",
        "SAP S/4HANA",
        "Process improvement",
        "Variance analysis",
        "Power BI",
        "Stakeholder management",
        "IFRS 16",
        "Advanced Excel",
        "Month-end close",
    ]


def test_a_sidebars_skills_starting_lines_under_their_heading_beside_the_bodys_first_lines():
    items = [
        (46, 30, "Danielle R. Whitaker", 16),
        (44, 133, "SUMMARY", 10),
        (436, 133, "SKILLS", 10),
        (44, 150, "Data analyst with 9+ years of experience turning messy operational data", 9),
        (44, 164, "into decisions: SQL models in dbt on Snowflake, dashboards in Tableau and", 9),
        (44, 178, "forecasts in Python for the finance and supply-chain teams, and runs", 9),
        (44, 185, "the fortnightly SQL review.", 9),
        (436, 185, "SQL", 9),
        (490, 185, "Python (pandas)", 9),
        (436, 206, "Tableau", 9),
        (490, 206, "dbt", 9),
        (436, 220, "Looker", 9),
        (436, 254, "CERTIFICATIONS", 10),
    ]
    assert _skills_of(items) == ["SQL", "Python (pandas)", "Tableau", "dbt", "Looker"]


@pytest.mark.parametrize(
    ("town", "printed", "phone"),
    [
        ("Randburg, Johannesburg, South Africa", "072 418 9953", "+27724189953"),
        ("Hillcrest, Hamilton 3216, New Zealand", "021 044 7731", "+64210447731"),
        ("Gent, België", "0478 36 21 09", "+32478362109"),
    ],
)
def test_a_phone_without_its_country_code_is_dialled_in_the_country_its_address_names(town, printed, phone):
    text = f"Sipho Bongani Mthembu\nFinancial Accountant\n{town}\nPhone: {printed}\n"
    text += "sipho.mthembu@example.com\n"
    text += "\nExperience\nFinancial Accountant, Jacaranda Home & Hardware, Jul 2018 - Current\n"
    assert extract_text(text, "full name, phone").data["phone"] == phone


def _bullet_cell(y: float, skill: str) -> list[tuple[float, float, str, float]]:
    return [(24, y, "▪", 9), (36, y, skill, 9)]  # the bullet a cell of its own


def _misread_bullet(y: float, skill: str) -> list[tuple[float, float, str, float]]:
    return [(24, y, f"a {skill}", 9)]  # the bullet as OCR read it


@pytest.mark.parametrize("skill_line", [_bullet_cell, _misread_bullet])
def test_a_sidebars_skills_heading_beside_the_bodys_bulleted_paragraph_reads_its_column(skill_line):
    items = [
        (24, 40, "Pablo Herrero Castillo", 16),
        (24, 202, "pablo.herrero@example.com", 9),
        (226, 202, "EXPERIENCIA PROFESIONAL", 10),
        (24, 248, "github.com/pherrero", 9),
        (228, 252, "• Diseño de la API de pagos (Node.js, PostgreSQL) con 2 millones de", 9),
        (238, 264, "operaciones al mes.", 9),
        (24, 276, "HABILIDADES", 10),
        (228, 276, "• Migración del front-end a React y TypeScript; mentor de 4", 9),
        (238, 289, "desarrolladores.", 9),
    ]
    skills = ["JavaScript", "TypeScript", "React", "PostgreSQL"]
    body = ["Desarrollador Backend", "Grupo Editorial Tajo S.A. · Madrid", "• Plataforma de suscripciones"]
    for n, skill in enumerate(skills):
        items += skill_line(300 + 13 * n, skill)
        if n:
            items.append((226, 300 + 13 * n, body[n - 1], 9))
    assert _skills_of(items) == skills


def test_a_surname_printed_smaller_under_the_first_name_is_the_one_the_email_spells():
    items = [
        (232, 53, "Giulia", 30),
        (233, 92, "Marchetti", 18),  # OCR boxes it smaller than a surname usually is
        (231, 132, "Responsabile Amministrativa", 11),
        (231, 172, "PROFILO", 10),
        (231, 192, "Responsabile amministrativa con 12 anni di esperienza in PMI.", 9),
        (40, 300, "giulia.marchetti@example.it", 9),
    ]
    assert _name_of(items) == {"full_name": "Giulia Marchetti"}


def test_a_name_after_the_marks_ocr_read_of_a_photos_edge():
    text = (
        "% à Ana Paula de Souza Lima\nAnalista de Marketing Digital Pleno\n"
        "CONTATO\nanapaula.lima@example.com.br\n(11) 97412-3308\n"
    )
    assert extract_text(text, "full name", name="cv.txt").data["full_name"] == "Ana Paula de Souza Lima"


def test_a_letter_spaced_sidebar_heading_reads_its_own_column_only():
    # given a dark sidebar whose headings are letter-spaced ("K E N N T N ISSE" in the text
    # layer), standing alone on their line, the body's wrapped lines beside its items
    items = [
        (272, 45, "Katharina Vogt", 20),
        (23, 237, "Tel.: +49 151 2340 8871", 8),
        (272, 237, "04/2018 \u2013 12/2021", 8),
        (368, 237, "Teamleiterin Materialdisposition, Nordtech", 8),
        (23, 258, "Geboren: 14.06.1987 in Lübeck", 8),
        (368, 258, "Umstellung auf SAP S/4HANA,", 8),
        (368, 269, "Lieferantenentwicklung in Polen.", 8),
        (23, 287, "K E N N T N ISSE", 9),
        (272, 295, "03/2014 \u2013 03/2018", 8),
        (368, 295, "Logistikplanerin, Baltic Port Logistics GmbH,", 8),
        (33, 306, "SAP S/4HANA (MM, SD)", 8),
        (368, 306, "Lübeck", 8),
        (33, 324, "Supply-Chain-Planung", 8),
        (368, 324, "Hinterlandverkehren.", 8),
        (33, 337, "Power BI", 8),
        (33, 350, "SQL", 8),
        (272, 350, "Ausbildung", 10),
    ]
    # when
    skills = _skills_of(items)
    # then
    assert skills == ["SAP S/4HANA (MM, SD)", "Supply-Chain-Planung", "Power BI", "SQL"]


def test_a_row_of_skill_categories_may_hold_one_skill_once_the_table_is_one_of_categories():
    items = [
        (40, 40, "Julien MOREAU", 18),
        (57, 407, "COMPÉTENCES", 10),
        (57, 431, "Techniques", 9),
        (147, 431, "Python · Django · PostgreSQL", 9),
        (147, 444, "Docker / Kubernetes · CI/CD (GitLab)", 9),
        (57, 458, "Management", 9),
        (147, 458, "Encadrement d'équipe", 9),
        (57, 482, "LANGUES", 10),
    ]
    assert _skills_of(items) == [
        "Python",
        "Django",
        "PostgreSQL",
        "Docker / Kubernetes",
        "CI/CD (GitLab)",
        "Encadrement d'équipe",
    ]


def test_a_phone_printed_with_its_country_code_after_a_postcode_and_positions_dated_month_de_year():
    # given a Portuguese résumé: one contact line with a postcode before the phone, positions
    # dated "março de 2021 - fevereiro de 2025" (with an en dash)
    text = "\n".join(
        [
            "Mariana Costa Ribeiro",
            "Rua de Cedofeita, 312 · 4050-174 Porto · +351 912 418 305 · mariana.cribeiro@example.com",
            "EXPERIÊNCIA PROFISSIONAL",
            "Controller Financeira    março de 2021 \u2013 fevereiro de 2025",
            "Técnica de Contabilidade    setembro de 2016 \u2013 fevereiro de 2021",
        ]
    )
    # when
    data = extract_text(text, "full name, phone, years of experience", name="cv.txt").data
    # then
    assert (data["phone"], data["years_experience"]) == ("+351912418305", 8)


def test_a_section_heading_under_a_timelines_last_entry_is_no_sidebar_heading():
    # given dates in a left column and their text on the right, then, a section's gap under
    # the last entry, the skills heading and a grid of skills two a row
    items = [
        (57, 40, "Julien MOREAU", 18),
        (57, 377, "2007 \u2013 2010", 9),
        (147, 377, "Licence Informatique, Université Lumière Lyon 2", 9),
        (57, 407, "COMPÉTENCES", 10),
        (57, 431, "Python", 9),
        (147, 431, "Docker", 9),
        (57, 445, "Django", 9),
        (147, 445, "Kubernetes", 9),
        (57, 482, "LANGUES", 10),
    ]
    assert _skills_of(items) == ["Python", "Docker", "Django", "Kubernetes"]


def test_a_category_beside_its_first_skill_and_the_rest_one_a_line_under_it():
    items = [
        (68, 40, "Jonas Weber", 18),
        (68, 80, "Kenntnisse", 12),
        (68, 108, "Fachkenntnisse", 9),
        (201, 108, "SPS-Programmierung (Siemens TIA Portal, S7-1500)", 9),  # its digits in brackets
        (201, 122, "EPLAN Electric P8", 9),
        (201, 136, "Profinet", 9),
        (201, 150, "Projektleitung", 9),
        (68, 176, "Sprachen", 9),
        (187, 176, "Deutsch (Muttersprache), Englisch (verhandlungssicher)", 9),
    ]
    assert _skills_of(items) == [
        "SPS-Programmierung (Siemens TIA Portal, S7-1500)",
        "EPLAN Electric P8",
        "Profinet",
        "Projektleitung",
    ]


def test_an_education_heading_in_the_body_stays_open_past_the_sidebars_next_heading():
    text = (
        "Lucía Fernández Ortega\n"
        "CONTACTO  EXPERIENCIA PROFESIONAL\n"
        "lucia@correo.example  Data Analyst Sénior  Ene 2021 - Actualidad\n"
        "HABILIDADES  Analista de datos  Sep 2016 - Dic 2020\n"
        "SQL  Analista júnior  Ene 2014 - Ago 2016\n"
        "Git  FORMACIÓN\n"
        "Máster en Ciencia de Datos  2015 - 2016\n"
        "IDIOMAS  Universitat Politècnica de València\n"
        "Español - nativo  Grado en Matemáticas  2009 - 2013\n"
        "Valencia, marzo de 2025\n"
    )
    assert extract_text(text, "years of experience").data == {"years_experience": 11}
