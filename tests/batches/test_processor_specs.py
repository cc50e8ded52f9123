"""Processors as specs: one registry, and a new processor that needs nothing but its spec."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.management import call_command

from batches import processing, processors
from batches.forms import UploadForm
from batches.processing import FinishItem, OutputFile, ProcessorResult
from batches.processor_forms import OptionsForm
from batches.processors import ProcessorSpec, processor_names, processor_spec
from batchsite.errors import ApplicationError


class ShoutProcessor:
    """A processor only this test knows: each text file in capitals, and all of them in one file."""

    name = "shout"

    def process(self, content: bytes, *, filename: str, options: dict[str, Any]) -> ProcessorResult:
        loud = content.decode().upper()
        return ProcessorResult(
            data={"characters": len(loud)},
            outputs=[OutputFile(f"{filename}.loud", loud.encode(), "text/plain", intermediate=False)],
        )

    def finish(self, items: list[FinishItem], *, options: dict[str, Any]) -> list[OutputFile]:
        joined = options.get("separator", "|").join(str(item.data["characters"]) for item in items)
        return [OutputFile("all.txt", joined.encode(), "text/plain")]


class ShoutForm(OptionsForm):
    def options(self) -> dict[str, Any]:
        return {"separator": "+"}


SHOUT = ProcessorSpec(
    name="shout",
    label="Shout every line",
    options_form=ShoutForm,
    configure_template="batches/configure/sitemap.html",
    review_template="batches/configure/review.html",
    makes_files=True,
)


@pytest.fixture
def shout(monkeypatch):
    monkeypatch.setitem(processing.PROCESSORS, "shout", (__name__, "ShoutProcessor"))
    monkeypatch.setitem(processors._SPECS, "shout", SHOUT)


def test_every_processor_has_one_spec_and_every_spec_a_processor():
    assert sorted(processor_names()) == sorted(processing.PROCESSORS)
    assert [processor_spec(name).name for name in processor_names()] == list(processor_names())


def test_an_unknown_processor_is_refused_by_name():
    with pytest.raises(ApplicationError) as refused:
        processor_spec("shout\u202e")
    assert refused.value.code == "invalid_processor"
    assert "\u202e" not in refused.value.message


def test_a_spec_must_name_a_processor_that_exists():
    with pytest.raises(ValueError, match="names no processor"):
        processors.processor_register(SHOUT)
    assert "shout" not in processor_names()


@pytest.mark.django_db(transaction=True)
def test_a_new_processor_needs_only_its_spec(shout, tmp_path, capsys):
    # given two text files and a processor registered nowhere but in the two registries
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("hello")
    (tmp_path / "in" / "b.txt").write_text("hi")
    out = tmp_path / "out.zip"
    # when the command line runs them and writes a ZIP
    with pytest.raises(SystemExit) as exit:
        call_command(
            "process_batch",
            str(tmp_path / "in"),
            processor="shout",
            inline=True,
            export=str(out),
            option=["separator=,"],
        )
    # then the wizard offers it, and the ZIP holds each file's output, the finish step's and the report
    assert exit.value.code == 0, capsys.readouterr().err
    assert ("shout", "Shout every line") in list(UploadForm().fields["processor"].choices)
    archive = zipfile.ZipFile(io.BytesIO(out.read_bytes()))
    assert sorted(archive.namelist()) == ["a.txt.loud", "all.txt", "b.txt.loud", "report.csv"]
    assert archive.read("a.txt.loud") == b"HELLO"
    assert archive.read("all.txt") == b"5,2"
