"""``generate``: an article per topic row, or a story per text file, as DOCX, Markdown and text.

A topics spreadsheet (CSV or XLSX with a ``keyword`` or ``topic`` column, and optional
``tone``, ``word_count``, ``audience``, ``title`` and ``prompt`` columns) is split into one
document per row when the batch is submitted (``topic_rows``); each row is then one job.

Options: ``kind`` (``article`` | ``story``; by default rows are articles and text files
stories), ``tone``, ``word_count``, ``language``, ``audience``, ``system_prompt``, ``prompt``
(a template with ``{keyword}``, ``{tone}``, ``{word_count}``, ``{audience}``, ``{language}``),
``formats`` (``docx,md,txt``), and for stories ``audio`` (espeak-ng, when installed) and
``image_prompts``. The ``openai`` engine plans an outline, then writes each section
(``writing``); the ``builtin`` engine writes a structured outline for a person to fill in, and
says so at the top of the text.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from batches.processing.base import (
    CORRUPT_FILE,
    EMPTY_DOCUMENT,
    UNSUPPORTED_TYPE,
    OutputFile,
    ProcessingError,
    ProcessorResult,
    step_reporter,
)
from batches.processing.convert.tables import decode_text, normalise_headers, read_table
from batches.processing.legacy_word import doc_blocks, doc_text, is_ole

TONES = (
    "professional",
    "casual",
    "friendly",
    "authoritative",
    "humorous",
    "persuasive",
    "technical",
    "inspirational",
)
FORMATS = ("docx", "md", "txt")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DRAFT_NOTICE = (
    "An outline for a person to fill in, written offline by the builtin engine: headings and "
    "placeholder sentences seeded from your inputs, not finished prose. Choose the openai engine "
    "for finished text."
)
BUDGET_NOTICE = "The plan's monthly token budget is used up, so the model was not asked."
MAX_ROWS = 5000
KEYWORD_COLUMNS = ("keyword", "topic", "title", "subject", "keywords")


# --- Topics in, one document per row -------------------------------------------------------


def topic_rows(content: bytes, *, filename: str) -> list[dict[str, Any]] | None:
    """The rows of a topics spreadsheet, or None when the file is not one (a text to tell as a story)."""
    lowered = filename.lower()
    if lowered.endswith(STORY_SUFFIXES) or is_docx(content):
        return None
    if not lowered.endswith((".csv", ".xlsx", ".tsv")) and content[:4] != b"PK\x03\x04":
        return None
    table = read_table(content, filename=filename)
    names = normalise_headers(table.raw_headers)
    key = next((n for n in KEYWORD_COLUMNS if n in names), None)
    if key is None:
        raise ProcessingError(
            "invalid_topics", f"The spreadsheet needs a keyword or topic column; it has {', '.join(names)}."
        )
    if len(table.rows) > MAX_ROWS:
        raise ProcessingError("too_many_rows", f"A topics sheet holds at most {MAX_ROWS:,} rows.")
    rows = []
    for number, row in enumerate(table.rows, start=1):
        record = {name: value for name, value in zip(names, row, strict=False) if value not in (None, "")}
        if not str(record.get(key, "")).strip():
            continue
        record["keyword"] = str(record.pop(key)).strip()
        rows.append({"row": number, "source_file": filename, **{k: _plain(v) for k, v in record.items()}})
    return rows


# --- Text documents in, a story each -------------------------------------------------------

STORY_SUFFIXES = (".txt", ".md", ".docx", ".doc")


def is_docx(content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04" and b"word/" in content[:4096]


def story_text(content: bytes, *, filename: str) -> str:
    """The text a story is written from: a .txt or .md as it reads, a .docx's or .doc's paragraphs."""
    if is_docx(content):
        from docx import Document

        try:
            document = Document(io.BytesIO(content))
        except Exception:  # python-docx raises many kinds for a damaged package
            message = "This .docx could not be opened; it may be damaged."
            raise ProcessingError(CORRUPT_FILE, message) from None
        return "\n\n".join(p.text.strip() for p in document.paragraphs if p.text.strip())
    if is_ole(content):  # a legacy Word .doc, read by antiword: its paragraphs, and its tables' rows
        return "\n\n".join("  ".join(row) for rows in doc_blocks(doc_text(content)) for row in rows)
    if b"\x00" in content[:4096]:
        raise ProcessingError(UNSUPPORTED_TYPE, "Stories are written from text files; this one is binary.")
    return decode_text(content)


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) else str(value)


def topic_document(row: dict[str, Any]) -> tuple[str, bytes]:
    """A row as the small JSON document the processor reads, with a name people recognise."""
    name = f"{Path(row.get('source_file') or 'topics').stem} row {row.get('row', '?')}: {row['keyword']}"
    return name[:200], json.dumps({"type": "topic", **row}, ensure_ascii=False).encode()


# --- The builtin draft ---------------------------------------------------------------------

SECTION_TITLES = {
    "article": [
        "Why {k} matters now",
        "What {k} really involves",
        "Getting started with {k}",
        "Common mistakes with {k}",
        "Measuring progress in {k}",
        "Tools and resources for {k}",
        "What experts say about {k}",
        "Where {k} is heading",
    ],
    "story": ["The beginning", "A turn of events", "The heart of it", "What changed", "The ending"],
}
OPENERS = {
    "professional": "In practice, {k} rewards a clear plan and steady execution.",
    "casual": "Let's be honest: {k} is easier than it looks once you get going.",
    "friendly": "If {k} feels daunting, you're in good company, and it gets easier.",
    "authoritative": "The evidence on {k} is consistent: fundamentals decide the outcome.",
    "humorous": "{K} is a bit like assembling furniture: the instructions help, eventually.",
    "persuasive": "There has never been a better moment to take {k} seriously.",
    "technical": "At its core, {k} is a system of inputs, constraints and measurable outputs.",
    "inspirational": "Every great result in {k} started with one small, deliberate step.",
}
SENTENCES = [
    "For {a}, the first question about {k} is what a good result looks like.",
    "Start with one concrete goal for {k} and write down how you will know you reached it.",
    "Small, repeatable habits matter more in {k} than occasional bursts of effort.",
    "Keep notes on what works for {k}; patterns show up after a few weeks.",
    "Ask people who have done {k} before which step they would do differently.",
    "Budget time for review: {k} improves fastest when you look back regularly.",
    "Avoid copying someone else's approach to {k} wholesale; adapt it to your situation.",
    "Share what you learn about {k} with {a}; explaining it sharpens your own thinking.",
]


def _seeded(keyword: str) -> int:
    return int(hashlib.sha256(keyword.encode()).hexdigest()[:8], 16)


def builtin_article(
    *,
    keyword: str,
    tone: str,
    word_count: int,
    audience: str,
    kind: str,
    source_text: str = "",
    title: str = "",
    attempt: int = 1,
) -> dict[str, Any]:
    """A deterministic structure: title, outline and sections that add up to about ``word_count``.

    A later ``attempt`` (the item written again) draws another outline from the same inputs."""
    seed = _seeded(keyword + kind) + max(attempt - 1, 0)  # the next outline, a section over
    k, a = keyword, audience or "readers"
    fill = {"k": k, "K": k[:1].upper() + k[1:], "a": a}
    count = max(2, min(8 if kind == "article" else 5, round(word_count / 220)))
    titles = SECTION_TITLES[kind]
    chosen = [titles[(seed + i) % len(titles)] for i in range(count)]
    headings = [
        "Introduction",
        *(t.format(**fill)[:1].upper() + t.format(**fill)[1:] for t in chosen),
        "Conclusion",
    ]
    source_sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", source_text) if len(s.split()) > 3]
    per_section = max(word_count // len(headings), 30)
    sections = []
    for index, heading in enumerate(headings):
        words: list[str] = []
        paragraph: list[str] = []
        paragraphs: list[str] = []
        step = 0
        if index == 0:
            paragraph.append(OPENERS.get(tone, OPENERS["professional"]).format(**fill))
        while len(words) < per_section:
            if source_sentences and step % 2 == 0:
                sentence = source_sentences[(index * 3 + step // 2) % len(source_sentences)]
            else:
                sentence = SENTENCES[(seed + index * 5 + step) % len(SENTENCES)].format(**fill)
            paragraph.append(sentence)
            words.extend(sentence.split())
            step += 1
            if len(paragraph) >= 4:
                paragraphs.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            paragraphs.append(" ".join(paragraph))
        sections.append({"heading": heading, "paragraphs": paragraphs})
    if kind == "story":
        default_title = f"A story of {k}"
    elif ":" in k or len(k.split()) > 6:  # the keyword already reads as a title
        default_title = fill["K"]
    else:
        default_title = f"{fill['K']}: a practical guide" + (f" for {audience}" if audience else "")
    return {"title": title or default_title, "sections": sections, "notice": DRAFT_NOTICE}


# --- Writers -------------------------------------------------------------------------------


def to_markdown(article: dict[str, Any]) -> str:
    parts = [f"# {article['title']}", ""]
    if article.get("image"):
        parts += [f"![{article['title']}]({article['image']['name']})", ""]
    if article.get("notice"):
        parts += [f"> {article['notice']}", ""]
    for section in article["sections"]:
        if section["heading"]:
            parts += [f"## {section['heading']}", ""]
        for paragraph in section["paragraphs"]:
            parts += [paragraph, ""]
    if article.get("image_prompts"):
        parts += ["## Image prompts", ""] + [f"- {p}" for p in article["image_prompts"]] + [""]
    return "\n".join(parts)


def to_text(article: dict[str, Any]) -> str:
    parts = [article["title"], "=" * min(len(article["title"]), 80), ""]
    if article.get("notice"):
        parts += [article["notice"], ""]
    for section in article["sections"]:
        if section["heading"]:
            parts += [section["heading"], "-" * min(len(section["heading"]), 80), ""]
        parts += [p + "\n" for p in section["paragraphs"]]
    return "\n".join(parts)


def to_docx(article: dict[str, Any]) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = article["title"][:250]
    document.add_heading(article["title"], level=0)
    if article.get("image"):
        from docx.shared import Inches

        document.add_picture(io.BytesIO(article["image"]["png"]), width=Inches(6))
    if article.get("notice"):
        document.add_paragraph().add_run(article["notice"]).italic = True
    for section in article["sections"]:
        if section["heading"]:
            document.add_heading(section["heading"], level=1)
        for paragraph in section["paragraphs"]:
            document.add_paragraph(paragraph)
    if article.get("image_prompts"):
        document.add_heading("Image prompts", level=1)
        for prompt in article["image_prompts"]:
            document.add_paragraph(prompt, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ARTICLE_SUFFIX = ".article.json"


def formats_parse(value: Any) -> list[str]:
    """``docx,md`` (or a list) as the known formats in their order; docx and md when none."""
    parts = value if isinstance(value, list | tuple) else re.split(r"[,\s]+", str(value or ""))
    return [f for f in FORMATS if f in parts] or ["docx", "md"]


def render(article: dict[str, Any], *, base: str, formats: list[str]) -> list[OutputFile]:
    """The piece in each chosen format (docx, md, txt), named ``base`` with the format's suffix."""
    writers = {
        "docx": lambda: OutputFile(f"{base}.docx", to_docx(article), DOCX_TYPE),
        "md": lambda: OutputFile(f"{base}.md", to_markdown(article).encode(), "text/markdown"),
        "txt": lambda: OutputFile(f"{base}.txt", to_text(article).encode(), "text/plain"),
    }
    return [writers[f]() for f in formats]


def render_stored(name: str, content: bytes, *, formats: list[str]) -> list[OutputFile]:
    """A stored piece (its ``.article.json``) written again in the formats chosen at export."""
    base = name[: -len(ARTICLE_SUFFIX)] if name.endswith(ARTICLE_SUFFIX) else name
    return render(json.loads(content), base=base, formats=formats)


# espeak-ng's voice variants a batch may choose (its ``!v`` folder); the language comes from the piece.
VOICES = {
    "": "Default (male)",
    "f3": "Female",
    "f5": "Female, softer",
    "m7": "Male, deeper",
    "whisper": "Whisper",
}


def speech_available() -> bool:
    return bool(shutil.which("espeak-ng") or shutil.which("espeak"))


def speak(text: str, *, language: str, voice: str = "", timeout: float = 120) -> bytes | None:
    """WAV audio from espeak-ng in the piece's language and the chosen variant; None when it is
    not installed."""
    binary = shutil.which("espeak-ng") or shutil.which("espeak")
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="batchsite-tts-") as folder:
        out = Path(folder) / "speech.wav"
        source = Path(folder) / "text.txt"
        source.write_text(text[:50_000], encoding="utf-8")
        spoken = re.sub(r"[^a-z-]", "", (language or "en").lower())[:10] or "en"
        if voice in VOICES and voice:
            spoken += f"+{voice}"
        try:
            subprocess.run(
                [binary, "-v", spoken, "-f", str(source), "-w", str(out)],
                check=True,
                timeout=timeout,
                capture_output=True,
            )
        except subprocess.CalledProcessError:
            subprocess.run(
                [binary, "-f", str(source), "-w", str(out)], check=True, timeout=timeout, capture_output=True
            )
        return out.read_bytes()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "item"


def _int(value: Any, default: int) -> int:
    try:
        return max(50, min(int(float(value)), 10_000))
    except (TypeError, ValueError):
        return default


class GenerateProcessor:
    name = "generate"

    def process(self, content: bytes, *, filename: str, options: dict[str, Any]) -> ProcessorResult:
        step = step_reporter(options)
        item = self._item(content, filename, options)
        steps: list[dict[str, Any]] = []
        tokens = {"prompt": 0, "completion": 0}
        step("writing")
        started = time.monotonic()
        config = options.get("engine_config") or {}
        spent = config.get("tokens_left") is not None and int(config["tokens_left"]) <= 0
        image = None
        if (options.get("engine") or "builtin") == "openai" and not spent:
            from batches.processing.convert.writing import illustrate, write_with_model

            article, tokens = write_with_model(item, options, config, step)
            if config.get("image_model"):
                image, image_step = illustrate(article, item, config, step)
                steps.append(image_step)
        else:
            article = builtin_article(
                keyword=item["keyword"],
                tone=item["tone"],
                word_count=item["word_count"],
                audience=item["audience"],
                kind=item["kind"],
                source_text=item.get("source_text", ""),
                title=item.get("title", ""),
                attempt=_int_or(options.get("attempt"), 1),
            )
            if spent:
                article["notice"] = f"{BUDGET_NOTICE} {article['notice']}"
        steps.append({"name": item["kind"], "status": "done", "ms": int((time.monotonic() - started) * 1000)})
        if item["kind"] == "story" and _on(options.get("image_prompts")):
            step("image prompts")
            article["image_prompts"] = [
                f"{s['heading']}: {(s['paragraphs'] or [''])[0][:160]} ({item['tone']} illustration)"
                for s in article["sections"]
                if s["heading"] not in ("Introduction", "Conclusion")
            ]
            steps.append({"name": "image_prompts", "status": "done"})
        base = (
            f"{int(item.get('row') or 0):03d}-{slug(article['title'])}"
            if item.get("row")
            else slug(article["title"])
        )
        formats = formats_parse(options.get("formats"))
        outputs = []
        if image is not None:
            article["image"] = {"name": f"{base}.png", "png": image}
            outputs.append(OutputFile(f"{base}.png", image, "image/png"))
        outputs.extend(render(article, base=base, formats=formats))
        # the piece itself, so that an export can write it again in other formats
        kept = {k: v for k, v in article.items() if k != "image"}
        outputs.append(
            OutputFile(f"{base}{ARTICLE_SUFFIX}", json.dumps(kept).encode(), "application/json", True)
        )
        if item["kind"] == "story" and _on(options.get("audio")):
            step("audio", lasting=True)
            audio = speak(to_text(article), language=item["language"], voice=str(options.get("voice") or ""))
            if audio is None:
                steps.append({"name": "audio", "status": "skipped", "reason": "espeak-ng is not installed"})
            else:
                outputs.append(OutputFile(f"{base}.wav", audio, "audio/wav"))
                steps.append({"name": "audio", "status": "done"})
        words = sum(len(p.split()) for s in article["sections"] for p in s["paragraphs"])
        data = {
            "title": article["title"],
            "keyword": item["keyword"],
            "tone": item["tone"],
            "kind": item["kind"],
            "words": words,
            "word_count_requested": item["word_count"],
            "sections": len(article["sections"]),
            "draft": bool(article.get("notice")),
            "notice": article.get("notice", ""),
            "files": ", ".join(o.name for o in outputs if not o.intermediate),
        }
        meta = {"steps": steps, "tokens": tokens, "engine": options.get("engine") or "builtin"}
        return ProcessorResult(data=data, document_type=item["kind"], outputs=outputs, meta=meta)

    def _item(self, content: bytes, filename: str, options: dict[str, Any]) -> dict[str, Any]:
        if not content.strip():
            raise ProcessingError(EMPTY_DOCUMENT, "The file is empty.")
        item: dict[str, Any]
        if content.lstrip()[:1] == b"{" and b'"type": "topic"' in content[:200]:
            item = json.loads(content)
            kind = options.get("kind") or "article"
        elif not is_docx(content) and (
            content[:4] == b"PK\x03\x04" or filename.lower().endswith((".csv", ".xlsx"))
        ):
            raise ProcessingError(
                UNSUPPORTED_TYPE,
                "A topics spreadsheet is split into rows when the batch is "
                "submitted; submit it again as a generate batch.",
            )
        else:
            text = story_text(content, filename=filename)
            if not text.strip():
                raise ProcessingError(EMPTY_DOCUMENT, "The document has no text to tell a story from.")
            first = next((line.strip("# ").strip() for line in text.splitlines() if line.strip()), "")
            item = {"keyword": first[:80] or Path(filename).stem, "source_text": text}
            kind = options.get("kind") or "story"
        tone = str(item.get("tone") or options.get("tone") or "professional").strip().lower()
        return {
            **item,
            "kind": kind if kind in ("article", "story") else "article",
            "tone": tone if tone in TONES else "professional",
            "word_count": _int(item.get("word_count") or options.get("word_count"), 800),
            "audience": str(item.get("audience") or options.get("audience") or ""),
            "language": str(item.get("language") or options.get("language") or "en"),
            "title": str(item.get("title") or ""),
        }


def _int_or(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _on(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")
