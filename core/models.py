"""The audit trail: every score-changing action, with who, when, before and after; and the pieces the apps' models
share (the scoped base models, the link to the user who acted, a text field read one item per line, the stored name
of an upload)."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from core.scope import ScopedQuerySet, SharedOrScopedQuerySet


class ScopedModel(models.Model):
    """Abstract: a model fetched through ``objects.visible_to(user)`` (D14, ``core.scope``).

    A subclass names its ``scope_region_lookups``; staff see none of its rows unless it names a
    ``scope_staff_lookup``. A subclass may replace ``objects`` with a manager of a ``ScopedQuerySet`` subclass.
    """

    objects = ScopedQuerySet.as_manager()
    scope_region_lookups: tuple[str, ...]
    scope_staff_lookup: str | None = None

    class Meta:
        abstract = True


class CentreScopedModel(ScopedModel):
    """Abstract: a scoped model whose rows belong to one centre (its ``centre``), seen within that centre's region."""

    scope_region_lookups = ("centre__region__path",)

    class Meta:
        abstract = True


class SharedOrScopedModel(ScopedModel):
    """Abstract: a scoped model whose rows that belong to no one (``shared_when_null``: the lookups all empty, e.g.
    no centre) are shared reference data, kept by the admin and read by every user with a scope
    (``core.scope.SharedOrScopedQuerySet``). Combined with ``CentreScopedModel`` for a centre's rows."""

    objects = SharedOrScopedQuerySet.as_manager()
    shared_when_null: tuple[str, ...]

    class Meta:
        abstract = True

    @classmethod
    def shared_condition(cls) -> Q:
        return Q(**{f"{lookup}__isnull": True for lookup in cls.shared_when_null})


def actor_field(verbose_name, **options) -> models.ForeignKey:
    """The user who did something to a row (recorded, decided, published …): kept empty when that account is deleted,
    with no way back from the user. ``options`` override the defaults (``blank=False``: a form must name one)."""
    options = {"null": True, "blank": True, "on_delete": models.SET_NULL, "related_name": "+", **options}
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose_name, **options)


def exactly_one_of(first: str, second: str, *, name: str, message: str) -> models.CheckConstraint:
    """A check that exactly one of two nullable fields is set (a row of a centre or of a station, a rating at a window
    or at a station)."""
    return models.CheckConstraint(
        condition=Q(**{f"{first}__isnull": False, f"{second}__isnull": True})
        | Q(**{f"{first}__isnull": True, f"{second}__isnull": False}),
        name=name, violation_error_message=message,
    )


PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "webp")


def unguessable_name(folder: str, extension: str) -> str:
    """Where an upload is stored (an ``upload_to``'s answer): a random name under ``folder``, never the uploaded
    name."""
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def extension_of(filename: str, allowed, default: str) -> str:
    """The uploaded name's extension, in lower case, when it is one of ``allowed``; else ``default``."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return suffix if suffix in allowed else default


def lines_of(text: str) -> list[str]:
    """A text field kept one item a line (steps, zones, participants, materials): its non-empty lines, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class AuditEntry(models.Model):
    """One recorded action on one object. ``before``/``after`` are JSON snapshots of what the action changed.

    Written only through ``core.audit.record()``; never edited or deleted from the UI.
    """

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = actor_field("操作人", related_name="audit_entries")
    action = models.CharField("操作", max_length=64)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    summary = models.CharField("摘要", max_length=300, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    reason = models.TextField("理由", blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_target_idx")]
        verbose_name = verbose_name_plural = "操作记录"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"
