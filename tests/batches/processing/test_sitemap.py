"""The sitemap processor against the corpus manifest and the sitemaps.org schemas."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from lxml import etree

from batches.processing import FinishItem, ProcessingError, get_processor
from tests.conftest import CORPUS

CONVERSIONS = CORPUS / "conversions"
MANIFEST = json.loads((CONVERSIONS / "manifest.json").read_text())["processors"]["sitemap"]
SCHEMAS = Path(__file__).parent / "schemas"
URLSET = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))
INDEX = etree.XMLSchema(etree.parse(str(SCHEMAS / "siteindex.xsd")))
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _run(content: bytes, filename: str, **options):
    return get_processor("sitemap").process(content, filename=filename, options=options)


@pytest.mark.parametrize("expected", MANIFEST["files"], ids=lambda f: f["file"])
def test_each_corpus_list_gives_the_manifests_counts_and_valid_sitemaps(expected):
    # when
    result = _run((CONVERSIONS / expected["file"]).read_bytes(), Path(expected["file"]).name)
    # then
    problems = result.meta["problems"]
    assert result.data["rows"] == expected["rows"]
    assert result.data["valid_urls"] == expected["valid_unique_urls"]
    assert result.data["duplicates"] == expected["exact_duplicates"]
    assert [(p["row"], p["reason"]) for p in problems if p["field"] == "loc"] == [
        (p["row"], p["reason"]) for p in expected["invalid_urls"]
    ]
    for field, key in (
        ("lastmod", "rows_with_invalid_lastmod"),
        ("changefreq", "rows_with_invalid_changefreq"),
        ("priority", "rows_with_invalid_priority"),
    ):
        assert [p["row"] for p in problems if p["field"] == field] == expected[key]
    sitemaps = [o for o in result.outputs if o.name.endswith(".xml") and "-index" not in o.name]
    indexes = [o for o in result.outputs if o.name.endswith("-index.xml")]
    assert len(sitemaps) == expected["expected_sitemap_files"]
    assert bool(indexes) == expected["expects_sitemap_index"]
    locs = []
    for sitemap in sitemaps:
        tree = etree.fromstring(sitemap.content)
        URLSET.assertValid(tree)
        locs += tree.xpath("//s:loc/text()", namespaces=NS)
        assert len(sitemap.content) <= 50 * 1024 * 1024
    assert len(locs) == len(set(locs)) == expected["valid_unique_urls"]
    for index in indexes:
        tree = etree.fromstring(index.content)
        INDEX.assertValid(tree)
        assert [loc.rsplit("/", 1)[1] for loc in tree.xpath("//s:loc/text()", namespaces=NS)] == [
            s.name for s in sitemaps
        ]


def test_odd_but_valid_urls_are_escaped_punycoded_and_percent_encoded():
    urls = MANIFEST["odd_but_valid_urls"]
    result = _run(json.dumps(urls).encode(), "odd.json")
    sitemap = result.outputs[0].content
    URLSET.assertValid(etree.fromstring(sitemap))
    text = sitemap.decode()
    assert result.data["valid_urls"] == len(urls)
    assert "https://example.com/search?q=shoes&amp;size=42&amp;colour=red" in text
    assert "xn--bcher-kva.example" in text
    assert "caf%C3%A9/men%C3%BC" in text
    assert "quote&apos;s&quot;and&lt;angle&gt;" in text


def test_split_at_the_limit_with_an_index_and_gzip():
    rows = "loc\n" + "".join(f"https://example.com/p/{n}\n" for n in range(25))
    result = _run(
        rows.encode(), "pages.csv", max_urls=10, gzip="true", base_url="https://cdn.example.com/maps"
    )
    names = [o.name for o in result.outputs]
    assert names == [
        "pages-sitemap-1.xml.gz",
        "pages-sitemap-2.xml.gz",
        "pages-sitemap-3.xml.gz",
        "pages-sitemap-index.xml.gz",
    ]
    counts = [
        len(etree.fromstring(gzip.decompress(o.content)).xpath("//s:url", namespaces=NS))
        for o in result.outputs[:3]
    ]
    assert counts == [10, 10, 5]
    index = etree.fromstring(gzip.decompress(result.outputs[3].content))
    INDEX.assertValid(index)
    assert (
        index.xpath("//s:loc/text()", namespaces=NS)[0]
        == "https://cdn.example.com/maps/pages-sitemap-1.xml.gz"
    )


def test_allowed_hosts_refuse_other_hosts_with_a_reason():
    rows = b"url\nhttps://shop.example.com/a\nhttps://evil.example.net/b\n"
    result = _run(rows, "x.csv", allowed_hosts="shop.example.com")
    assert result.data["valid_urls"] == 1
    assert result.meta["problems"][0]["reason"] == "host 'evil.example.net' is not one of the allowed hosts"


def test_one_sitemap_set_for_the_batch_drops_duplicates_across_files():
    processor = get_processor("sitemap")
    items = []
    for position, body in enumerate(
        (
            b"url\nhttps://a.example/1\nhttps://a.example/2\n",
            b"url\nhttps://a.example/2\nhttps://a.example/3\n",
        )
    ):
        result = processor.process(body, filename=f"f{position}.csv", options={"scope": "batch"})
        assert not any(o.name.endswith(".xml") for o in result.outputs)
        items.append(
            FinishItem(f"f{position}.csv", position, result.data, {o.name: o.content for o in result.outputs})
        )
    (sitemap,) = processor.finish(items, options={"scope": "batch"})
    assert etree.fromstring(sitemap.content).xpath("//s:loc/text()", namespaces=NS) == [
        "https://a.example/1",
        "https://a.example/2",
        "https://a.example/3",
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("deep_nesting.json", "nested more than 64 levels"),
        ("sitemap_not_json.json", "holds XML or HTML, not JSON"),
    ],
)
def test_hostile_lists_are_refused_with_a_clear_error(name, message):
    with pytest.raises(ProcessingError) as error:
        _run((CORPUS / "hostile" / name).read_bytes(), name)
    assert message in error.value.message
