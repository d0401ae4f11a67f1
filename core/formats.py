"""The fixture formats as pages of the app, and a downloadable example fixture, for the upload pages (issue #13 item 9):
the Chinese guide for the admin (docs/rubrics.zh.md, docs/schemes.zh.md) first, then the full English reference
(docs/rubrics.md, docs/schemes.md). Markdown is rendered with Python-Markdown (tables, fenced code, heading anchors,
Chinese headings kept in them) once per process; the documents are the project's own files, not user input."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe

DOCS_DIR = Path(settings.BASE_DIR) / "docs"


@lru_cache(maxsize=8)
def rendered_doc(name: str) -> SafeString:
    import markdown
    from markdown.extensions.toc import slugify_unicode

    text = (DOCS_DIR / name).read_text(encoding="utf-8")
    html = markdown.markdown(text, extensions=["tables", "fenced_code", "toc", "sane_lists"], output_format="html",
                             extension_configs={"toc": {"slugify": slugify_unicode}})
    return mark_safe(html)  # noqa: S308 - the project's own documentation


def format_page(request: HttpRequest, *, guide: str, doc: str, title: str, example_url: str,
                back_url: str) -> HttpResponse:
    """``guide``, the Chinese guide, shown first; ``doc``, the English reference, below it (folded)."""
    return render(request, "core/format_page.html", {
        "guide_html": rendered_doc(guide), "doc_html": rendered_doc(doc), "title": title, "example_url": example_url,
        "back_url": back_url,
    })


def example_download(path: Path) -> FileResponse:
    response = FileResponse(path.open("rb"), as_attachment=True, filename=path.name,
                            content_type="application/x-yaml; charset=utf-8")
    return response
