"""Staff scoring: scheme versions, deduction and bonus events, appeals, duty officers (docs/domain.md §5, D1–D4, D8, D14–D17).

Scores are never stored: a period's score is computed from the active events by ``staff_scoring.scoring`` (database
aggregation for plain rules + the pure engine ``scoring.ledger`` for windowed ones). A revoked event stops counting
everywhere because every read filters ``status = active``. What is kept is only the database's per-staff totals of a
period (``KeptTotal``), each valid while its staff member's ``LedgerRevision`` is unchanged (``staff_scoring.kept``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from core.attachments import TYPES
from core.definitions import PublishedDefinition
from core.models import (
    PHOTO_EXTENSIONS,
    CentreScopedModel,
    ScopedModel,
    actor_field,
    exactly_one_of,
    extension_of,
    unguessable_name,
)


class SchemeSubject(models.TextChoices):
    STAFF = "staff", "工作人员"
    WINDOW = "window", "窗口"


class SchemeVersion(PublishedDefinition):
    """One version of a ledger scheme (计分方案) fixture: the Baolin staff schemes, and the Shangyu window scheme.

    ``scoring.ledger.load_scheme`` turns it into the engine's frozen ``Scheme`` (``staff_scoring.schemes.scheme_of``).
    ``subject`` and ``applies_to`` are copied from the file so the version in force for a post is one small query.
    A published version never changes (D8); an event keeps the version in force when it was recorded.
    """

    subject = models.CharField("计分对象", max_length=10, choices=SchemeSubject.choices)
    applies_to = models.CharField("适用岗位", max_length=100, help_text=gettext_lazy("逗号分隔：centre_window, station"))

    class Meta(PublishedDefinition.Meta):
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="scheme_code_version_unique",
                                    violation_error_message="该计分方案的这个版本已存在"),
        ]
        verbose_name = verbose_name_plural = "计分方案版本"

    @property
    def posts(self) -> list[str]:
        return [p for p in self.applies_to.split(",") if p]

    @property
    def post_labels(self) -> str:
        from scoring.ledger.model import POSTS

        return "、".join(POSTS.get(p, p) for p in self.posts)


class EventStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    REVOKED = "revoked", "已撤销"


class EventSource(models.TextChoices):
    MANUAL = "manual", "页面录入"
    IMPORT = "import", "Excel 导入"
    SYSTEM = "system", "其他模块"


class EventKind(models.TextChoices):
    DEDUCTION = "deduction", "扣分"
    BONUS = "bonus", "加分"


def event_photo_path(instance: StaffEvent, filename: str) -> str:
    """A safe, unguessable name: the uploaded name is never used."""
    return unguessable_name("score-events", extension_of(filename, PHOTO_EXTENSIONS, "jpg"))


class StaffEvent(ScopedModel):
    """One recorded deduction or bonus (docs/schemes.md §6) for a staff member, under the scheme version in force
    when it was recorded. ``occurrences`` is NULL for per-day rules (``days`` given), so that a database
    ``SUM(occurrences)`` and ``SUM(days)`` build the engine's ``PlainTotal`` rows directly."""

    staff = models.ForeignKey("centers.Staff", verbose_name="工作人员", on_delete=models.PROTECT,
                              related_name="score_events")
    scheme_version = models.ForeignKey(SchemeVersion, verbose_name="计分方案版本", on_delete=models.PROTECT,
                                       related_name="events")
    rule = models.CharField("细则编号", max_length=20)
    kind = models.CharField("类型", max_length=10, choices=EventKind.choices)
    date = models.DateField("日期")
    occurrences = models.PositiveIntegerField("次数", null=True, blank=True, default=1)
    days = models.DecimalField("天数", max_digits=4, decimal_places=1, null=True, blank=True)
    level = models.CharField("级别", max_length=20, blank=True)
    aggravated = models.BooleanField("造成不良影响/情节严重", default=False)
    points = models.DecimalField("分值（每次）", max_digits=5, decimal_places=1, null=True, blank=True)
    deed = models.CharField("事迹/事项标识", max_length=200, blank=True)
    refers_to = models.CharField("对应细则", max_length=20, blank=True)
    note = models.TextField("情况说明", blank=True)
    photo = models.ImageField("照片", upload_to=event_photo_path, blank=True)
    source = models.CharField("来源", max_length=10, choices=EventSource.choices, default=EventSource.MANUAL)
    recorded_by = actor_field("记录人")
    recorded_at = models.DateTimeField("记录时间")
    status = models.CharField("状态", max_length=10, choices=EventStatus.choices, default=EventStatus.ACTIVE)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_by = actor_field("撤销人")
    revoke_reason = models.TextField("撤销理由", blank=True)
    # Rises with every edit: an edit form loaded at an older revision is refused (core.revisions).
    revision = models.PositiveIntegerField("修订号", default=1)
    # The training attendance whose deduction proposal the director confirmed (staff_scoring.attendance); the
    # attendance reaches its event back through ``staff_events``.
    attendance = models.ForeignKey("trainings.Attendance", verbose_name="来源：培训与会议出席情况", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="staff_events")

    scope_region_lookups = ("staff__centre__region__path", "staff__station__region__path")
    scope_staff_lookup = "staff"

    class Meta:
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["staff", "date"], name="score_event_staff_date_idx"),
            models.Index(fields=["date", "staff"], name="score_event_date_staff_idx"),
            # The capped, once-per and flag-raising rules' events of a year (staff_scoring.setscores), read from
            # the index alone on PostgreSQL (a covering index; other databases ignore ``include``).
            models.Index(fields=["rule", "date", "staff"], name="score_event_rule_date_idx",
                         include=["status", "occurrences", "days", "level", "aggravated", "points", "deed",
                                  "refers_to", "id"]),
        ]
        constraints = [
            exactly_one_of("days", "occurrences", name="score_event_occurrences_or_days", message="次数与天数只能填一个"),
        ]
        verbose_name = verbose_name_plural = "扣分加分记录"

    def __str__(self) -> str:
        return f"{self.staff} {self.date:%Y-%m-%d} 细则{self.rule}"

    @property
    def is_active(self) -> bool:
        return self.status == EventStatus.ACTIVE

    @property
    def amount_text(self) -> str:
        """How much was recorded, as entered: "2次", "1天", "国家级", "造成不良影响 30分/次"."""
        parts = []
        if self.days is not None:
            parts.append(f"{self.days.normalize():f}天")
        elif self.occurrences and self.occurrences != 1:
            parts.append(f"{self.occurrences}次")
        if self.level:
            parts.append(self.level_label)
        if self.aggravated:
            parts.append("造成不良影响/情节严重")
        if self.points is not None:
            parts.append(f"{self.points.normalize():f}分/次")
        return "，".join(parts) or "1次"

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)


# The level names of the Baolin schemes; a scheme's own ``levels`` mapping is authoritative on pages.
LEVEL_LABELS = {
    "local": "本地",
    "county": "县(市、区)级",
    "city": "市(州)级",
    "province": "省级",
    "national": "国家级",
    "centre": "便民服务中心",
}


def appeal_attachment_path(instance: Appeal, filename: str) -> str:
    """A safe, unguessable name; the extension comes from the detected type (core.attachments), never the upload."""
    return unguessable_name("appeals", TYPES.get(instance.attachment_type, "bin"))


class AppealStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    UPHELD = "upheld", "维持原记录"
    REVOKED = "revoked", "申诉成立，已撤销"


class Appeal(ScopedModel):
    """A staff member's appeal (申诉) against one event, decided by the director: upheld, or revoked (the event
    stops counting). One appeal per event. Transitions go through ``services.decide_appeal``."""

    event = models.OneToOneField(StaffEvent, verbose_name=gettext_lazy("扣分加分记录"), on_delete=models.CASCADE,
                                 related_name="appeal")
    reason = models.TextField("申诉理由")
    submitted_by = actor_field("申诉人", blank=False)
    submitted_at = models.DateTimeField("申诉时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    decided_by = actor_field("处理人")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decision_reason = models.TextField("处理理由", blank=True)
    # An optional image or PDF backing the appeal, checked by content (core.attachments); served within scope only.
    attachment = models.FileField("证明材料", upload_to=appeal_attachment_path, max_length=200, blank=True)
    attachment_name = models.CharField("证明材料原文件名", max_length=200, blank=True)
    attachment_type = models.CharField("证明材料类型", max_length=40, blank=True)

    scope_region_lookups = ("event__staff__centre__region__path", "event__staff__station__region__path")
    scope_staff_lookup = "event__staff"

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status"], name="score_appeal_status_idx")]
        verbose_name = verbose_name_plural = "申诉"

    def __str__(self) -> str:
        return f"申诉：{self.event}"

    @property
    def is_pending(self) -> bool:
        return self.status == AppealStatus.PENDING


class DutyOfficer(CentreScopedModel):
    """A staff member of a centre whom the director allows to record events (值班员). Active while ``ended_at`` is
    empty. A duty officer records for the centre's staff and its stations' staff, never for themselves, and sees
    no scores: recording is all the grant gives."""

    centre = models.ForeignKey("centers.ServiceCentre", verbose_name="便民服务中心", on_delete=models.CASCADE,
                               related_name="duty_officers")
    staff = models.ForeignKey("centers.Staff", verbose_name="值班员", on_delete=models.CASCADE,
                              related_name="duty_grants")
    granted_by = actor_field("指定人")
    granted_at = models.DateTimeField("指定时间", auto_now_add=True)
    ended_by = actor_field("取消人")
    ended_at = models.DateTimeField("取消时间", null=True, blank=True)

    scope_staff_lookup = "staff"

    class Meta:
        ordering = ["centre", "-granted_at"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "staff"], condition=Q(ended_at__isnull=True),
                                    name="duty_officer_active_unique",
                                    violation_error_message="此人已是本中心的值班员"),
        ]
        verbose_name = verbose_name_plural = "值班员"

    def __str__(self) -> str:
        return f"{self.centre} 值班员 {self.staff}"

    @property
    def active(self) -> bool:
        return self.ended_at is None


class LedgerRevision(models.Model):
    """How many times a staff member's events have changed. Raised by the database itself (``staff_scoring.kept``
    installs the triggers) on every insert, update or delete of a ``StaffEvent``, whatever the path: the forms, the
    imports, the admin, a bulk ``update()`` or SQL. No row yet means revision 0. ``staff_id`` is not a foreign key:
    the triggers write it while Django deletes a staff member's events, before the staff row itself."""

    staff_id = models.BigIntegerField("工作人员编号", primary_key=True)
    revision = models.BigIntegerField("修订号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "计分记录修订号"

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.revision}"


class KeptTotal(models.Model):
    """One staff member's period totals as the database computed them (the signature of ``setscores.signature``:
    deductions, bonus, post and category), kept between calls by ``staff_scoring.kept``. ``key`` is the digest of
    the statement that computed it (period, schemes in force, and the code that wrote the SQL); the row counts only
    while the staff member's revision, category and post are the ones it was computed with. Not a score: grades,
    flags and the bonus cap are worked out on every call."""

    pk = models.CompositePrimaryKey("key", "staff_id")
    key = models.BigIntegerField("语句摘要")
    period = models.CharField("期间", max_length=10)
    staff_id = models.BigIntegerField("工作人员编号")
    revision = models.BigIntegerField("修订号")
    category = models.CharField("人员类别", max_length=20)
    centre = models.BooleanField("中心岗位")
    signature = models.BigIntegerField("合计")

    class Meta:
        verbose_name = verbose_name_plural = "期间合计（缓存）"

    def __str__(self) -> str:
        return f"{self.period} {self.staff_id}"
