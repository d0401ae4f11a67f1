"""Library test data: small files made in memory, documents uploaded through the service."""

from __future__ import annotations

import io
import zipfile
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile

from library import services
from library.models import Document, DocumentKind, DocumentTag
from tests.factories import County


@cache
def pdf_bytes() -> bytes:
    """A one-page PDF (blank, 200×280 pt) made by pypdf: complete, so the content check accepts it."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=280)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def office_bytes(main_part: str = "word/document.xml") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
    return out.getvalue()


def upload(name: str = "培训记录.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if data is None else data)


def document(c: County, *, owner=None, title: str = "2025年礼仪培训记录", kind: str = DocumentKind.TRAINING,
             year_from: int | None = 2025, year_to: int | None = None, supersedes=None, data=None,
             name: str = "培训记录.pdf") -> Document:
    return services.upload_document(actor=c.director, owner=owner or c.centre, title=title, kind=kind,
                                    upload=upload(name, data), year_from=year_from, year_to=year_to,
                                    supersedes=supersedes, preview=b"")


def item_key(code: str = "baolin-centre", position: str = "5.2") -> str:
    """The stable key of an item of a published rubric version (position code in that version)."""
    from assessment.rubrics import rubric_of
    from library.keys import keys_of
    from tests.assessment.factories import published

    return keys_of(rubric_of(published(code)))[position]


def walk_object(kind: str, c: County) -> int:
    """One object of each kind in the county for the scope walk: a centre document, a tag on it."""
    found = Document.objects.filter(centre=c.centre).order_by("pk").first() or document(c)
    if kind == "document":
        return found.pk
    tag = DocumentTag.objects.filter(document=found).first() or services.tag_document(
        actor=c.director, document=found, subject=c.centre, item_key=item_key())
    if kind == "tag":
        return tag.pk
    raise KeyError(kind)
