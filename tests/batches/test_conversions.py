"""The four conversion processors end to end: the CLI over the corpus, and the wizard with real workers."""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree
from pptx import Presentation

from batches.models import Batch
from exports.models import Export
from tests.batches.factories import UserFactory
from tests.conftest import CORPUS, wait_for

CONVERSIONS = CORPUS / "conversions"
MANIFEST = json.loads((CONVERSIONS / "manifest.json").read_text())["processors"]
STEP = "new_batch_wizard-current_step"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _cli(*args, **options) -> int:
    try:
        call_command("process_batch", *args, inline=True, **options)
    except SystemExit as exit:
        return exit.code
    except CommandError as error:  # what manage.py prints, with its exit status
        sys.stderr.write(f"{error}\n")
        return error.returncode
    return 0


@pytest.mark.django_db(transaction=True)
class TestCommandLine:
    def test_tabular_over_the_corpus_folder(self, tmp_path):
        out = tmp_path / "tables.zip"
        assert (
            _cli(
                str(CONVERSIONS / "tabular"),
                processor="tabular",
                export=str(out),
                option=["output_format=json", "merge=true"],
            )
            == 0
        )
        archive = zipfile.ZipFile(out)
        for expected in MANIFEST["tabular_conversion"]["files"]:
            rows = json.loads(archive.read(Path(expected["file"]).stem + ".json"))
            assert len(rows) == expected["data_rows"]
        merged = json.loads(archive.read("merged.json"))
        assert len(merged) == sum(f["data_rows"] for f in MANIFEST["tabular_conversion"]["files"])
        assert "report.csv" in archive.namelist()

    def test_sitemap_over_the_corpus_folder(self, tmp_path):
        out = tmp_path / "sitemaps.zip"
        assert _cli(str(CONVERSIONS / "sitemap"), processor="sitemap", export=str(out)) == 0
        archive = zipfile.ZipFile(out)
        for expected in MANIFEST["sitemap"]["files"]:
            stem = Path(expected["file"]).stem
            files = [n for n in archive.namelist() if re.fullmatch(rf"{stem}-sitemap(-\d+)?\.xml", n)]
            assert len(files) == expected["expected_sitemap_files"]
            assert (f"{stem}-sitemap-index.xml" in archive.namelist()) == expected["expects_sitemap_index"]
            urls = sum(len(etree.fromstring(archive.read(n)).xpath("//s:url", namespaces=NS)) for n in files)
            assert urls == expected["valid_unique_urls"]

    def test_svg_to_one_deck_as_pptx_with_options(self, tmp_path):
        out = tmp_path / "deck.pptx"
        assert (
            _cli(str(CONVERSIONS / "svg"), processor="svg_pptx", export=str(out), option=["slide_size=4:3"])
            == 0
        )
        deck = Presentation(str(out))
        assert len(deck.slides) == len(MANIFEST["svg_to_pptx"]["files"])
        assert (deck.slide_width, deck.slide_height) == (9144000, 6858000)
        notes = [s.notes_slide.notes_text_frame.text.splitlines()[0] for s in deck.slides]
        assert notes == [f"Source: {Path(f['file']).name}" for f in MANIFEST["svg_to_pptx"]["files"]]

    def test_generate_one_document_per_topic_row(self, tmp_path):
        out = tmp_path / "articles.zip"
        sheet = CONVERSIONS / "articles" / "article_topics.csv"
        assert _cli(str(sheet), processor="generate", export=str(out)) == 0
        batch = Batch.objects.get()
        assert batch.total_documents == batch.succeeded_count == 60
        names = zipfile.ZipFile(out).namelist()
        assert (
            len([n for n in names if n.endswith(".docx")])
            == len([n for n in names if n.endswith(".md")])
            == 60
        )

    def test_a_pptx_export_needs_the_svg_processor(self, tmp_path, capsys):
        assert (
            _cli(
                str(CONVERSIONS / "sitemap" / "pages_small.csv"),
                processor="sitemap",
                export=str(tmp_path / "x.pptx"),
            )
            == 2
        )
        assert "needs --processor svg_pptx" in capsys.readouterr().err


def _wizard(client, processor: str, files: list[SimpleUploadedFile], configure: dict) -> object:
    url = reverse("batches:new")
    client.get(url)
    response = client.post(
        url,
        {
            STEP: "upload",
            "upload-name": f"{processor} run",
            "upload-processor": processor,
            "upload-files": files,
        },
    )
    assert response.status_code == 200, response.content[:300]
    page = response.content.decode()
    response = client.post(url, {STEP: "configure", **{f"configure-{k}": v for k, v in configure.items()}})
    assert response.status_code == 200
    assert "Submit batch" in response.content.decode(), response.content.decode()[:3000]
    return page, response.content.decode(), client.post(url, {STEP: "review"})


def _files_export(batch: Batch) -> zipfile.ZipFile:
    export = wait_for(
        lambda: Export.objects.filter(
            batch=batch, format=Export.Format.FILES, status=Export.Status.READY
        ).first(),
        timeout=60,
        message="output files exported",
    )
    with export.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def _upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def _finished(batch_name: str) -> Batch:
    return wait_for(
        lambda: Batch.objects.filter(name=batch_name, status__in=Batch.FINAL_STATUSES).first(),
        timeout=90,
        message=f"{batch_name} finished",
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.integration
class TestWizard:
    def test_tabular_mapping_preview_conflicts_and_merge(self, client, celery_worker):
        client.force_login(UserFactory())
        files = [
            _upload(CONVERSIONS / "tabular" / "orders_semicolon.csv"),
            _upload(CONVERSIONS / "tabular" / "products_wide.csv"),
        ]
        configure_page, review, response = _wizard_with_preview(client, files)
        assert "Bestell-Nr." in configure_page and "4585.65" in configure_page  # the preview, converted
        assert "mapped column &#x27;Bestell-Nr.&#x27; is not in this file" in review  # products lacks it
        assert response.status_code == 302
        batch = _finished("tabular run")
        assert batch.status == Batch.Status.COMPLETED
        archive = _files_export(batch)
        assert {"merged.csv", "orders_semicolon.csv", "products_wide.csv", "report.csv"} <= set(
            archive.namelist()
        )
        header = archive.read("orders_semicolon.csv").decode().splitlines()[0]
        assert header.startswith("order_number,")

    def test_svg_slides_in_the_order_chosen(self, client, celery_worker):
        client.force_login(UserFactory())
        names = ["01_basic_rect.svg", "04_text.svg", "12_complex_dashboard.svg"]
        files = [_upload(CONVERSIONS / "svg" / n) for n in names]
        url = reverse("batches:new")
        client.get(url)
        client.post(
            url,
            {STEP: "upload", "upload-name": "svg run", "upload-processor": "svg_pptx", "upload-files": files},
        )
        draft = Batch.objects.get(status=Batch.Status.DRAFT)
        ids = list(draft.documents.order_by("position").values_list("pk", flat=True))
        response = client.post(
            url,
            {
                STEP: "configure",
                "configure-deck": "single",
                "configure-slide_size": "16:9",
                "configure-dpi": "100",
                "configure-order": f"{ids[2]},{ids[0]},{ids[1]}",
            },
        )
        assert "Submit batch" in response.content.decode()
        assert client.post(url, {STEP: "review"}).status_code == 302
        batch = _finished("svg run")
        deck = Presentation(io.BytesIO(_files_export(batch).read("deck.pptx")))
        sources = [s.notes_slide.notes_text_frame.text.splitlines()[0] for s in deck.slides]
        assert sources == [
            "Source: 12_complex_dashboard.svg",
            "Source: 01_basic_rect.svg",
            "Source: 04_text.svg",
        ]

    def test_generate_from_the_edited_topics_grid(self, client, celery_worker):
        client.force_login(UserFactory())
        files = [_upload(CONVERSIONS / "articles" / "article_topics.csv")]
        topics = [
            {"keyword": "tea gardens", "tone": "casual", "word_count": "300"},
            {"keyword": "night trains", "tone": "", "word_count": ""},
        ]
        page, review, response = _wizard(
            client,
            "generate",
            files,
            {
                "tone": "friendly",
                "word_count": "400",
                "language": "en",
                "formats": ["md", "txt"],
                "topics": json.dumps(topics),
            },
        )
        assert "remote work productivity" in page  # the sheet's rows fill the grid
        assert "2 row(s), one article each" in review
        assert response.status_code == 302
        batch = _finished("generate run")
        assert (batch.total_documents, batch.succeeded_count) == (2, 2)
        tones = sorted(d.result["tone"] for d in batch.documents.all())
        assert tones == ["casual", "friendly"]
        names = _files_export(batch).namelist()
        assert len([n for n in names if n.endswith(".md")]) == 2 and not any(
            n.endswith(".docx") for n in names
        )

    def test_sitemap_with_a_hostile_list_beside_a_good_one(self, client, celery_worker):
        client.force_login(UserFactory())
        files = [
            _upload(CONVERSIONS / "sitemap" / "pages_small.csv"),
            _upload(CORPUS / "hostile" / "deep_nesting.json"),
        ]
        *_, response = _wizard(client, "sitemap", files, {"scope": "file", "max_urls": "100"})
        assert response.status_code == 302
        batch = _finished("sitemap run")
        assert batch.status == Batch.Status.COMPLETED_WITH_ERRORS
        failed = batch.documents.get(status="failed")
        assert "nested more than 64 levels" in failed.error_message
        names = _files_export(batch).namelist()
        assert [n for n in names if n.startswith("pages_small-sitemap")] == [
            "pages_small-sitemap-1.xml",
            "pages_small-sitemap-2.xml",
            "pages_small-sitemap-3.xml",
            "pages_small-sitemap-index.xml",
        ]


def _wizard_with_preview(client, files):
    url = reverse("batches:new")
    client.get(url)
    response = client.post(
        url,
        {STEP: "upload", "upload-name": "tabular run", "upload-processor": "tabular", "upload-files": files},
    )
    page = response.content.decode()
    columns = re.findall(r'name="configure-map_(\d+)_name"[^>]*value="([^"]*)"', page)
    data = {
        "configure-output_format": "csv",
        "configure-header_style": "snake",
        "configure-keep_unmapped": "on",
        "configure-merge": "on",
    }
    for index, value in columns:
        data[f"configure-map_{index}_name"] = "order_number" if value == "Bestell-Nr." else value
        data[f"configure-map_{index}_type"] = "auto"
        data[f"configure-map_{index}_keep"] = "on"
        data[f"configure-map_{index}_order"] = str(int(index) + 1)
    response = client.post(url, {STEP: "configure", **data})
    review = response.content.decode()
    assert "Submit batch" in review, review[:3000]
    return page, review, client.post(url, {STEP: "review"})
