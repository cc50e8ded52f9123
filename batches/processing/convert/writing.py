"""Long text with the LLM engine: an outline first (a strict schema), then each section on its own.

One request for the whole piece drifts and stops short on long articles; an outline keeps the
sections to one plan, and each section's request carries the outline and the end of the section
before it, so the piece reads as one. Each section is bounded by ``max_tokens`` from its share
of the word count.
"""

from __future__ import annotations

from typing import Any

from batches.processing.base import StepReporter
from batches.processing.openai_engine import ask_structured, complete_with_openai

MIN_SECTIONS, MAX_SECTIONS = 2, 8
TOKENS_PER_WORD = 2  # a generous bound: English runs about 1.3 tokens a word, other languages more

OUTLINE_SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "sections": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "heading": {"type": "string"},
                    "points": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["heading", "points"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["title", "sections"],
    "additionalProperties": False,
}


def _brief(item: dict[str, Any]) -> str:
    audience = item["audience"] or "a general audience"
    what = "article" if item["kind"] == "article" else "story"
    brief = (
        f"a {item['tone']} {what} of about {item['word_count']} words in language '{item['language']}' "
        f"about “{item['keyword']}” for {audience}"
    )
    return brief + (f", titled “{item['title']}”" if item.get("title") else "")


def _outline_messages(item: dict[str, Any], system: str, instructions: str) -> list[dict[str, str]]:
    sections = max(MIN_SECTIONS, min(MAX_SECTIONS, round(item["word_count"] / 200)))
    user = (
        f"Plan {_brief(item)}. Give its title and {sections} sections, each with a heading and "
        "two to four points it will make."
    )
    if instructions:
        user += f"\n\nFollow these instructions: {instructions}"
    if item.get("source_text"):
        user += f"\n\nRetell this text:\n\n{item['source_text'][:20000]}"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _section_messages(
    item: dict, outline: dict, index: int, words: int, before: str, system: str
) -> list[dict]:
    plan = "\n".join(
        f"{n}. {s['heading']}: " + "; ".join(s["points"]) for n, s in enumerate(outline["sections"], start=1)
    )
    section = outline["sections"][index]
    user = (
        f"You are writing {_brief(item)}, titled “{outline['title']}”. Its outline:\n{plan}\n\n"
        f"Write section {index + 1}, “{section['heading']}”, in about {words} words: "
        f"{'; '.join(section['points'])}. Plain paragraphs separated by blank lines, no heading."
    )
    if before:
        user += f"\n\nThe section before it ended: “…{before}”"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _instructions(item: dict[str, Any], options: dict[str, Any]) -> str:
    """The row's or batch's own prompt, its ``{keyword}``, ``{tone}``… filled in."""
    template = str(item.get("prompt") or options.get("prompt") or "")
    values = {
        "keyword": item["keyword"],
        "tone": item["tone"],
        "word_count": item["word_count"],
        "audience": item["audience"] or "a general audience",
        "language": item["language"],
        "source": "",
    }
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def _paragraphs(text: str) -> list[str]:
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in text.strip().split("\n\n")]
    return [b.lstrip("#").strip() if b.startswith("#") else b for b in blocks if b.strip()]


def write_with_model(
    item: dict[str, Any], options: dict[str, Any], config: dict, step: StepReporter
) -> tuple[dict[str, Any], dict[str, int]]:
    """The article or story (title, sections of paragraphs) and the tokens it took."""
    system = options.get("system_prompt") or "You are a careful writer."
    instructions = _instructions(item, options)
    step("outline", lasting=True)
    outline, tokens = ask_structured(_outline_messages(item, system, instructions), OUTLINE_SCHEMA, config)
    planned = [s for s in outline.get("sections") or [] if str(s.get("heading", "")).strip()][:MAX_SECTIONS]
    if not planned:
        planned = [{"heading": item["keyword"], "points": []}]
    outline = {
        "title": str(outline.get("title") or item.get("title") or item["keyword"]).strip(),
        "sections": planned,
    }
    words = max(item["word_count"] // len(planned), 40)
    sections, before = [], ""
    for index, planned_section in enumerate(planned):
        step(f"section {index + 1} of {len(planned)}", lasting=True)
        messages = _section_messages(item, outline, index, words, before, system)
        text, used = complete_with_openai(messages, config, max_tokens=words * TOKENS_PER_WORD)
        tokens = {k: tokens[k] + used[k] for k in tokens}
        paragraphs = _paragraphs(text)
        sections.append({"heading": planned_section["heading"].strip(), "paragraphs": paragraphs})
        before = (paragraphs[-1] if paragraphs else "")[-300:]
    return {"title": item.get("title") or outline["title"], "sections": sections, "notice": ""}, tokens


def illustrate(
    article: dict[str, Any], item: dict[str, Any], config: dict, step: StepReporter
) -> tuple[bytes | None, dict[str, Any]]:
    """A cover picture for the piece from the images endpoint, and the step that says how it went.

    A failed picture fails the step, not the piece: the text is what was asked for.
    """
    from batches.processing.base import ProcessingError
    from batches.processing.openai_engine import image_with_openai

    step("image", lasting=True)
    headings = ", ".join(s["heading"] for s in article["sections"][:6] if s["heading"])
    prompt = (
        f"An illustration for the {item['kind']} “{article['title']}” about {item['keyword']} "
        f"({headings}), in a {item['tone']} style, without any text."
    )
    try:
        return image_with_openai(prompt, config), {"name": "image", "status": "done"}
    except ProcessingError as exc:
        return None, {"name": "image", "status": "failed", "reason": exc.message}
