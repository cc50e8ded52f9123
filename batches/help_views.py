"""The user guide inside the site: /batches/help/ renders docs/user-guide.md (offline: no link
out to a docs host), with its screenshots from docs/screenshots/."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from markdown_it import MarkdownIt

DOCS = Path(settings.BASE_DIR) / "docs"
GUIDE = DOCS / "user-guide.md"
SCREENSHOTS = DOCS / "screenshots"


def _anchor(renderer, tokens, index: int, options, env) -> str:
    """Headings get GitHub's ids ("## A new batch in three steps" → #a-new-batch-in-three-steps),
    so the help panels' links land on the same sections as on GitHub."""
    tokens[index].attrSet("id", slugify(tokens[index + 1].content))
    return renderer.renderToken(tokens, index, options, env)


@lru_cache(maxsize=4)
def guide_html(modified: float) -> str:
    """The guide as HTML (raw HTML in it is escaped); cached per version of the file."""
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    markdown.add_render_rule("heading_open", _anchor)
    # its pictures (screenshots/x.png) resolve to /batches/help/screenshots/x.png: guide_screenshot
    return markdown.render(GUIDE.read_text(encoding="utf-8"))


@login_required
def user_guide(request: HttpRequest) -> HttpResponse:
    html = guide_html(GUIDE.stat().st_mtime)
    # markdown-it escapes the raw HTML a guide might hold ("html": False): safe to mark
    return render(request, "batches/help.html", {"guide": mark_safe(html)})


@login_required
def guide_screenshot(request: HttpRequest, name: str) -> FileResponse:
    """One of docs/screenshots/'s pictures, by its plain file name only."""
    path = SCREENSHOTS / name
    if not re.fullmatch(r"[\w-]+\.png", name) or not path.is_file():
        raise Http404("No such screenshot.")
    return FileResponse(path.open("rb"), content_type="image/png")
