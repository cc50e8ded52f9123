"""Scanned copies: a PDF rendered to a gray image with paper tone, uneven light, slight rotation, blur
and noise.

Only Pillow and pypdfium2 (both project dependencies); the noise comes from the document's own seeded
random generator, so the same seed gives the same pixels.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter

FIXED = time.struct_time((2024, 1, 1, 9, 0, 0, 0, 1, 0))


def _degrade(img: Image.Image, rng: random.Random, strength: float) -> Image.Image:
    img = img.convert("L")
    w, h = img.size
    paper = rng.randint(212, 242)
    ink = rng.randint(10, 45)
    img = img.point(lambda v: int(ink + (paper - ink) * v / 255))
    # uneven light: a soft gradient from one side
    k = rng.uniform(0.05, 0.16)
    grad = Image.linear_gradient("L").point(lambda v: 255 - int(v * k))
    turn = rng.choice(
        [None, Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180, Image.Transpose.ROTATE_270]
    )
    grad = (grad.transpose(turn) if turn is not None else grad).resize((w, h), Image.Resampling.BILINEAR)
    img = ImageChops.multiply(img, grad)
    # a few specks and a scanner-lid shadow along one edge
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.randint(20, 90) * strength)):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.uniform(0.6, 2.2)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(60, 150))
    if rng.random() < 0.5:
        edge = rng.randint(4, 18)
        side = rng.choice(["l", "r", "t"])
        box = {"l": (0, 0, edge, h), "r": (w - edge, 0, w, h), "t": (0, 0, w, edge)}[side]
        draw.rectangle(box, fill=rng.randint(70, 140))
    angle = rng.uniform(-2.0, 2.0)
    img = img.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=max(0, paper - 25))
    img = img.filter(ImageFilter.BoxBlur(rng.uniform(0.3, 0.9) * strength))
    # sensor noise, centred on 0
    amp = rng.uniform(0.06, 0.14) * strength
    noise = Image.frombytes("L", img.size, rng.randbytes(img.size[0] * img.size[1]))
    noise = noise.point(lambda v: int(128 + (v - 128) * amp))
    img = ImageChops.add(img, noise, scale=1.0, offset=-128)
    return img


def render_pages(pdf_path: Path, rng: random.Random, receipt: bool) -> tuple[list[Image.Image], float]:
    pdf = pdfium.PdfDocument(str(pdf_path))
    dpi = rng.choice([200, 240, 300]) if receipt else rng.choice([150, 150, 180, 200])
    pages = []
    try:
        for page in pdf:
            img = page.render(scale=dpi / 72, grayscale=True).to_pil()
            pages.append(_degrade(img, rng, rng.uniform(0.7, 1.3)))
            page.close()
    finally:
        pdf.close()
    return pages, dpi


def write_scan(pdf_path: Path, out: Path, fmt: str, rng: random.Random, receipt: bool = False) -> int:
    pages, dpi = render_pages(pdf_path, rng, receipt)
    if fmt == "scan_png":
        pages[0].save(out, "PNG", dpi=(dpi, dpi), compress_level=2)
    elif fmt == "scan_jpeg":
        pages[0].save(out, "JPEG", quality=rng.randint(55, 85), dpi=(dpi, dpi))
    elif fmt == "scan_pdf":
        pages[0].save(
            out,
            "PDF",
            resolution=float(dpi),
            save_all=True,
            append_images=pages[1:],
            creationDate=FIXED,
            modDate=FIXED,
            producer="",
            creator="",
        )
    else:
        raise ValueError(fmt)
    return len(pages)
