"""Articles and stories: topic rows, the builtin draft, the openai engine on 127.0.0.1, files."""

from __future__ import annotations

import io
import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from docx import Document as DocxDocument

from batches.processing import ProcessingError, get_processor
from batches.processing.convert.generate import topic_document, topic_rows
from tests.conftest import CORPUS

ARTICLES = CORPUS / "conversions" / "articles"
MANIFEST = json.loads((CORPUS / "conversions" / "manifest.json").read_text())["processors"]["bulk_articles"]


@pytest.mark.parametrize("expected", MANIFEST["files"], ids=lambda f: f["file"])
def test_a_topics_sheet_gives_one_row_per_topic(expected):
    name = expected["file"].split("/")[-1]
    rows = topic_rows((ARTICLES / name).read_bytes(), filename=name)
    assert len(rows) == expected["rows"]
    assert sum(int(r["word_count"]) for r in rows) == expected["total_words_requested"]
    assert all(r["keyword"] and r["tone"] in MANIFEST["columns"]["tone"] for r in rows)


def test_a_sheet_without_a_keyword_column_is_refused_clearly():
    with pytest.raises(ProcessingError) as error:
        topic_rows(b"colour,size\nred,1\n", filename="t.csv")
    assert "keyword or topic column" in error.value.message


def _generate(content: bytes, name: str, **options):
    return get_processor("generate").process(content, filename=name, options=options)


def test_the_builtin_draft_follows_the_row_and_says_it_is_a_draft():
    name, content = topic_document({"row": 3, "source_file": "t.csv", "keyword": "urban beekeeping",
                                    "tone": "humorous", "word_count": 900})  # fmt: skip
    steps = []
    result = _generate(content, name, formats="docx,md,txt", on_step=steps.append)
    assert result.data["keyword"] == "urban beekeeping" and result.data["tone"] == "humorous"
    assert 0.8 * 900 <= result.data["words"] <= 1.4 * 900
    assert result.data["draft"] and "not model prose" in result.data["notice"]
    assert steps == ["writing"]
    names = [o.name for o in result.outputs]
    assert [n.rsplit(".", 1)[1] for n in names] == ["docx", "md", "txt"] and names[0].startswith("003-")
    docx = DocxDocument(io.BytesIO(result.outputs[0].content))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Introduction" and headings[-1] == "Conclusion"
    assert docx.paragraphs[0].text == result.data["title"]
    markdown = result.outputs[1].content.decode()
    assert markdown.startswith(f"# {result.data['title']}") and "not model prose" in markdown


def test_a_text_file_becomes_a_story_with_image_prompts_and_audio_steps():
    text = b"The lighthouse keeper found a letter in a bottle. It was addressed to her, forty years late. She decided to answer it."
    steps = []
    result = _generate(text, "letter.txt", image_prompts="1", audio="1", on_step=steps.append)
    assert result.data["kind"] == "story"
    markdown = next(o for o in result.outputs if o.name.endswith(".md")).content.decode()
    assert "lighthouse keeper" in markdown and "## Image prompts" in markdown
    audio = [o for o in result.outputs if o.name.endswith(".wav")]
    step = next(s for s in result.meta["steps"] if s["name"] == "audio")
    if shutil.which("espeak-ng") or shutil.which("espeak"):
        assert step["status"] == "done" and audio[0].content[:4] == b"RIFF"
    else:
        assert (
            step == {"name": "audio", "status": "skipped", "reason": "espeak-ng is not installed"}
            and not audio
        )
    assert steps == ["writing", "image prompts", "audio"]


class _ChatServer:
    def __init__(self, reply: str) -> None:
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                outer.requests.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                body = json.dumps({"choices": [{"message": {"content": reply}}],
                                   "usage": {"prompt_tokens": 50, "completion_tokens": 400}}).encode()  # fmt: skip
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_the_openai_engine_writes_the_article_from_the_prompt_template():
    server = _ChatServer("# Bees in the City\n\n## Why now\n\nRooftops are buzzing.\n")
    try:
        name, content = topic_document(
            {"row": 1, "keyword": "urban beekeeping", "tone": "casual", "word_count": 500}
        )
        result = _generate(content, name, engine="openai", engine_config={"base_url": server.base_url},
                           prompt="Write {word_count} {tone} words about {keyword} in {language}.")  # fmt: skip
    finally:
        server.server.shutdown()
    assert (
        server.requests[0]["messages"][1]["content"] == "Write 500 casual words about urban beekeeping in en."
    )
    assert result.data["title"] == "Bees in the City" and not result.data["draft"]
    assert result.meta["tokens"] == {"prompt": 50, "completion": 400}


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"", "e.txt", "empty"), (b"\x00\x01binary", "b.bin", "binary"), (b"keyword\nx\n", "t.csv", "split into rows"),
])  # fmt: skip
def test_inputs_that_cannot_be_written_about_fail_clearly(content, name, message):
    with pytest.raises(ProcessingError) as error:
        _generate(content, name)
    assert message in error.value.message
