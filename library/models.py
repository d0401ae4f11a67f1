"""The document library (资料库, issue #16): each centre's and station's documents, and the tags that make a document
evidence for a rubric item.

A document is immutable once uploaded: a corrected or newer version is a new document that ``supersedes`` the old
one, so an evaluation that saw a document keeps seeing exactly that file. Built-in entries (kind 上级文件, no owner,
no file) are the official texts the rubrics cite by name; every centre may tag them without uploading.

A tag joins a document to a rubric item by the item's stable key (``library.keys``), for one subject: the owner of
the document, or for a built-in entry the centre or station that tagged it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy

from core.attachments import OFFICE_TYPES, TYPES
from core.models import CentreScopedModel, SharedOrScopedModel, actor_field, unguessable_name
from core.scope import SharedOrScopedQuerySet


class DocumentKind(models.TextChoices):
    REGULATION = "regulation", gettext_lazy("制度")
    PLAN = "plan", gettext_lazy("工作方案")
    CONTINGENCY = "contingency", gettext_lazy("应急预案")
    MINUTES = "minutes", gettext_lazy("会议纪要")
    TRAINING = "training", gettext_lazy("培训记录")
    NOTICE_PHOTO = "photo", gettext_lazy("公示照片")
    LEDGER = "ledger", gettext_lazy("台账")
    OFFICIAL = "official", gettext_lazy("上级文件")
    OTHER = "other", gettext_lazy("其他")


# Stored types (those core.attachments recognises) and the extension a stored file gets; only PDF and images can be
# previewed in the page.
FILE_TYPES = {**TYPES, **OFFICE_TYPES}


def document_path(instance: Document, filename: str) -> str:
    """A safe, unguessable name; the extension comes from the detected type, never from the upload's name."""
    return unguessable_name("library", FILE_TYPES.get(instance.content_type, "bin"))


def preview_path(instance: Document, filename: str) -> str:
    return unguessable_name("library/previews", "png")


class DocumentQuerySet(SharedOrScopedQuerySet):
    def valid_in(self, year: int) -> DocumentQuerySet:
        """Documents that cover ``year`` and were not superseded by a document covering it."""
        return self.filter(
            (Q(year_from__isnull=True) | Q(year_from__lte=year)) & (Q(year_to__isnull=True) | Q(year_to__gte=year)),
            Q(superseded_by__isnull=True) | Q(superseded_by__year_from__gt=year),
        )


class Document(SharedOrScopedModel, CentreScopedModel):
    """One document of a centre (``station`` empty) or of one of its stations, or a built-in 上级文件 (no owner): D14
    for owned documents; the built-in entries are readable by every user with a scope."""

    centre = models.ForeignKey("centers.ServiceCentre", verbose_name=gettext_lazy("便民服务中心"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="documents")
    station = models.ForeignKey("centers.Station", verbose_name=gettext_lazy("便民服务站"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(gettext_lazy("标题"), max_length=200)
    kind = models.CharField(gettext_lazy("类别"), max_length=12, choices=DocumentKind.choices)
    issuer = models.CharField(gettext_lazy("发文单位"), max_length=100, blank=True)
    issued_on = models.DateField(gettext_lazy("发文日期"), null=True, blank=True)
    year_from = models.PositiveSmallIntegerField(gettext_lazy("适用起始年度"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(gettext_lazy("适用截止年度"), null=True, blank=True, help_text=gettext_lazy("空：长期有效"))
    file = models.FileField(gettext_lazy("文件"), upload_to=document_path, max_length=200, blank=True)
    original_name = models.CharField(gettext_lazy("原文件名"), max_length=200, blank=True)
    content_type = models.CharField(gettext_lazy("文件类型"), max_length=80, blank=True)
    size = models.PositiveIntegerField(gettext_lazy("大小（字节）"), default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    preview = models.FileField(gettext_lazy("预览图"), upload_to=preview_path, max_length=200, blank=True)
    supersedes = models.OneToOneField("self", verbose_name=gettext_lazy("替代"), null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by")
    builtin_key = models.SlugField(gettext_lazy("内置编号"), max_length=60, null=True, blank=True, unique=True, editable=False)
    citation = models.CharField(gettext_lazy("出处"), max_length=200, blank=True)
    uploaded_by = actor_field(gettext_lazy("上传人"))
    uploaded_at = models.DateTimeField(gettext_lazy("上传时间"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()
    shared_when_null = ("centre",)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(centre__isnull=False) | Q(station__isnull=True, kind="official", file=""),
                name="document_builtin_is_official_without_file",
                violation_error_message=gettext_lazy("没有所属单位的资料只能是不附文件的上级文件"),
            ),
            models.CheckConstraint(
                condition=Q(year_from__isnull=True) | Q(year_to__isnull=True) | Q(year_to__gte=models.F("year_from")),
                name="document_years_in_order",
                violation_error_message=gettext_lazy("适用截止年度不能早于起始年度"),
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "station", "kind"], name="document_owner_kind_idx"),
            models.Index(fields=["title"], name="document_title_idx"),
            models.Index(fields=["-issued_on", "-id"], name="document_recent_idx"),  # the list's order, paged
        ]
        verbose_name = gettext_lazy("资料")
        verbose_name_plural = gettext_lazy("资料库")

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self):
        """The centre or station the document belongs to, or None for a built-in entry."""
        return self.station or self.centre

    @property
    def is_builtin(self) -> bool:
        return self.centre_id is None

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def extension(self) -> str:
        return FILE_TYPES.get(self.content_type, "")

    @property
    def type_label(self) -> str:
        """What the file is, as users call it (PDF, 图片, Word, Excel)."""
        if self.is_image:
            return gettext("图片")
        return {"pdf": "PDF", "docx": "Word", "xlsx": "Excel"}.get(self.extension, "文件")

    @property
    def years_text(self) -> str:
        if self.year_from is None and self.year_to is None:
            return gettext("长期有效")
        if self.year_to is None:
            return gettext("%(year_from)s年起") % {"year_from": self.year_from}
        if self.year_from is None or self.year_from == self.year_to:
            return gettext("%(year_to)s年") % {"year_to": self.year_to}
        return gettext("%(year_from)s—%(year_to)s年") % {"year_from": self.year_from, "year_to": self.year_to}


class DocumentTag(CentreScopedModel):
    """A document offered as evidence for one rubric item (by stable key) by one subject: a centre (``station``
    empty) or one of its stations. A tag survives new rubric versions and new years; the year filter is the
    document's own validity."""

    document = models.ForeignKey(Document, verbose_name=gettext_lazy("资料"), on_delete=models.CASCADE, related_name="tags")
    centre = models.ForeignKey("centers.ServiceCentre", verbose_name=gettext_lazy("便民服务中心"), on_delete=models.CASCADE,
                               related_name="document_tags")
    station = models.ForeignKey("centers.Station", verbose_name=gettext_lazy("便民服务站"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="document_tags")
    item_key = models.CharField(gettext_lazy("评估项目"), max_length=200)
    rubric_code = models.CharField(gettext_lazy("考核细则"), max_length=40)
    tagged_by = actor_field(gettext_lazy("标注人"))
    tagged_at = models.DateTimeField(gettext_lazy("标注时间"), auto_now_add=True)

    class Meta:
        ordering = ["item_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "centre", "item_key"], condition=Q(station__isnull=True),
                                    name="document_tag_unique_centre",
                                    violation_error_message=gettext_lazy("这份资料已标注到该评估项目")),
            models.UniqueConstraint(fields=["document", "station", "item_key"], condition=Q(station__isnull=False),
                                    name="document_tag_unique_station",
                                    violation_error_message=gettext_lazy("这份资料已标注到该评估项目")),
        ]
        indexes = [
            models.Index(fields=["centre", "station", "item_key"], name="document_tag_subject_key_idx"),
            models.Index(fields=["rubric_code"], name="document_tag_rubric_idx"),
        ]
        verbose_name = verbose_name_plural = gettext_lazy("资料标注")

    def __str__(self) -> str:
        return f"{self.document} → {self.item_key}"

    @property
    def subject(self):
        return self.station or self.centre

    @property
    def label(self) -> str:
        """The item's official label, without the rubric code (the page names the rubric beside it)."""
        return self.item_key.partition(":")[2] or self.item_key
