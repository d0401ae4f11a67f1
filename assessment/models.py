"""Rubric versions (D8), evaluations against them, evidence, guidance records (附件7) and rectification items."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from core.attachments import TYPES
from core.definitions import PublishedDefinition
from core.models import CentreScopedModel, ScopedModel, actor_field, lines_of, unguessable_name


class SubjectKind(models.TextChoices):
    CENTRE = "centre", "便民服务中心"
    STATION = "station", "便民服务站"
    WINDOW = "window", "窗口"
    DEPARTMENT = "department", "县级部门"
    TOWNSHIP = "township", "乡镇（街道）"


class RubricVersion(PublishedDefinition):
    """One version of an official rubric (考核细则), stored as the fixture text it was loaded from.

    ``scoring.rubric.load_rubric`` turns it into the engine's frozen types (``assessment.rubrics.RUBRICS``). A
    version never changes once published; an evaluation keeps the version it was made with (D8).
    """

    subjects = models.CharField("考核对象", max_length=100, help_text=gettext_lazy("逗号分隔：centre, station, window …"))
    max_total = models.DecimalField("满分", max_digits=7, decimal_places=2)

    class Meta(PublishedDefinition.Meta):
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="rubric_code_version_unique",
                                    violation_error_message="该考核细则的这个版本已存在"),
        ]
        verbose_name = verbose_name_plural = "考核细则版本"

    @property
    def subject_labels(self) -> str:
        labels = dict(SubjectKind.choices)
        return "、".join(labels.get(s, s) for s in self.subjects.split(","))


# ------------------------------------------------------------------------------------------------ evaluations


class EvaluationKind(models.TextChoices):
    """自查 by the centre's director; 验收 / 抽查 / 暗访 by an inspector of the county (剑阁细则、咸阳细则、成都细则: 自查, then 抽查)."""

    SELF = "self", "自查"
    ACCEPTANCE = "acceptance", "验收"
    SPOT = "spot", "抽查"
    UNANNOUNCED = "unannounced", "暗访"


INSPECTION_KINDS = (EvaluationKind.ACCEPTANCE, EvaluationKind.SPOT, EvaluationKind.UNANNOUNCED)


class EvaluationState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    FINALISED = "finalised", "已定稿"


class EvaluationSubject(models.TextChoices):
    CENTRE = "centre", "便民服务中心"
    STATION = "station", "便民服务站"
    WINDOW = "window", "窗口"


class Evaluation(CentreScopedModel):
    """One filled rubric for one subject (a centre, one of its stations or one of its windows) and one year.

    ``answers`` is exactly the engine's answer sheet (docs/rubrics.md §7.2, stored through ``assessment.answers``);
    the totals are computed by the engine from the pinned ``rubric`` version (D8) whenever the answers are saved.
    ``centre`` is always the owning centre (scope, D14); ``station`` or ``window`` narrows the subject.
    ``revision`` rises with every save: a save carrying an older revision is refused (optimistic locking).
    """

    rubric = models.ForeignKey(RubricVersion, verbose_name="考核细则版本", on_delete=models.PROTECT,
                               related_name="evaluations")
    kind = models.CharField("考核类型", max_length=12, choices=EvaluationKind.choices)
    period = models.PositiveSmallIntegerField("考核年度")
    subject_kind = models.CharField("考核对象类型", max_length=10, choices=EvaluationSubject.choices)
    centre = models.ForeignKey("centers.ServiceCentre", verbose_name="便民服务中心", on_delete=models.PROTECT,
                               related_name="evaluations")
    station = models.ForeignKey("centers.Station", verbose_name="便民服务站", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="evaluations")
    window = models.ForeignKey("centers.Window", verbose_name="窗口", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="evaluations")
    state = models.CharField("状态", max_length=10, choices=EvaluationState.choices, default=EvaluationState.DRAFT)
    evaluated_on = models.DateField("考核日期")
    answers = models.JSONField("评分", default=dict, blank=True)
    facts = models.JSONField("系统计算依据", default=dict, blank=True)
    prefilled = models.JSONField("系统预填", default=dict, blank=True)
    revision = models.PositiveIntegerField("修订号", default=1)
    total = models.DecimalField("总分", max_digits=7, decimal_places=2, default=0)
    max_total = models.DecimalField("满分", max_digits=7, decimal_places=2, default=0)
    band = models.CharField("等次", max_length=40, blank=True)
    vetoes = models.JSONField("未通过的否决项", default=list, blank=True)
    excellence_barred = models.BooleanField("取消评先评优资格", default=False)
    unanswered = models.PositiveIntegerField("未评项数", default=0)
    result = models.JSONField("评分结果", default=dict, blank=True)
    remarks = models.TextField("总体意见", blank=True)
    corrects = models.ForeignKey("self", verbose_name="更正自", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections")
    created_by = actor_field("创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_by = actor_field("最后修改人")
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)
    submitted_by = actor_field("提交人")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    finalised_by = actor_field("定稿人")
    finalised_at = models.DateTimeField("定稿时间", null=True, blank=True)

    class Meta:
        ordering = ["-period", "-evaluated_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(subject_kind="centre", station__isnull=True, window__isnull=True)
                    | Q(subject_kind="station", station__isnull=False, window__isnull=True)
                    | Q(subject_kind="window", station__isnull=True, window__isnull=False)
                ),
                name="evaluation_one_subject",
                violation_error_message="考核对象须为一个中心、一个便民服务站或一个窗口",
            ),
            models.CheckConstraint(condition=Q(period__gte=2000, period__lte=2100), name="evaluation_period_range",
                                   violation_error_message="考核年度应在 2000—2100 之间"),
        ]
        indexes = [
            models.Index(fields=["centre", "period"], name="evaluation_centre_period_idx"),
            models.Index(fields=["state", "kind"], name="evaluation_state_kind_idx"),
        ]
        verbose_name = verbose_name_plural = "考核评分"

    def __str__(self) -> str:
        return f"{self.subject_name} {self.period}年{self.get_kind_display()}"

    @property
    def subject(self):
        return self.station or self.window or self.centre

    @property
    def subject_name(self) -> str:
        if self.subject_kind == EvaluationSubject.WINDOW:
            return f"{self.centre.name} {self.window}"
        return (self.station or self.centre).name

    @property
    def is_self(self) -> bool:
        return self.kind == EvaluationKind.SELF

    @property
    def is_draft(self) -> bool:
        return self.state == EvaluationState.DRAFT

    @property
    def is_finalised(self) -> bool:
        return self.state == EvaluationState.FINALISED


class CriterionNote(models.Model):
    """The inspector's note on one criterion and, for a computed criterion whose answer was changed, the reason."""

    evaluation = models.ForeignKey(Evaluation, verbose_name="考核评分", on_delete=models.CASCADE,
                                   related_name="criterion_notes")
    code = models.CharField("评估标准编号", max_length=20)
    note = models.TextField("说明", blank=True)
    override_reason = models.TextField("修改系统计算值的理由", blank=True)

    class Meta:
        ordering = ["evaluation", "code"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "code"], name="criterion_note_unique",
                                    violation_error_message="该评估标准已有说明"),
        ]
        verbose_name = verbose_name_plural = "评分说明"

    def __str__(self) -> str:
        return f"{self.code}：{self.note[:20]}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """A safe, unguessable name; the extension comes from the detected file type, never from the upload's name."""
    return unguessable_name(f"evidence/{instance.evaluation_id}", instance.extension)


class Evidence(ScopedModel):
    """A photo or PDF attached to one criterion of an evaluation (stored under MEDIA_ROOT/evidence/)."""

    evaluation = models.ForeignKey(Evaluation, verbose_name="考核评分", on_delete=models.CASCADE,
                                   related_name="evidence")
    code = models.CharField("评估标准编号", max_length=20)
    file = models.FileField("文件", upload_to=evidence_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=40)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = actor_field("上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    scope_region_lookups = ("evaluation__centre__region__path",)

    class Meta:
        ordering = ["evaluation", "code", "pk"]
        verbose_name = verbose_name_plural = "佐证材料"

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return TYPES.get(self.content_type, "bin")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# ------------------------------------------------------------------------------- guidance and rectification


class GuidanceRecord(CentreScopedModel):
    """附件7 指导“三化”建设记录表: a visit to a centre or station, what was found and suggested; the rectification
    measures are its ``items``. A record made from an evaluation names it (items lost there, in one step)."""

    centre = models.ForeignKey("centers.ServiceCentre", verbose_name="便民服务中心", on_delete=models.PROTECT,
                               related_name="guidance_records")
    station = models.ForeignKey("centers.Station", verbose_name="便民服务站", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="guidance_records")
    guided_on = models.DateField("指导时间")
    participants = models.TextField("指导人员（单位及职务）", blank=True,
                                    help_text=gettext_lazy("每行一人，如：李明 县行政审批局 考核组组长"))
    problems = models.TextField("存在的问题", blank=True)
    suggestions = models.TextField("工作建议", blank=True)
    evaluation = models.ForeignKey(Evaluation, verbose_name="来源考核", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="guidance_records")
    created_by = actor_field("记录人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        ordering = ["-guided_on", "-pk"]
        verbose_name = verbose_name_plural = "指导三化建设记录"

    def __str__(self) -> str:
        return f"{self.unit_name} {self.guided_on:%Y-%m-%d} 指导记录"

    @property
    def unit_name(self) -> str:
        return (self.station or self.centre).name

    @property
    def participant_lines(self) -> list[str]:
        return lines_of(self.participants)


class RectificationState(models.TextChoices):
    OPEN = "open", "整改中"
    REPORTED = "reported", "待复核"
    CLOSED = "closed", "已销号"


class RectificationItem(ScopedModel):
    """One rectification measure (整改措施) with its owner and deadline, followed until closed (销号)."""

    record = models.ForeignKey(GuidanceRecord, verbose_name="指导记录", on_delete=models.CASCADE, related_name="items")
    problem = models.TextField("问题")
    measure = models.TextField("整改措施", blank=True)
    owner = models.CharField("责任人", max_length=60)
    limit_days = models.PositiveSmallIntegerField("整改时限（工作日）", null=True, blank=True)
    due_on = models.DateField("整改期限")
    due_estimated = models.BooleanField("期限按双休日估算", default=False)
    state = models.CharField("状态", max_length=10, choices=RectificationState.choices,
                             default=RectificationState.OPEN)
    result = models.TextField("整改结果", blank=True)
    reported_on = models.DateField("报送整改结果日期", null=True, blank=True)
    reported_by = actor_field("报送人")
    review = models.TextField("复核意见", blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    closed_by = actor_field("销号人")
    evaluation = models.ForeignKey(Evaluation, verbose_name="来源考核", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="rectification_items")
    criterion_code = models.CharField("评估标准编号", max_length=20, blank=True)
    lost_points = models.DecimalField("失分", max_digits=7, decimal_places=2, null=True, blank=True)

    scope_region_lookups = ("record__centre__region__path",)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion_code"], condition=Q(evaluation__isnull=False),
                                    name="rectification_once_per_lost_item",
                                    violation_error_message="该失分项已生成整改事项"),
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="rectification_state_due_idx")]
        verbose_name = verbose_name_plural = "整改事项"

    def __str__(self) -> str:
        return f"{self.problem[:30]}（{self.get_state_display()}）"

    def is_overdue(self, today) -> bool:
        return self.state == RectificationState.OPEN and today > self.due_on


# ------------------------------------------------------------------------------------ evidence from the library


class EvidenceVerdict(models.TextChoices):
    ACCEPTED = "accepted", "采信"
    INSUFFICIENT = "insufficient", "不足"


class EvaluationDocument(ScopedModel):
    """A library document an evaluation saw as evidence for one item (by the library's stable item key), with the
    inspector's verdict. Rows are written when the inspector judges a document and when the evaluation is submitted
    or finalised (every document then tagged and valid for the year): a finalised evaluation shows exactly these,
    and library documents never change once uploaded (a newer version is a new document), so it keeps the very
    files it saw; the PROTECT link keeps a seen document from being deleted."""

    evaluation = models.ForeignKey(Evaluation, verbose_name="考核评分", on_delete=models.CASCADE,
                                   related_name="documents_seen")
    document = models.ForeignKey("library.Document", verbose_name="资料", on_delete=models.PROTECT,
                                 related_name="evaluations_seen")
    item_key = models.CharField("评估项目", max_length=200)
    verdict = models.CharField("认定", max_length=12, choices=EvidenceVerdict.choices, blank=True)
    note = models.TextField("说明", blank=True)
    judged_by = actor_field("认定人")
    judged_at = models.DateTimeField("认定时间", null=True, blank=True)

    scope_region_lookups = ("evaluation__centre__region__path",)

    class Meta:
        ordering = ["evaluation", "item_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "document", "item_key"], name="evaluation_document_unique",
                                    violation_error_message="这份资料已列入该评估项目"),
        ]
        verbose_name = verbose_name_plural = "考核引用的资料"

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.item_key} {self.document_id}"
