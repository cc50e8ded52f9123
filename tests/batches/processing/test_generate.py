"""Articles and stories: topic rows, the builtin draft, the openai engine on 127.0.0.1, files."""

from __future__ import annotations

import base64
import io
import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import requests
from docx import Document as DocxDocument
from jsonschema import Draft202012Validator

from batches.processing import ProcessingError, get_processor, openai_engine
from batches.processing.convert.generate import topic_document, topic_rows
from batches.processing.convert.writing import OUTLINE_SCHEMA
from tests.batches.processing.strict_schema import strict_schema_problems
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


class _Steps(list):
    """A processor's step reporter that remembers the steps, and which it said would last."""

    def __init__(self) -> None:
        super().__init__()
        self.lasting: list[str] = []

    def __call__(self, step: str, *, lasting: bool = False) -> None:
        self.append(step)
        if lasting:
            self.lasting.append(step)


def test_a_sheet_without_a_keyword_column_is_refused_clearly():
    with pytest.raises(ProcessingError) as error:
        topic_rows(b"colour,size\nred,1\n", filename="t.csv")
    assert "keyword or topic column" in error.value.message


def _generate(content: bytes, name: str, **options):
    return get_processor("generate").process(content, filename=name, options=options)


def test_the_builtin_draft_follows_the_row_and_says_it_is_a_draft():
    name, content = topic_document(
        {
            "row": 3,
            "source_file": "t.csv",
            "keyword": "urban beekeeping",
            "tone": "humorous",
            "word_count": 900,
        }
    )
    steps = _Steps()
    result = _generate(content, name, formats="docx,md,txt", on_step=steps)
    assert result.data["keyword"] == "urban beekeeping" and result.data["tone"] == "humorous"
    assert 0.8 * 900 <= result.data["words"] <= 1.4 * 900
    assert result.data["draft"] and result.data["notice"].startswith("An outline for a person to fill in")
    assert steps == ["writing"]
    names = [o.name for o in result.outputs if not o.intermediate]
    assert [n.rsplit(".", 1)[1] for n in names] == ["docx", "md", "txt"] and names[0].startswith("003-")
    piece = result.outputs[-1]  # kept for an export in other formats, not handed out
    assert piece.intermediate and piece.name == names[0].replace(".docx", ".article.json")
    docx = DocxDocument(io.BytesIO(result.outputs[0].content))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Introduction" and headings[-1] == "Conclusion"
    assert docx.paragraphs[0].text == result.data["title"]
    markdown = result.outputs[1].content.decode()
    assert (
        markdown.startswith(f"# {result.data['title']}") and "An outline for a person to fill in" in markdown
    )


def test_a_text_file_becomes_a_story_with_image_prompts_and_audio_steps():
    text = (
        b"The lighthouse keeper found a letter in a bottle. It was addressed to her, forty years "
        b"late. She decided to answer it."
    )
    steps = _Steps()
    result = _generate(text, "letter.txt", image_prompts="1", audio="1", on_step=steps)
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
    assert steps.lasting == ["audio"]  # saved on the document as it starts (speech takes seconds)


def _jpeg(colour: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format="JPEG")  # a JPEG: stored as PNG all the same
    return buffer.getvalue()


def test_a_story_is_read_aloud_in_the_chosen_voice():
    text = b"The lighthouse keeper found a letter in a bottle. It was addressed to her, forty years late."
    default = _generate(text, "letter.txt", audio="1")
    female = _generate(text, "letter.txt", audio="1", voice="f3")
    unknown = _generate(text, "letter.txt", audio="1", voice="../../etc")
    wav = [next(o.content for o in r.outputs if o.name.endswith(".wav")) for r in (default, female, unknown)]
    assert all(w[:4] == b"RIFF" and len(w) > 10_000 for w in wav)
    assert wav[1] != wav[0]  # another voice, another sound
    assert wav[2] == wav[0]  # a voice not on the list is the default one, never a path
    assert {"name": "audio", "status": "done"} in female.meta["steps"]


def test_the_wizard_says_when_audio_is_not_available(monkeypatch):
    from batches import processor_forms

    assert not processor_forms.GenerateForm().fields["audio"].disabled  # espeak-ng is installed here
    monkeypatch.setattr(processor_forms, "speech_available", lambda: False)
    form = processor_forms.GenerateForm()
    for name in ("audio", "voice"):
        assert form.fields[name].disabled
        assert form.fields[name].help_text == "Not available: espeak-ng is not installed on this server."
    assert "espeak-ng is not installed on this server" in str(form["audio"].help_text)


class _WriterServer:
    """Answers the outline request (it carries a schema) with ``outline``, each section with text,
    and the images endpoint with ``image`` (the body of its answer)."""

    def __init__(self, outline: dict, image: dict | None = None) -> None:
        self.requests: list[dict] = []
        self.image_requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path.endswith("/images/generations"):
                    outer.image_requests.append(request)
                    self._answer(image or {})
                    return
                outer.requests.append(request)
                number = len(outer.requests) - 1
                reply = (
                    json.dumps(outline)
                    if "response_format" in request
                    else f"Paragraph one of section {number}.\n\nParagraph two of section {number}."
                )
                self._answer(
                    {
                        "choices": [{"message": {"content": reply}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 50, "completion_tokens": 100},
                    }
                )

            def _answer(self, payload: dict) -> None:
                body = json.dumps(payload).encode()
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


OUTLINE = {
    "title": "Bees in the City",
    "sections": [
        {"heading": "Why rooftops", "points": ["space", "forage"]},
        {"heading": "First hive", "points": ["permits", "kit"]},
        {"heading": "Neighbours", "points": ["swarms", "honey gifts"]},
    ],
}


def test_the_openai_engine_plans_an_outline_then_writes_each_section_with_it():
    server = _WriterServer(OUTLINE)
    steps = _Steps()
    try:
        name, content = topic_document(
            {"row": 1, "keyword": "urban beekeeping", "tone": "casual", "word_count": 600}
        )
        result = _generate(
            content,
            name,
            engine="openai",
            engine_config={"base_url": server.base_url},
            prompt="Mention {keyword} laws in {language}.",
            on_step=steps,
        )
    finally:
        server.server.shutdown()
    outline_request, *section_requests = server.requests
    schema = outline_request["response_format"]["json_schema"]["schema"]
    assert strict_schema_problems(schema) == []
    asked = outline_request["messages"][1]["content"]
    assert "casual article of about 600 words" in asked and "3 sections" in asked
    assert "Follow these instructions: Mention urban beekeeping laws in en." in asked
    # one request per section, each with the whole outline, the end of the one before, a token bound
    assert len(section_requests) == 3
    for number, request in enumerate(section_requests, start=1):
        text = request["messages"][1]["content"]
        assert "1. Why rooftops: space; forage\n2. First hive: permits; kit\n3. Neighbours" in text
        assert (
            f"Write section {number}, “{OUTLINE['sections'][number - 1]['heading']}”, in about 200 words"
            in text
        )
        assert request["max_tokens"] == 400
        assert ("The section before it ended: “…Paragraph two of section " in text) == (number > 1)
    assert steps == ["writing", "outline", "section 1 of 3", "section 2 of 3", "section 3 of 3"]
    assert steps.lasting == ["outline", "section 1 of 3", "section 2 of 3", "section 3 of 3"]
    assert result.data["title"] == "Bees in the City" and not result.data["draft"]
    assert result.meta["tokens"] == {"prompt": 200, "completion": 400}
    docx = DocxDocument(io.BytesIO(result.outputs[0].content))
    assert [p.text for p in docx.paragraphs if p.style.name == "Heading 1"] == [
        "Why rooftops",
        "First hive",
        "Neighbours",
    ]
    assert "Paragraph two of section 3." in [p.text for p in docx.paragraphs]


def test_a_cover_picture_from_the_images_endpoint_is_stored_as_png_and_placed_in_the_docx():
    image = {"data": [{"b64_json": base64.b64encode(_jpeg("teal")).decode()}]}
    server = _WriterServer(OUTLINE, image)
    try:
        name, content = topic_document({"row": 4, "keyword": "urban beekeeping", "word_count": 400})
        result = _generate(
            content,
            name,
            engine="openai",
            formats="docx,md",
            engine_config={"base_url": server.base_url, "image_model": "pictures-1", "image_size": "512x512"},
        )
    finally:
        server.server.shutdown()
    (asked,) = server.image_requests
    assert (asked["model"], asked["size"], asked["response_format"]) == ("pictures-1", "512x512", "b64_json")
    assert "“Bees in the City”" in asked["prompt"] and "Why rooftops" in asked["prompt"]
    png, docx_file, markdown, _piece = result.outputs
    assert png.name == "004-bees-in-the-city.png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    docx = DocxDocument(io.BytesIO(docx_file.content))
    assert len(docx.inline_shapes) == 1
    assert "![Bees in the City](004-bees-in-the-city.png)" in markdown.content.decode()
    assert {"name": "image", "status": "done"} in result.meta["steps"]


def test_an_images_endpoint_that_answers_a_url_fails_the_picture_not_the_article():
    server = _WriterServer(OUTLINE, {"data": [{"url": "http://203.0.113.9/cover.png"}]})
    try:
        name, content = topic_document({"row": 5, "keyword": "urban beekeeping", "word_count": 400})
        result = _generate(
            content,
            name,
            engine="openai",
            formats="docx",
            engine_config={"base_url": server.base_url, "image_model": "pictures-1"},
        )
    finally:
        server.server.shutdown()
    assert [o.name.rsplit(".", 1)[1] for o in result.outputs if not o.intermediate] == ["docx"]
    assert {
        "name": "image",
        "status": "failed",
        "reason": "The images endpoint gave no base64 image (b64_json).",
    } in result.meta["steps"]


def test_a_spent_token_budget_writes_the_builtin_outline_and_says_why():
    server = _WriterServer(OUTLINE)
    try:
        name, content = topic_document({"row": 1, "keyword": "urban beekeeping", "word_count": 300})
        result = _generate(
            content, name, engine="openai", engine_config={"base_url": server.base_url, "tokens_left": 0}
        )
    finally:
        server.server.shutdown()
    assert server.requests == []
    assert result.data["draft"] and result.data["notice"].startswith(
        "The plan's monthly token budget is used up, so the model was not asked. An outline for a person"
    )
    assert result.meta["tokens"] == {"prompt": 0, "completion": 0}


@pytest.mark.integration
def test_an_article_through_the_real_llama_server_gives_docx_and_markdown(llama_server, monkeypatch):
    exchanges = []
    post = requests.post

    def recording(url, json=None, **kwargs):
        response = post(url, json=json, **kwargs)
        exchanges.append((json, response.json() if response.status_code == 200 else None))
        return response

    monkeypatch.setattr(openai_engine.requests, "post", recording)
    name, content = topic_document(
        {"row": 2, "keyword": "tidal power", "tone": "technical", "word_count": 150}
    )
    result = _generate(content, name, engine="openai", engine_config=llama_server.config(), formats="docx,md")
    answered = [(request, reply) for request, reply in exchanges if reply is not None]
    (outline_request, outline_reply), *sections = answered
    # the outline came back in its schema (the server's grammar), whatever the random weights say
    assert "response_format" in outline_request
    outline = json.loads(outline_reply["choices"][0]["message"]["content"])
    Draft202012Validator(OUTLINE_SCHEMA).validate(outline)
    # each section was bounded by its share of the words, and the server kept to it
    assert len(sections) == result.data["sections"] >= 1
    for request, reply in sections:
        assert "response_format" not in request
        assert (
            reply["usage"]["completion_tokens"] <= request["max_tokens"] == max(150 // len(sections), 40) * 2
        )
    assert [o.name.rsplit(".", 1)[1] for o in result.outputs if not o.intermediate] == ["docx", "md"]
    docx = DocxDocument(io.BytesIO(result.outputs[0].content))
    assert docx.paragraphs[0].text == result.data["title"] and not result.data["draft"]
    used = [reply["usage"] for _request, reply in answered]
    assert result.meta["tokens"] == {
        "prompt": sum(u["prompt_tokens"] for u in used),
        "completion": sum(u["completion_tokens"] for u in used),
    }


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "e.txt", "empty"),
        (b"\x00\x01binary", "b.bin", "binary"),
        (b"keyword\nx\n", "t.csv", "split into rows"),
    ],
)
def test_inputs_that_cannot_be_written_about_fail_clearly(content, name, message):
    with pytest.raises(ProcessingError) as error:
        _generate(content, name)
    assert message in error.value.message


class _PicturesBesideLlama:
    """The real llama.cpp server for text, with an images endpoint beside it: no image model can
    run here, so ``/images/generations`` is answered with a picture; every chat request is passed
    to llama.cpp unchanged and its reply returned as it came."""

    def __init__(self, llama_base_url: str, picture: bytes) -> None:
        self.image_requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.path.endswith("/images/generations"):
                    outer.image_requests.append(json.loads(body))
                    encoded = base64.b64encode(picture).decode()
                    self._answer(200, json.dumps({"data": [{"b64_json": encoded}]}))
                    return
                reply = requests.post(
                    llama_base_url + self.path.removeprefix("/v1"),
                    data=body,
                    headers={"Content-Type": "application/json"},
                    timeout=120,
                )
                self._answer(reply.status_code, reply.text)

            def _answer(self, status: int, text: str) -> None:
                payload = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.mark.integration
def test_an_article_from_the_real_llama_server_gives_docx_with_its_picture_and_markdown(llama_server):
    front = _PicturesBesideLlama(llama_server.base_url, _jpeg("teal"))
    try:
        name, content = topic_document({"row": 3, "keyword": "tidal power", "word_count": 120})
        config = llama_server.config(base_url=front.base_url, image_model="pictures-1", image_size="512x512")
        result = _generate(content, name, engine="openai", engine_config=config, formats="docx,md")
    finally:
        front.server.shutdown()
    # the text is the model's (tokens counted), the picture the images endpoint's
    assert not result.data["draft"] and result.meta["tokens"]["completion"] > 0
    (asked,) = front.image_requests
    assert asked["model"] == "pictures-1" and result.data["title"] in asked["prompt"]
    png, docx_file, markdown = [o for o in result.outputs if not o.intermediate]
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    docx = DocxDocument(io.BytesIO(docx_file.content))
    assert docx.paragraphs[0].text == result.data["title"] and len(docx.inline_shapes) == 1
    assert f"]({png.name})" in markdown.content.decode()
