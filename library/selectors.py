"""Reads of the library. Other apps (assessment, trainings, coverage) read documents and tags only through these.

A *subject* is a ``centers.ServiceCentre`` (its own documents and tags, not its stations'), a ``centers.Station``,
or for counts over an area a ``centers.Region`` (every centre and station under it).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, QuerySet

from centers.models import Region, ServiceCentre, Station
from library.models import Document, DocumentKind, DocumentTag


def _tag_filter(subject, prefix: str = "") -> Q:
    if isinstance(subject, Station):
        return Q(**{f"{prefix}station": subject})
    if isinstance(subject, ServiceCentre):
        return Q(**{f"{prefix}centre": subject, f"{prefix}station__isnull": True})
    if isinstance(subject, Region):
        return Q(**{f"{prefix}centre__region__path__startswith": subject.path})
    raise TypeError(f"not a library subject: {subject!r}")


def library_for(user) -> QuerySet[Document]:
    """Every document ``user`` may see (D14 and the built-in entries), for the list page."""
    return Document.objects.visible_to(user).select_related("centre", "station", "superseded_by")


def documents_of(subject) -> QuerySet[Document]:
    """The documents a centre or station owns (not the built-in entries)."""
    return Document.objects.filter(_tag_filter(subject))


def taggable_by(subject) -> QuerySet[Document]:
    """What a centre or station may tag: its own documents and the built-in entries."""
    return Document.objects.filter(_tag_filter(subject) | Q(centre__isnull=True))


def tags_for(subject, year: int | None = None) -> QuerySet[DocumentTag]:
    """The subject's tags (optionally only of documents valid in ``year``), with their documents, in one query."""
    tags = DocumentTag.objects.filter(_tag_filter(subject))
    if year is not None:
        tags = tags.filter(document__in=Document.objects.valid_in(year))
    return tags.select_related("document").order_by("item_key", "-document__issued_on", "document__pk")


def documents_for_item(subject, item_key: str, year: int) -> list[Document]:
    """The documents the subject tagged to one item, valid in ``year`` (newest first)."""
    return [tag.document for tag in tags_for(subject, year).filter(item_key=item_key)]


def documents_by_item(subject, year: int, item_keys=None) -> dict[str, list[Document]]:
    """item key → the documents tagged to it and valid in ``year``: one query for a whole evaluation form."""
    tags = tags_for(subject, year)
    if item_keys is not None:
        tags = tags.filter(item_key__in=list(item_keys))
    found: dict[str, list[Document]] = defaultdict(list)
    for tag in tags:
        found[tag.item_key].append(tag.document)
    return dict(found)


def document_counts(subject, *, rubric_code: str | None = None, year: int | None = None) -> dict[str, int]:
    """item key → how many distinct documents are tagged to it (by the subject, or under a region)."""
    tags = DocumentTag.objects.filter(_tag_filter(subject))
    if rubric_code is not None:
        tags = tags.filter(rubric_code=rubric_code)
    if year is not None:
        tags = tags.filter(document__in=Document.objects.valid_in(year))
    rows = tags.values("item_key").annotate(n=Count("document", distinct=True)).order_by()
    return {row["item_key"]: row["n"] for row in rows}


def tagged_item_keys(subject, *, rubric_code: str | None = None, year: int | None = None) -> set[str]:
    """The item keys with at least one tagged document (by the subject, or under a region)."""
    return set(document_counts(subject, rubric_code=rubric_code, year=year))


def training_records(subject, year: int | None = None) -> QuerySet[Document]:
    """A subject's 培训记录 documents (materials a training may link to), newest first."""
    documents = documents_of(subject).filter(kind=DocumentKind.TRAINING)
    return documents.valid_in(year) if year is not None else documents


def tags_of_document(user, document: Document) -> QuerySet[DocumentTag]:
    """The tags on one document that ``user`` may see (a built-in entry's tags: only those of the user's area)."""
    return DocumentTag.objects.visible_to(user).filter(document=document).select_related("centre", "station")


def versions_of(document: Document) -> list[Document]:
    """The chain of versions a document belongs to, newest first (a few rows: one query per step)."""
    newest = document
    while hasattr(newest, "superseded_by"):
        newest = newest.superseded_by
    chain = [newest]
    while chain[-1].supersedes_id:
        chain.append(chain[-1].supersedes)
    return chain if len(chain) > 1 else []
