"""Writes of the library: upload (checked by content, stored under a random name, never changed afterwards),
supersede, tag and untag, remove; each audited (``core.audit``) with who, when, before and after.

Who may write: the director of the centre (for the centre and its stations) and the admin — the services check it
again, whatever the page offered. Inspectors read.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext

from centers.models import Station
from core import attachments, audit
from core.access import user_role
from core.roles import MANAGERS
from core.scope import scope_of
from library import catalogue, keys, previews
from library.models import Document, DocumentKind, DocumentTag


def max_bytes() -> int:
    return attachments.max_bytes()


def _centre_of(subject):
    return subject.centre if isinstance(subject, Station) else subject


def may_manage(user, subject) -> bool:
    """Whether ``user`` may add to or tag for a centre or station: the admin, or the director of its centre."""
    role = user_role(user)
    if role not in MANAGERS or subject is None:
        return False
    if scope_of(user).everything:
        return True
    return role == "director" and user.centre_id == _centre_of(subject).pk


def may_upload(user) -> bool:
    """Whether ``user`` may add documents anywhere (without listing where): the admin, a director of a centre."""
    role = user_role(user)
    return scope_of(user).everything or (role == "director" and bool(user.centre_id))


def _require_manager(user, subject) -> None:
    if not may_manage(user, subject):
        raise ValidationError(gettext("只有本中心的主任或管理员可以修改资料库"))


def _years(year_from, year_to) -> None:
    if year_from is not None and year_to is not None and year_to < year_from:
        raise ValidationError({"year_to": gettext("适用截止年度不能早于起始年度")})


def _snapshot(document: Document) -> dict:
    return {"title": document.title, "kind": document.kind, "issuer": document.issuer,
            "issued_on": document.issued_on, "years": document.years_text, "file": document.original_name,
            "type": document.content_type, "size": document.size, "sha256": document.sha256,
            "owner": str(document.owner or "内置"), "supersedes": document.supersedes_id}


@transaction.atomic
def upload_document(*, actor, owner, title: str, kind: str, upload, issuer: str = "", issued_on=None,
                    year_from: int | None = None, year_to: int | None = None,
                    supersedes: Document | None = None, preview: bytes | None = None) -> Document:
    """Store a new document of a centre or station. The file is checked by content (PDF, images, .docx, .xlsx),
    size-limited and stored under a random name; a PDF or image gets a thumbnail. ``supersedes`` (a document of
    the same owner not yet superseded) is replaced by this one from ``year_from`` on. Nothing is written on a
    refusal. ``preview`` lets the demo seeder hand over a thumbnail it already rendered."""
    _require_manager(actor, owner)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": gettext("请填写标题")})
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": gettext("请选择资料类别")})
    _years(year_from, year_to)
    centre, station = _centre_of(owner), owner if isinstance(owner, Station) else None
    if supersedes is not None:
        supersedes = Document.objects.select_for_update().get(pk=supersedes.pk)
        if supersedes.centre_id != centre.pk or supersedes.station_id != (station.pk if station else None):
            raise ValidationError({"supersedes": gettext("只能替代本单位的资料")})
        if Document.objects.filter(supersedes=supersedes).exists():
            raise ValidationError({"supersedes": gettext("这份资料已被新版本替代")})
    checked = attachments.check_upload(upload, default_name=title[:40] or "资料", limit=max_bytes(), office=True)
    document = Document(centre=centre, station=station, title=title[:200], kind=kind, issuer=(issuer or "")[:100],
                        issued_on=issued_on, year_from=year_from, year_to=year_to, supersedes=supersedes,
                        original_name=checked.name, content_type=checked.content_type, size=len(checked.data),
                        sha256=hashlib.sha256(checked.data).hexdigest(), uploaded_by=actor)
    document.full_clean(exclude=["file", "preview", "supersedes"])
    document.file.save("upload", ContentFile(checked.data), save=False)
    thumb = preview if preview is not None else previews.thumbnail(checked.data, checked.content_type)
    if thumb:
        document.preview.save("preview.png", ContentFile(thumb), save=False)
    document.save()
    if supersedes is not None:
        for tag in supersedes.tags.all():  # a new version carries the old one's tags
            DocumentTag.objects.get_or_create(document=document, centre=tag.centre, station=tag.station,
                                              item_key=tag.item_key, defaults={"rubric_code": tag.rubric_code,
                                                                               "tagged_by": actor})
    audit.record(actor=actor, action="上传资料", target=document, after=_snapshot(document),
                 summary=f"{document.owner} {document.title}")
    if supersedes is not None:
        audit.record(actor=actor, action="替代资料", target=supersedes, before={"superseded_by": None},
                     after={"superseded_by": document.pk, "title": document.title}, summary=supersedes.title)
    return document


def _check_tag_subject(document: Document, subject) -> None:
    if document.is_builtin:
        return
    if document.owner != subject:
        raise ValidationError({"subject": gettext("只能把本单位的资料或内置的上级文件作为佐证")})


@transaction.atomic
def tag_document(*, actor, document: Document, subject, item_key: str) -> DocumentTag:
    """Offer ``document`` as evidence for one rubric item (by stable key) of a centre or station."""
    return tag_documents(actor=actor, subject=subject, pairs=[(document, item_key)])[0]


@transaction.atomic
def tag_documents(*, actor, subject, pairs) -> list[DocumentTag]:
    """Tag several (document, item key) pairs of one centre or station: the rubric items are read once."""
    _require_manager(actor, subject)
    choices = {choice.key: choice for choice in catalogue.items_for(subject)}
    station = subject if isinstance(subject, Station) else None
    tags = []
    for document, item_key in pairs:
        _check_tag_subject(document, subject)
        choice = choices.get(item_key or "")
        if choice is None:
            raise ValidationError({"item_key": gettext("请选择考核细则中的评估项目")})
        try:
            with transaction.atomic():
                tag = DocumentTag.objects.create(document=document, centre=_centre_of(subject), station=station,
                                                 item_key=choice.key, rubric_code=keys.rubric_code_of(choice.key),
                                                 tagged_by=actor)
        except IntegrityError:
            raise ValidationError({"item_key": gettext("这份资料已标注到该评估项目")}) from None
        audit.record(actor=actor, action="标注资料", target=document, before=None,
                     after={"item": choice.key, "subject": str(subject)},
                     summary=f"{document.title} → {choice.label}")
        tags.append(tag)
    return tags


@transaction.atomic
def untag(*, actor, tag: DocumentTag) -> None:
    _require_manager(actor, tag.subject)
    document = tag.document
    before = {"item": tag.item_key, "subject": str(tag.subject)}
    tag.delete()
    audit.record(actor=actor, action="取消标注", target=document, before=before, after=None,
                 summary=f"{document.title} ✕ {before['item']}")


def removal_refusal(document: Document) -> str | None:
    """Why ``document`` cannot be deleted, or None: a built-in entry, an old version a newer one replaces, and one an
    evaluation keeps (it saw it as evidence) all stay. The detail page shows this instead of the delete button."""
    if document.is_builtin:
        return gettext("内置的上级文件不能删除")
    if Document.objects.filter(supersedes=document).exists():
        return gettext("这份资料已被新版本替代，作为历史版本保留，不能删除")
    if document.evaluations_seen.exists():
        return _cited()
    return None


def _cited() -> str:
    return gettext("这份资料已被考核评分引用，不能删除；如需更正，请上传新版本替代")


@transaction.atomic
def remove_document(*, actor, document: Document) -> None:
    """Delete a document that ``removal_refusal`` lets go; its files go after the commit."""
    if document.is_builtin:
        raise ValidationError(removal_refusal(document))
    _require_manager(actor, document.owner)
    document = Document.objects.select_for_update().get(pk=document.pk)
    refusal = removal_refusal(document)
    if refusal:
        raise ValidationError(refusal)
    before = _snapshot(document)
    names = [document.file.name, document.preview.name]
    storage = document.file.storage
    audit.record(actor=actor, action="删除资料", target=document, before=before, after=None, summary=before["title"])
    try:
        with transaction.atomic():
            document.delete()
    except ProtectedError:  # cited by a request that ran between the check and the delete
        raise ValidationError(_cited()) from None
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


def ensure_builtins() -> int:
    """Create or update the built-in 上级文件 entries (``references.OFFICIAL_TEXTS``); returns how many exist.
    Reference data like the rubrics: loaded by ``manage.py load_fixtures``, not audited."""
    from library.references import OFFICIAL_TEXTS

    for text in OFFICIAL_TEXTS:
        title = f"{text.title}（{text.number}）" if text.number else text.title
        Document.objects.update_or_create(
            builtin_key=text.key,
            defaults={"title": title[:200], "kind": DocumentKind.OFFICIAL, "issuer": text.issuer,
                      "year_from": text.year, "citation": text.cited_by[:200]})
    return len(OFFICIAL_TEXTS)
