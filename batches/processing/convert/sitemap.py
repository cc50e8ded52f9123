"""``sitemap``: lists of URLs (CSV or JSON) into sitemaps.org sitemaps, split and indexed.

Options:

- ``scope``: ``file`` (a sitemap set per input file, the default) or ``batch`` (one set for
  the whole batch, duplicates dropped across files; the finish step writes it)
- ``base_url``: where the sitemaps will be served, for the index's ``<loc>`` (default: the
  scheme and host of the first valid URL)
- ``allowed_hosts``: comma-separated hosts; URLs on other hosts are reported and skipped
- ``max_urls``: URLs per sitemap file (at most 50,000, the protocol's limit)
- ``gzip``: also compress each file (``.xml.gz``)
"""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import json
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from batches.processing.base import (
    CORRUPT_FILE,
    EMPTY_DOCUMENT,
    FinishItem,
    OutputFile,
    ProcessingError,
    ProcessorResult,
)
from batches.processing.convert.tables import decode_text, detect_format, load_json, records_in

MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
MAX_URL_LENGTH = 2048
CHANGEFREQ = ("always", "hourly", "daily", "weekly", "monthly", "yearly", "never")
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
LOC_KEYS = ("loc", "url", "link", "href", "address", "page")
LASTMOD_KEYS = ("lastmod", "last_modified", "lastmodified", "modified", "updated", "last_mod", "date")
CHANGEFREQ_KEYS = ("changefreq", "change_frequency", "changefrequency", "frequency", "freq")
PRIORITY_KEYS = ("priority", "prio")
W3C_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$"
)
XML_QUOTES = {'"': "&quot;", "'": "&apos;"}


@dataclass
class Entry:
    loc: str
    lastmod: str | None = None
    changefreq: str | None = None
    priority: str | None = None


def url_problem(url: Any, *, allowed_hosts: set[str] | None = None) -> str | None:
    """Why a value is not a URL for a sitemap, or None when it is one."""
    if url is None or str(url) == "":
        return "empty"
    url = str(url)
    if re.search(r"\s", url):
        return "whitespace in URL"
    if len(url) > MAX_URL_LENGTH:
        return f"longer than {MAX_URL_LENGTH} characters"
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme or "://" not in url.split("?")[0]:
        if parts.scheme and parts.scheme.lower() not in ("http", "https") and ":" in url:
            return f"scheme {parts.scheme!r} is not http/https"
        return "not absolute (no scheme)"
    if parts.scheme.lower() not in ("http", "https"):
        return f"scheme {parts.scheme!r} is not http/https"
    if not parts.hostname:
        return "no host"
    if allowed_hosts and parts.hostname.lower() not in allowed_hosts:
        return f"host {parts.hostname!r} is not one of the allowed hosts"
    return None


def normalise_url(url: str) -> str:
    """Punycode an IDN host and percent-encode non-ASCII characters; the rest stays as written."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        ascii_host = host
    netloc = parts.netloc.replace(host, ascii_host, 1) if host else parts.netloc
    keep = "".join(chr(c) for c in range(33, 127))

    def encode(text: str) -> str:
        return urllib.parse.quote(text, safe=keep)

    return urllib.parse.urlunsplit(
        (parts.scheme, netloc, encode(parts.path), encode(parts.query), encode(parts.fragment))
    )


def normalise_lastmod(value: Any) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    match = W3C_DATETIME.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        datetime.date(int(year), int(month), int(day))
        if hour is not None:
            datetime.time(int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    if hour is None:
        return f"{year}-{month}-{day}"
    # xsd:dateTime needs seconds; the W3C profile allows leaving them out
    return f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}{zone or ''}"


def normalise_priority(value: Any) -> str | None:
    if value is None or isinstance(value, bool) or str(value).strip() == "":
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    if not 0.0 <= number <= 1.0:
        return None
    return f"{number:.2f}".rstrip("0").rstrip(".") if number not in (0.0, 1.0) else f"{number:.1f}"


def _pick(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    for key in keys:
        if key in lowered:
            return lowered[key]
    return None


def read_rows(content: bytes, *, filename: str) -> list[dict[str, Any]]:
    """The rows of a URL list as dicts with ``loc``, ``lastmod``, ``changefreq``, ``priority``."""
    if not content.strip():
        raise ProcessingError(EMPTY_DOCUMENT, "The file is empty.")
    if filename.lower().endswith(".json") or detect_format(content, filename) == "json":
        records = records_in(load_json(content))
        if records is None:
            raise ProcessingError(CORRUPT_FILE, "The JSON holds no list of URLs.")
        rows = []
        for record in records:
            if isinstance(record, dict):
                rows.append(
                    {
                        "loc": _pick(record, LOC_KEYS),
                        "lastmod": _pick(record, LASTMOD_KEYS),
                        "changefreq": _pick(record, CHANGEFREQ_KEYS),
                        "priority": _pick(record, PRIORITY_KEYS),
                    }
                )
            else:
                rows.append({"loc": record})
        return rows
    if detect_format(content, filename) == "xlsx":
        raise ProcessingError("unsupported_type", "Sitemaps are made from CSV or JSON lists of URLs.")
    text = decode_text(content)
    grid = list(csv.reader(io.StringIO(text, newline="")))
    if not grid:
        raise ProcessingError(EMPTY_DOCUMENT, "The file has no rows.")
    header = [h.strip().lower() for h in grid[0]]
    if any(h in LOC_KEYS for h in header):
        return [
            {
                "loc": _pick(dict(zip(header, row, strict=False)), LOC_KEYS),
                "lastmod": _pick(dict(zip(header, row, strict=False)), LASTMOD_KEYS),
                "changefreq": _pick(dict(zip(header, row, strict=False)), CHANGEFREQ_KEYS),
                "priority": _pick(dict(zip(header, row, strict=False)), PRIORITY_KEYS),
            }
            for row in grid[1:]
        ]
    return [{"loc": row[0] if row else ""} for row in grid]  # no header: one URL per line


def validate(
    rows: list[dict[str, Any]], *, allowed_hosts: set[str] | None = None, seen: set[str] | None = None
) -> tuple[list[Entry], list[dict[str, Any]], int]:
    """Valid entries in order, the problems by row (1-based), and the count of duplicates."""
    seen = set() if seen is None else seen
    entries: list[Entry] = []
    problems: list[dict[str, Any]] = []
    duplicates = 0
    for number, row in enumerate(rows, start=1):
        loc = row.get("loc")
        problem = url_problem(loc, allowed_hosts=allowed_hosts)
        if problem:
            problems.append({"row": number, "field": "loc", "value": str(loc or "")[:200], "reason": problem})
            continue
        loc = normalise_url(str(loc))
        if loc in seen:
            duplicates += 1
            continue
        seen.add(loc)
        entry = Entry(loc)
        for name, normalise, reason in (
            ("lastmod", normalise_lastmod, "not a W3C datetime (YYYY-MM-DD or YYYY-MM-DDThh:mm:ss+hh:mm)"),
            (
                "changefreq",
                lambda v: str(v).strip() if str(v).strip() in CHANGEFREQ else None,
                f"not one of {', '.join(CHANGEFREQ)}",
            ),
            ("priority", normalise_priority, "not a number from 0.0 to 1.0"),
        ):
            value = row.get(name)
            if value is None or str(value).strip() == "":
                continue
            clean = normalise(value)
            if clean is None:
                problems.append(
                    {
                        "row": number,
                        "field": name,
                        "value": str(value)[:200],
                        "reason": f"{reason}; left out, URL kept",
                    }
                )
            setattr(entry, name, clean)
        entries.append(entry)
    return entries, problems, duplicates


def _url_xml(entry: Entry) -> str:
    parts = [f"<url><loc>{escape(entry.loc, XML_QUOTES)}</loc>"]
    if entry.lastmod:
        parts.append(f"<lastmod>{entry.lastmod}</lastmod>")
    if entry.changefreq:
        parts.append(f"<changefreq>{entry.changefreq}</changefreq>")
    if entry.priority:
        parts.append(f"<priority>{entry.priority}</priority>")
    parts.append("</url>\n")
    return "".join(parts)


HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{XMLNS}">\n'
TAIL = "</urlset>\n"


def write_sitemaps(entries: list[Entry], *, stem: str, options: dict[str, Any]) -> list[OutputFile]:
    """Sitemap files of at most ``max_urls`` URLs and 50 MB each, and an index when split."""
    max_urls = min(int(options.get("max_urls") or MAX_URLS), MAX_URLS)
    chunks: list[str] = []
    current: list[str] = []
    size = len(HEAD) + len(TAIL)
    for entry in entries:
        xml = _url_xml(entry)
        if current and (len(current) >= max_urls or size + len(xml.encode()) > MAX_BYTES):
            chunks.append(HEAD + "".join(current) + TAIL)
            current, size = [], len(HEAD) + len(TAIL)
        current.append(xml)
        size += len(xml.encode())
    if current or not chunks:
        chunks.append(HEAD + "".join(current) + TAIL)
    compress = str(options.get("gzip", "")).lower() in ("1", "true", "yes", "on")
    suffix = ".xml.gz" if compress else ".xml"
    names = [f"{stem}.xml"] if len(chunks) == 1 else [f"{stem}-{n}.xml" for n in range(1, len(chunks) + 1)]
    outputs = []
    for name, xml in zip(names, chunks, strict=True):
        content = xml.encode("utf-8")
        outputs.append(_file(name.removesuffix(".xml") + suffix, content, compress))
    if len(chunks) > 1:
        base = str(options.get("base_url") or "").strip() or _origin(entries)
        base = base if base.endswith("/") else base + "/"
        today = datetime.date.today().isoformat()
        index = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{XMLNS}">\n']
        for output in outputs:
            loc = escape(urllib.parse.urljoin(base, output.name), XML_QUOTES)
            index.append(f"<sitemap><loc>{loc}</loc><lastmod>{today}</lastmod></sitemap>\n")
        index.append("</sitemapindex>\n")
        outputs.append(_file(f"{stem}-index{suffix}", "".join(index).encode(), compress))
    return outputs


def _file(name: str, content: bytes, compress: bool) -> OutputFile:
    if compress:
        return OutputFile(name, gzip.compress(content, mtime=0), "application/gzip")
    return OutputFile(name, content, "application/xml")


def _origin(entries: list[Entry]) -> str:
    if not entries:
        return "https://example.invalid/"
    parts = urllib.parse.urlsplit(entries[0].loc)
    return f"{parts.scheme}://{parts.netloc}/"


def _problems_csv(problems: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["row", "field", "value", "reason"])
    for p in problems:
        value = p["value"]
        writer.writerow(
            [p["row"], p["field"], "'" + value if value[:1] in "=+-@\t\r" else value, p["reason"]]
        )
    return buffer.getvalue().encode()


def _stem(filename: str) -> str:
    base = re.sub(r"[^\w.\-]+", "_", filename.replace("\\", "/").split("/")[-1]).strip("._") or "urls"
    return (base.rsplit(".", 1)[0] if "." in base else base)[:80]


def _allowed(options: dict[str, Any]) -> set[str] | None:
    raw = options.get("allowed_hosts") or ""
    hosts = raw if isinstance(raw, list) else str(raw).split(",")
    return {h.strip().lower() for h in hosts if h.strip()} or None


class SitemapProcessor:
    name = "sitemap"

    def process(self, content: bytes, *, filename: str, options: dict[str, Any]) -> ProcessorResult:
        rows = read_rows(content, filename=filename)
        entries, problems, duplicates = validate(rows, allowed_hosts=_allowed(options))
        invalid = [p for p in problems if p["field"] == "loc"]
        stem = _stem(filename)
        per_batch = str(options.get("scope") or "file") == "batch"
        if per_batch:
            listing = [e.__dict__ for e in entries]
            outputs = [
                OutputFile(
                    f"{stem}.entries.json",
                    json.dumps(listing).encode(),
                    "application/json",
                    intermediate=True,
                )
            ]
        else:
            outputs = write_sitemaps(entries, stem=f"{stem}-sitemap", options=options)
        if problems:
            outputs.append(OutputFile(f"{stem}-problems.csv", _problems_csv(problems), "text/csv"))
        sitemap_files = [o.name for o in outputs if ".xml" in o.name and "-index" not in o.name]
        data = {
            "rows": len(rows),
            "valid_urls": len(entries),
            "invalid_urls": len(invalid),
            "duplicates": duplicates,
            "fields_left_out": len(problems) - len(invalid),
            "sitemap_files": len(sitemap_files),
            "sitemap_index": any("-index" in o.name for o in outputs),
        }
        meta = {"problems": problems[:1000], "problems_total": len(problems)}
        return ProcessorResult(data=data, document_type="url_list", outputs=outputs, meta=meta)

    def finish(self, items: list[FinishItem], *, options: dict[str, Any]) -> list[OutputFile]:
        if str(options.get("scope") or "file") != "batch":
            return []
        entries: list[Entry] = []
        seen: set[str] = set()
        for item in items:
            for name, content in item.outputs.items():
                if name.endswith(".entries.json"):
                    for record in json.loads(content):
                        if record["loc"] not in seen:
                            seen.add(record["loc"])
                            entries.append(Entry(**record))
        return write_sitemaps(entries, stem="sitemap", options=options)
