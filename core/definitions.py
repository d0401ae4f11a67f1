"""Versioned definitions (D8): official rubrics and staff/window schemes uploaded as fixture files.

Both kinds share one lifecycle: a file is parsed and validated by the pure engine (``scoring.rubric`` or
``scoring.ledger``), stored as an unpublished version with its exact text, previewed, then published. A published
version's scoring content never changes; a changed file must carry a higher ``version``. Its provenance — citations
of the official document, transcription notes, comments (``scoring.rubric.canonical.PROVENANCE_KEYS``,
``scoring.ledger.loader.PROVENANCE_KEYS``) — is outside the content hash and may be corrected in place: loading the
same code+version with the same content hash but another file text replaces the stored text, audited. Whatever uses a definition keeps a foreign
key to the version it used, so a new version never changes a finished evaluation or period.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core import audit
from core.forms import UploadForm
from core.models import actor_field
from scoring.common import (
    FIXTURE_SUFFIXES,
    MAX_FIXTURE_BYTES,
    DefinitionError,
    Problem,
    describe_path,
    parse_fixture_text,
)


class PublishedDefinition(models.Model):
    """Abstract: one version of a definition file. ``source_text`` is the file as uploaded (UTF-8 YAML or JSON)."""

    code = models.SlugField("编码", max_length=60)
    version = models.PositiveIntegerField("版本")
    title = models.CharField("名称", max_length=200)
    source_text = models.TextField("文件内容")
    content_hash = models.CharField("内容摘要", max_length=64)  # of the scoring content, provenance left out
    source_name = models.CharField("来源文件", max_length=200, blank=True)
    uploaded_by = actor_field("上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["code", "-version"]

    def __str__(self) -> str:
        return f"{self.title}（{self.code} 第{self.version}版）"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


@dataclass(frozen=True)
class DefinitionKind:
    """How one kind of definition is parsed (pure engine) and which extra model fields it fills."""

    model: type[PublishedDefinition]
    noun: str  # "考核细则" / "计分方案"
    load: Callable[[Any], Any]  # parsed data → engine object; raises DefinitionError
    content_hash: Callable[[Any, Any], str]  # (data, parsed) → hash
    extra_fields: Callable[[Any], dict] = lambda parsed: {}
    top_keys: frozenset[str] = frozenset()  # the top-level keys its files may have (the engine's), to tell kinds apart
    upload_page: str = ""  # the URL name of its upload page

    def parse(self, text: str | bytes) -> tuple[Any, Any]:
        data = parse_fixture_text(text)
        if not isinstance(data, dict):
            raise DefinitionError([Problem("", f"{self.noun}文件的顶层应是一个映射（code、version、title …）")])
        other = self.other_kind(data)
        if other is not None:  # one clear sentence, not every top-level key of the other kind as 未知字段
            raise DefinitionError([Problem("", (
                f"这是{other.noun}文件，不是{self.noun}文件，未写入任何数据：请到「上传{other.noun}」页面"
                f"（{reverse(other.upload_page)}）上传"))])
        return data, self.load(data)

    def upload_form(self, *args, **kwargs) -> UploadForm:
        """The upload page's form: a YAML or JSON file (「考核细则文件…」「计分方案文件…」) within what the reader takes
        (``scoring.common.MAX_FIXTURE_BYTES``), refused before it is parsed otherwise."""
        return UploadForm(*args, suffixes=FIXTURE_SUFFIXES, max_bytes=MAX_FIXTURE_BYTES,
                          label=gettext("%(noun)s文件（YAML 或 JSON，UTF-8 编码）") % {"noun": self.noun}, **kwargs)

    def other_kind(self, data: dict) -> DefinitionKind | None:
        """The registered kind ``data`` is a file of, when it is not this one: it has top-level keys only that kind's
        files have, and none that only this kind's have (a file of this kind with a stray key is not mistaken)."""
        keys = set(data)
        for other in KINDS:
            if other is self or not other.upload_page:
                continue
            if keys & (other.top_keys - self.top_keys) and not keys & (self.top_keys - other.top_keys):
                return other
        return None

    def engine_object(self, obj: PublishedDefinition):
        """The engine's frozen object for a stored version (parsed once per process and content)."""
        return _cached_parse(self, obj.content_hash, obj.source_text)


# The kinds that exist, registered by their apps (``AppConfig.ready``): a file uploaded as one kind is recognised as
# another by its top-level keys.
KINDS: list[DefinitionKind] = []


def register(kind: DefinitionKind) -> None:
    if kind not in KINDS:
        KINDS.append(kind)


@lru_cache(maxsize=64)
def _cached_parse(kind: DefinitionKind, content_hash: str, source_text: str):
    return kind.parse(source_text)[1]


@dataclass
class ImportOutcome:
    obj: PublishedDefinition
    created: bool
    message: str


@dataclass(frozen=True)
class CheckOutcome:
    parsed: Any  # the engine object
    existing: PublishedDefinition | None  # the stored version with the same code, version and content, if any
    provenance_changed: bool = False  # ``existing`` holds another file text: loading would update it in place


@dataclass(frozen=True)
class ShownProblem:
    """A problem as the upload page shows it: where, in words (may be ""), and what."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}：{self.message}" if self.place else self.message


def shown_problems(problems: list[Problem], text: str | bytes) -> list[ShownProblem]:
    """Problems with their paths in words (``sections[0].items[1].points`` → 第1部分「组织领导」第2项·分值（points）),
    using the titles in the uploaded file when it can be parsed."""
    try:
        data = parse_fixture_text(text)
    except DefinitionError:
        data = None
    return [ShownProblem(describe_path(p.path, data), p.message) for p in problems]


def _decode(text: str | bytes) -> str:
    if isinstance(text, bytes):
        try:
            return text.decode("utf-8-sig")
        except UnicodeDecodeError:
            parse_fixture_text(text)  # raises the Chinese encoding message
    return text


def _stored_or_conflict(kind: DefinitionKind, parsed: Any, digest: str) -> PublishedDefinition | None:
    """The stored version with the same code+version and content; DefinitionError when its content differs."""
    existing = kind.model.objects.filter(code=parsed.code, version=parsed.version).first()
    if existing is not None and existing.content_hash != digest:
        raise DefinitionError([Problem("version", (
            f"{kind.noun}「{parsed.code}」第 {parsed.version} 版已存在且内容不同；"
            f"修改内容后请把 version 改为 {_next_version(kind, parsed.code)}"))])
    return existing


def _new_version(kind: DefinitionKind, parsed: Any, text: str, digest: str, source_name: str, actor=None):
    return kind.model(
        code=parsed.code, version=parsed.version, title=parsed.title, source_text=text, content_hash=digest,
        source_name=source_name[:200], uploaded_by=actor if actor is not None and actor.is_authenticated else None,
        **kind.extra_fields(parsed),
    )


def check_definition(kind: DefinitionKind, text: str | bytes, *, source_name: str = "") -> CheckOutcome:
    """Every check that ``import_definition`` makes, read-only (``load_rubric --check``, ``load_scheme --check``):
    the engine's validation; the same code+version stored with other content; the model's own checks (field lengths)
    on the version that would be created. Only SELECT queries. Raises ``DefinitionError`` or ``ValidationError``
    exactly as the load would."""
    text = _decode(text)
    data, parsed = kind.parse(text)
    digest = kind.content_hash(data, parsed)
    existing = _stored_or_conflict(kind, parsed, digest)
    if existing is None:
        _new_version(kind, parsed, text, digest, source_name).full_clean()
    return CheckOutcome(parsed, existing, existing is not None and existing.source_text != text)


@transaction.atomic
def import_definition(kind: DefinitionKind, text: str | bytes, *, source_name: str = "", actor=None,
                      publish: bool = False, via: str = "") -> ImportOutcome:
    """Validate a file and store it as a version. Same code+version+content → the existing version: unchanged when
    the file text is the same, else its text replaced (provenance corrected, audited; ``via`` names the command).
    Same code+version with other content → DefinitionError (raise the version). Nothing is written on error."""
    text = _decode(text)
    data, parsed = kind.parse(text)
    digest = kind.content_hash(data, parsed)
    existing = _stored_or_conflict(kind, parsed, digest)
    if existing is not None:
        existing = kind.model.objects.select_for_update().get(pk=existing.pk)
        if existing.source_text != text:
            _replace_text(kind, existing, text, source_name, actor=actor, via=via)
            message = f"{existing.title}（{existing.code}）：第 {existing.version} 版出处说明已更新，计分内容未变"
        else:
            message = f"{existing}：已存在，内容相同，未改动"
        if publish and not existing.is_published:
            publish_definition(kind, existing, actor=actor)
        return ImportOutcome(existing, False, message)
    obj = _new_version(kind, parsed, text, digest, source_name, actor)
    obj.full_clean()
    obj.save()
    audit.record(actor=actor, action=f"上传{kind.noun}", target=obj, after={"code": obj.code, "version": obj.version,
                 "hash": digest}, summary=str(obj))
    if publish:
        publish_definition(kind, obj, actor=actor)
    return ImportOutcome(obj, True, f"{obj}：已载入" + ("并发布" if publish else "（未发布）"))


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _replace_text(kind: DefinitionKind, obj: PublishedDefinition, text: str, source_name: str, *, actor=None,
                  via: str = "") -> None:
    """Store a new file text of the same scoring content (its citations, notes or comments corrected), audited with
    the hashes of the old and new text. The content hash and every field derived from the content stay as they are."""
    before = {"text_hash": _text_hash(obj.source_text), "source_name": obj.source_name}
    obj.source_text = text
    if source_name:
        obj.source_name = source_name[:200]
    obj.save(update_fields=["source_text", "source_name"])
    audit.record(actor=actor, action=f"更新{kind.noun}出处说明", target=obj, before=before,
                 after={"text_hash": _text_hash(text), "source_name": obj.source_name},
                 summary=f"{obj}：计分内容未变，出处说明已更新", reason=via)


def _next_version(kind: DefinitionKind, code: str) -> int:
    latest = kind.model.objects.filter(code=code).order_by("-version").values_list("version", flat=True).first()
    return (latest or 0) + 1


@transaction.atomic
def publish_definition(kind: DefinitionKind, obj: PublishedDefinition, *, actor=None) -> PublishedDefinition:
    if obj.is_published:
        return obj
    obj.published_at = timezone.now()
    obj.save(update_fields=["published_at"])
    audit.record(actor=actor, action=f"发布{kind.noun}", target=obj, before={"published": False},
                 after={"published": True}, summary=str(obj))
    return obj


def latest_published(kind: DefinitionKind, code: str) -> PublishedDefinition | None:
    return kind.model.objects.filter(code=code, published_at__isnull=False).order_by("-version").first()


def fixture_files(folder: str) -> list[Path]:
    """The definition files (YAML or JSON) of ``fixtures/<folder>/``, by name."""
    directory = Path(settings.FIXTURES_DIR) / folder
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in FIXTURE_SUFFIXES)


def load_fixture_folder(kind: DefinitionKind, folder: str, stdout, line: str) -> None:
    """The ``manage.py load_fixtures`` step of one kind: load and publish every file of ``fixtures/<folder>/`` (an
    unchanged one is skipped), writing ``line`` (a format with ``{name}``, the file, and ``{message}``, the outcome)
    for each. A file's problems are raised with its name, as the command shows them one a line."""
    for path in fixture_files(folder):
        try:
            outcome = import_definition(kind, path.read_bytes(), source_name=path.name, publish=True,
                                        via="manage.py load_fixtures")
        except DefinitionError as exc:
            raise DefinitionError([Problem(f"fixtures/{folder}/{path.name}", str(p)) for p in exc.problems]) from exc
        stdout.write(line.format(name=path.name, message=outcome.message))
