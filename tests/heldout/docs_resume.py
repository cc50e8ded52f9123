"""Résumés: contact details, a skills list under its heading, and a work history whose length is the truth.

years_experience rule (also in README.md): the jobs follow each other with no gap and no overlap, so the
sum of the jobs and the span from the first start to the last end are the same number of months M;
M = 12 * N + r with r in 0..2, so counting the end month or not, rounding down or to the nearest, all give
N. A job "until today" ends in the month the CV is dated, and such a CV prints its date. Most CVs also
state N (in digits, in words, or in a summary line); the truth is N in every case.
"""

# ruff: noqa: RUF001 (documents print en dashes and typographic marks)
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import fmt, ir, vocab
from .common import Ctx, rand_date, slug

RESUME_LAYOUTS = ["classic", "sidebar", "europass", "twocol"]
CV_TITLE = {
    "en": ["Curriculum Vitae", "Résumé", "CV"],
    "fr": ["Curriculum Vitae", "CV"],
    "de": ["Lebenslauf"],
    "nl": ["Curriculum Vitae", "CV"],
    "es": ["Currículum Vitae", "CV"],
    "it": ["Curriculum Vitae"],
    "pt": ["Curriculum Vitae", "CV"],
}
NO_YEARS = {
    "en": "{title} specialising in {domain}.",
    "fr": "{title} spécialisé(e) dans {domain}.",
    "de": "{title} mit Schwerpunkt {domain}.",
    "nl": "{title} gespecialiseerd in {domain}.",
    "es": "{title} especializado/a en {domain}.",
    "it": "{title} specializzato/a in {domain}.",
    "pt": "{title} especializado/a em {domain}.",
}
TASKS = {
    "en": [
        "Coordinated a team of {k} colleagues.",
        "Introduced new processes that cut turnaround time by {p}%.",
        "Handled {k} key accounts and their reporting.",
        "Trained {k} new starters.",
    ],
    "fr": [
        "Coordination d'une équipe de {k} personnes.",
        "Mise en place de nouveaux processus (délais réduits de {p} %).",
        "Suivi de {k} comptes clés.",
        "Formation de {k} nouveaux collaborateurs.",
    ],
    "de": [
        "Leitung eines Teams von {k} Mitarbeitenden.",
        "Einführung neuer Prozesse, Durchlaufzeit um {p} % reduziert.",
        "Betreuung von {k} Schlüsselkunden.",
        "Einarbeitung von {k} neuen Kolleginnen und Kollegen.",
    ],
    "nl": [
        "Aansturen van een team van {k} collega's.",
        "Nieuwe werkprocessen ingevoerd ({p}% kortere doorlooptijd).",
        "Verantwoordelijk voor {k} sleutelklanten.",
        "Inwerken van {k} nieuwe medewerkers.",
    ],
    "es": [
        "Coordinación de un equipo de {k} personas.",
        "Implantación de nuevos procesos (plazos reducidos un {p} %).",
        "Gestión de {k} cuentas clave.",
        "Formación de {k} nuevas incorporaciones.",
    ],
    "it": [
        "Coordinamento di un team di {k} persone.",
        "Introduzione di nuovi processi (tempi ridotti del {p}%).",
        "Gestione di {k} clienti chiave.",
        "Formazione di {k} nuovi colleghi.",
    ],
    "pt": [
        "Coordenação de uma equipa de {k} pessoas.",
        "Implementação de novos processos (prazos reduzidos em {p}%).",
        "Gestão de {k} clientes-chave.",
        "Formação de {k} novos colaboradores.",
    ],
}
SCHOOLS = {
    "en": ["University of {city}", "{city} Metropolitan University"],
    "fr": ["Université de {city}", "IUT de {city}"],
    "de": ["Universität {city}", "Hochschule {city}"],
    "nl": ["Hogeschool {city}", "Universiteit {city}"],
    "es": ["Universidad de {city}", "Universidad Politécnica de {city}"],
    "it": ["Università degli Studi di {city}", "Politecnico di {city}"],
    "pt": ["Universidade de {city}", "Instituto Politécnico de {city}"],
}


@dataclass
class Job:
    title: str
    company: str
    city: str
    start: tuple[int, int]
    end: tuple[int, int] | None  # None: until today


@dataclass
class Resume:
    first: str
    last: str
    gender: str
    email: str
    phone: str
    phone_e164: str
    city: str
    title: str
    domain: str
    skills: list[str]
    jobs: list[Job]
    degree: str
    school: str
    edu_years: tuple[int, int]
    years: int
    cv_date: dt.date
    statement: str  # digits | words | total_line | implied


def _add_months(ym: tuple[int, int], k: int) -> tuple[int, int]:
    idx = ym[0] * 12 + (ym[1] - 1) + k
    return idx // 12, idx % 12 + 1


def model(ctx: Ctx) -> Resume:
    r = ctx.rng
    first, last, gender = ctx.person()
    shown, e164 = fmt.phone(ctx.variant, r)
    prof = r.choice(vocab.PROFESSIONS)[ctx.lang]
    (t_m, t_f), domain, skills_all, titles, degree = prof
    statement = r.choices(["digits", "words", "total_line", "implied"], weights=[40, 15, 20, 25])[0]
    n = r.randint(2, 20)
    months = 12 * n + r.randint(0, 2)  # inclusive count of months worked
    cv_date = rand_date(r, dt.date(2016, 1, 1), dt.date(2025, 10, 31))
    ongoing = r.random() < 0.7
    last_end = (
        (cv_date.year, cv_date.month)
        if ongoing
        else _add_months((cv_date.year, cv_date.month), -r.randint(0, 2))
    )
    first_start = _add_months(last_end, -(months - 1))
    k = min(r.choice([1, 2, 2, 3, 3, 4]), max(1, months // 10))
    cuts: list[int] = []
    if k > 1 and months > 20:
        for _ in range(100):  # every job lasts at least six months
            cuts = sorted(r.sample(range(8, months - 7), k - 1))
            if all(b - a >= 6 for a, b in zip([0, *cuts], [*cuts, months], strict=True)):
                break
        else:
            cuts = []
    bounds = [0, *cuts, months]
    companies: set[str] = set()
    jobs = []
    title_idx = sorted(r.sample(range(len(titles)), min(k, len(titles))))
    while len(title_idx) < k:
        title_idx.append(title_idx[-1])
    for i in range(len(bounds) - 1):
        start = _add_months(first_start, bounds[i])
        end = _add_months(first_start, bounds[i + 1] - 1)
        company = ctx.company_name(companies)
        companies.add(company)
        ctx.address()
        is_last = i == len(bounds) - 2
        jobs.append(
            Job(titles[title_idx[i]], company, ctx.last_city, start, None if (is_last and ongoing) else end)
        )
    jobs.reverse()  # most recent first, as CVs list them
    ctx.address()
    city = ctx.last_city
    skills = r.sample(skills_all, r.randint(5, min(9, len(skills_all))))
    edu_end = first_start[0] if r.random() < 0.5 else first_start[0] - 1
    ctx.address()
    school = r.choice(SCHOOLS[ctx.lang]).format(city=ctx.last_city)
    email = f"{slug(first)}.{slug(last).replace('-', '')}@{r.choice(['example.com', 'example.org'])}"
    if r.random() < 0.3:
        email = f"{slug(first)[0]}{slug(last).replace('-', '')}{r.randint(1, 99)}@example.com"
    return Resume(
        first=first,
        last=last,
        gender=gender,
        email=email,
        phone=shown,
        phone_e164=e164,
        city=city,
        title=t_f if gender == "f" else t_m,
        domain=domain,
        skills=skills,
        jobs=jobs,
        degree=degree,
        school=school,
        edu_years=(edu_end - r.choice([2, 3, 4, 5]), edu_end),
        years=n,
        cv_date=cv_date,
        statement=statement,
    )


def truth(m: Resume, name_shown: str) -> dict:
    return {
        "full_name": name_shown,
        "email": m.email,
        "phone": m.phone_e164,
        "skills": list(m.skills),
        "years_experience": m.years,
    }


# ------------------------------------------------------------------------------------------ pieces
class Parts:
    def __init__(self, ctx: Ctx, m: Resume):
        self.ctx, self.m = ctx, m
        R = vocab.RESUME[ctx.lang]
        self.R = R
        month_styles = ["mm/yyyy", "Mon yyyy", "Month yyyy"] + (["m.yyyy"] if ctx.lang == "de" else [])
        if m.statement != "implied" and ctx.chance(0.3):
            month_styles = ["yyyy"]
        self.month_style = ctx.choice(month_styles)
        self.dash = ctx.choice([" – ", " - ", "–", " to "] if ctx.lang == "en" else [" – ", " - ", "–"])
        self.present = ctx.choice(R["present"])
        self.name = ctx.choice(
            [
                f"{m.first} {m.last}",
                f"{m.first} {m.last}",
                f"{m.first} {m.last.upper()}",
                f"{m.first} {m.last}".upper(),
            ]
        )
        ctx.features.update(statement=m.statement, month_style=self.month_style)

    def ym(self, ym: tuple[int, int]) -> str:
        if self.month_style == "yyyy":
            return str(ym[0])
        return fmt.fmt_month_year(ym[0], ym[1], self.month_style, self.ctx.lang)

    def span(self, job: Job) -> str:
        end = self.present if job.end is None else self.ym(job.end)
        return f"{self.ym(job.start)}{self.dash}{end}"

    def summary(self) -> str:
        ctx, m, R = self.ctx, self.m, self.R
        words = vocab.NUMBER_WORDS[ctx.lang]
        title_lc = m.title if ctx.lang == "de" else m.title.lower()
        if m.statement == "digits":
            return ctx.choice(R["years"]).format(title=m.title, title_lc=title_lc, n=m.years, domain=m.domain)
        if m.statement == "words" and m.years < len(words):
            w = words[m.years]
            return vocab.YEARS_WORDS[ctx.lang].format(title=m.title, w=w, domain=m.domain)
        return NO_YEARS[ctx.lang].format(title=m.title, domain=m.domain)

    def total_line(self) -> list:
        if self.m.statement != "total_line":
            return []
        return [
            ir.Text([self.ctx.choice(self.R["total_line"]).format(n=self.m.years)], bold=self.ctx.chance(0.5))
        ]

    def dated(self) -> list:
        ctx, m = self.ctx, self.m
        needed = m.statement == "implied" and any(j.end is None for j in m.jobs)
        if not needed and not ctx.chance(0.3):
            return []
        when = (
            ctx.date(m.cv_date)
            if ctx.chance(0.6)
            else fmt.fmt_month_year(m.cv_date.year, m.cv_date.month, "Month yyyy", ctx.lang)
        )
        return [ir.Space(6), ir.Text([ctx.choice(self.R["dated"]).format(date=when, city=m.city)], size=8.5)]

    def tasks(self) -> ir.Bullets:
        r = self.ctx.rng
        items = [
            t.format(k=r.randint(2, 15), p=r.randint(10, 40))
            for t in r.sample(TASKS[self.ctx.lang], r.randint(1, 2))
        ]
        return ir.Bullets(items, size=8.5, bullet=self.ctx.choice(["•", "-", "–"]), space_after=4)

    def heading(self, key: str) -> ir.Heading:
        return ir.Heading(
            self.ctx.label(vocab.RESUME, key), size=11.5, rule=self.ctx.chance(0.6), caps=self.ctx.chance(0.3)
        )

    def skills(self, columns: int = 1) -> ir.Bullets:
        return ir.Bullets(list(self.m.skills), bullet=self.ctx.choice(["•", "-", "–", "›"]), columns=columns)

    def job_blocks(self, style: str) -> list:
        out: list = []
        for job in self.m.jobs:
            where = f"{job.company}, {job.city}"
            if style == "stacked":
                out += [
                    ir.Text([self.span(job)], size=9, gray=True, space_after=1),
                    ir.Text([job.title], bold=True, space_after=1),
                    ir.Text([where], space_after=2),
                    self.tasks(),
                ]
            elif style == "left_dates":
                out.append(
                    ir.Row(
                        [
                            [ir.Text([self.span(job)], size=9)],
                            [
                                ir.Text([job.title], bold=True, space_after=1),
                                ir.Text([where], space_after=2),
                                self.tasks(),
                            ],
                        ],
                        widths=[0.27, 0.73],
                        space_after=4,
                    )
                )
            else:  # right_dates
                out.append(
                    ir.Row(
                        [
                            [ir.Text([f"{job.title} – {job.company}"], bold=True, space_after=1)],
                            [ir.Text([self.span(job)], size=9, align="right")],
                        ],
                        widths=[0.7, 0.3],
                        space_after=0,
                    )
                )
                out += [ir.Text([job.city], size=9, gray=True, space_after=2), self.tasks()]
        return out

    def education(self) -> list:
        y1, y2 = self.m.edu_years
        return [ir.Text([f"{y1}{self.dash}{y2}  {self.m.degree}", self.m.school], space_after=8)]

    def contact_pairs(self) -> list[tuple[str, str]]:
        ctx, m, R = self.ctx, self.m, self.R
        return [
            (ctx.choice(R["email"]), m.email),
            (ctx.choice(R["phone"]), m.phone),
            (ctx.choice(R["address"]), m.city),
        ]


# ------------------------------------------------------------------------------------------ layouts
def layout_classic(p: Parts) -> list:
    ctx = p.ctx
    contact = (
        [ir.Text([f"{p.m.email} · {p.m.phone} · {p.m.city}"])]
        if ctx.chance(0.5)
        else [ir.KV(p.contact_pairs(), style="inline")]
    )
    blocks = [
        ir.Heading(p.name, size=20),
        ir.Text([p.m.title], size=11),
        *contact,
        *p.total_line(),
        p.heading("profile"),
        ir.Para(p.summary()),
        p.heading("experience"),
        *p.job_blocks(ctx.choice(["stacked", "left_dates"])),
        p.heading("education"),
        *p.education(),
    ]
    skills = [p.heading("skills"), p.skills(ctx.choice([1, 2]))]
    blocks = blocks[:4] + skills + blocks[4:] if ctx.chance(0.3) else blocks + skills
    return blocks + p.dated()


def layout_sidebar(p: Parts) -> list:
    ctx = p.ctx
    contact = (
        ir.KV(p.contact_pairs(), style="boxes", per_row=1, size=8.5)
        if ctx.chance(0.5)
        else ir.Text([p.m.email, p.m.phone, p.m.city], size=8.5)
    )
    side = [p.heading("contact"), contact, p.heading("skills"), p.skills()]
    main = [
        ir.Heading(p.name, size=20),
        ir.Text([p.m.title], size=11),
        *p.total_line(),
        p.heading("profile"),
        ir.Para(p.summary()),
        p.heading("experience"),
        *p.job_blocks("stacked"),
        p.heading("education"),
        *p.education(),
        *p.dated(),
    ]
    left = ctx.chance(0.7)
    return [
        ir.Row(
            [side, main] if left else [main, side],
            widths=[0.32, 0.68] if left else [0.68, 0.32],
            shade=[left, not left],
            gap=14,
        )
    ]


def layout_europass(p: Parts) -> list:
    ctx, m, R = p.ctx, p.m, p.R
    pairs = [
        (R["name_label"], p.name),
        (ctx.choice(R["address"]), m.city),
        (ctx.choice(R["phone"]), m.phone),
        (ctx.choice(R["email"]), m.email),
    ]
    return [
        ir.Heading(ctx.choice(CV_TITLE[ctx.lang]), size=16),
        ir.KV(pairs, style=ctx.choice(["colon", "plain"])),
        *p.total_line(),
        p.heading("profile"),
        ir.Para(p.summary()),
        p.heading("experience"),
        *p.job_blocks("left_dates"),
        p.heading("education"),
        *p.education(),
        p.heading("skills"),
        p.skills(),
        *p.dated(),
    ]


def layout_twocol(p: Parts) -> list:
    ctx, m = p.ctx, p.m
    head = ir.Row(
        [
            [ir.Heading(p.name, size=22), ir.Text([m.title], size=11)],
            [ir.Text([m.email, m.phone, m.city], align="right", size=9)],
        ],
        widths=[0.6, 0.4],
    )
    return [
        head,
        ir.Rule(),
        *p.total_line(),
        ir.Para(p.summary()),
        p.heading("skills"),
        p.skills(ctx.choice([2, 3])),
        p.heading("experience"),
        *p.job_blocks("right_dates"),
        p.heading("education"),
        *p.education(),
        *p.dated(),
    ]


LAYOUTS = {
    "classic": layout_classic,
    "sidebar": layout_sidebar,
    "europass": layout_europass,
    "twocol": layout_twocol,
}


def build(ctx: Ctx, layout: str, long: bool) -> tuple[ir.Doc, dict]:
    m = model(ctx)
    p = Parts(ctx, m)
    blocks = LAYOUTS[layout](p)
    doc = ctx.new_doc(blocks, title=f"{p.name} – CV")
    ctx.features.update(jobs=len(m.jobs))
    return doc, truth(m, p.name)
