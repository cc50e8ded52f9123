"""Print the sheets with LibreOffice Calc and make scanned copies of some of the PDFs."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageEnhance, ImageFilter

SOFFICE = "/usr/bin/soffice"


def soffice_path() -> str:
    found = shutil.which("soffice") or (SOFFICE if Path(SOFFICE).exists() else None)
    if not found:
        raise SystemExit("LibreOffice is needed: apt-get install libreoffice-calc-nogui")
    return found


def xlsx_to_pdf(sources: list[Path], out_dir: Path, *, timeout: int = 600) -> None:
    """Convert all ``sources`` with one LibreOffice process and a private profile."""
    profile = Path(tempfile.mkdtemp(prefix="sheetset-lo-"))
    try:
        command = [
            soffice_path(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:calc_pdf_Export",
            "--outdir",
            str(out_dir),
            *[str(p) for p in sources],
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        missing = [p.name for p in sources if not (out_dir / f"{p.stem}.pdf").exists()]
        if missing:
            raise RuntimeError(f"LibreOffice did not print {missing}: {done.stderr.strip()[-500:]}")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def page_count(pdf_path: Path) -> int:
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def _degrade(page: Image.Image, rng: random.Random, dpi: int) -> Image.Image:
    """Paper tone, contrast, a small rotation, blur, sensor noise and JPEG artefacts."""
    tone = rng.randint(222, 246)
    img = page.convert("L").point(lambda v: int(v * tone / 255))
    img = ImageEnhance.Contrast(img).enhance(rng.uniform(0.8, 1.15))
    angle = rng.uniform(-2.5, 2.5)
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=tone)
    img = img.filter(ImageFilter.GaussianBlur(radius=rng.uniform(0.3, 0.9) * dpi / 200))
    noise = Image.frombytes("L", img.size, rng.randbytes(img.size[0] * img.size[1]))
    img = Image.blend(img, noise, rng.uniform(0.03, 0.07))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=rng.randint(45, 80))
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def scan_pdf(pdf_path: Path, out_path: Path, fmt: str, rng: random.Random) -> int:
    """Render the PDF's pages and save them as a scan in ``fmt``; returns the page count."""
    dpi = rng.choice([150, 200, 240, 300])
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        pages = [_degrade(page.render(scale=dpi / 72).to_pil(), rng, dpi) for page in pdf]
    finally:
        pdf.close()
    if fmt == "scan-png":
        pages[0].save(out_path, "PNG", dpi=(dpi, dpi))
    elif fmt == "scan-jpeg":
        pages[0].save(out_path, "JPEG", quality=rng.randint(70, 90), dpi=(dpi, dpi))
    else:
        pages[0].save(out_path, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return len(pages)
