"""What a template is: a name, the producer that prints it, the languages it exists in, a render."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

import docx.document

from tests.officeset.htmlkit import HtmlPage
from tests.officeset.invoice import Doc, Shape


class Producer(enum.Enum):
    CHROMIUM = "chromium"  # HTML printed to PDF by headless Chromium (accounting SaaS, shops)
    LIBREOFFICE = "libreoffice"  # a Word document converted by LibreOffice (office templates)


@dataclass(frozen=True)
class Template:
    name: str
    producer: Producer
    langs: tuple[str, ...]
    shape: Shape
    render: Callable[[Doc], HtmlPage | docx.document.Document]
    regions: tuple[str, ...] = ()  # empty: every region of ``langs``
    vendor_is_person: bool = False

    def allows(self, region: str) -> bool:
        return region[:2] in self.langs and (not self.regions or region in self.regions)
