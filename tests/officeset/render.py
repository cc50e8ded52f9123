"""The two producers: headless Chromium (via Playwright, Debian's binary) and LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import docx.document

from tests.officeset.htmlkit import HtmlPage

CHROMIUM = "/usr/bin/chromium"
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


@dataclass(frozen=True)
class HtmlJob:
    page: HtmlPage
    pdf: Path
    paper: str  # "A4" or "Letter"


@dataclass(frozen=True)
class DocxJob:
    document: docx.document.Document
    pdf: Path


def chromium_print(jobs: list[HtmlJob]) -> None:
    """Print each page with one headless Chromium, as SaaS tools print their HTML invoices."""
    if not jobs:
        return
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--headless=new", "--disable-gpu"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        page = browser.new_page()
        for job in jobs:
            page.set_content(job.page.html, wait_until="load")
            top, right, bottom, left = job.page.margin_mm
            page.pdf(
                path=str(job.pdf),
                format=job.paper,
                print_background=True,
                margin={
                    "top": f"{top}mm",
                    "right": f"{right}mm",
                    "bottom": f"{bottom}mm",
                    "left": f"{left}mm",
                },
                display_header_footer=bool(job.page.footer),
                header_template="<span></span>",
                footer_template=job.page.footer or "<span></span>",
            )
        browser.close()


def libreoffice_start(jobs: list[DocxJob], workdir: Path) -> subprocess.Popen | None:
    """Save the DOCX files and start one LibreOffice converting them all (it runs beside Chromium)."""
    if not jobs:
        return None
    sources = []
    for job in jobs:
        source = workdir / f"{job.pdf.stem}.docx"
        job.document.save(str(source))
        sources.append(str(source))
    profile = workdir / "lo-profile"
    command = [
        SOFFICE,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(workdir / "pdf"),
        *sources,
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def libreoffice_finish(process: subprocess.Popen | None, jobs: list[DocxJob], workdir: Path) -> None:
    if process is None:
        return
    out, err = process.communicate(timeout=900)
    for job in jobs:
        made = workdir / "pdf" / job.pdf.name
        if not made.exists():
            raise RuntimeError(
                f"LibreOffice did not convert {job.pdf.stem}.docx: {err.strip() or out.strip()}"
            )
        shutil.move(str(made), job.pdf)


def produce(html_jobs: list[HtmlJob], docx_jobs: list[DocxJob]) -> None:
    with tempfile.TemporaryDirectory(prefix="officeset-lo-") as tmp:
        workdir = Path(tmp)
        process = libreoffice_start(docx_jobs, workdir)
        try:
            chromium_print(html_jobs)
        finally:
            libreoffice_finish(process, docx_jobs, workdir)
