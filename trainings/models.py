"""Trainings and meetings (培训与会议) of a centre or one of its stations, with who attended and how (docs/trainings.md).

An unexcused lateness, early leave or absence proposes a staff deduction (宝林镇方案 附件3 第10条, 附件4 第5条): the
proposal is the attendance row's ``review`` state. The director confirms it (``staff_scoring`` records the event,
which points back at the attendance) or dismisses it with a reason. Nothing here imports ``staff_scoring``: it sits
above this app (docs/architecture.md § Layers).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from core.models import CentreScopedModel, ScopedModel, actor_field


class TrainingKind(models.TextChoices):
    INDUCTION = "induction", "岗前培训"
    BUSINESS = "business", "业务培训"
    ETIQUETTE = "etiquette", "礼仪培训"
    MEETING = "meeting", "会议"
    ACTIVITY = "activity", "活动"


# The kinds that are trainings (培训) for the facts "trainings in the year" (meetings and activities are not).
TRAINING_KINDS = (TrainingKind.INDUCTION, TrainingKind.BUSINESS, TrainingKind.ETIQUETTE)


class Presence(models.TextChoices):
    PRESENT = "present", "出席"
    LATE = "late", "迟到"
    EARLY = "early", "早退"
    LEAVE_APPROVED = "leave_ok", "请假(批准)"
    LEAVE_REFUSED = "leave_refused", "请假(未批准)"
    ABSENT = "absent", "缺席"


# Unexcused: what proposes a deduction, and which kind of rule answers it (staff_scoring picks the rule of the
# scheme in force for the person's post).
LATE_KINDS = (Presence.LATE, Presence.EARLY)
ABSENT_KINDS = (Presence.LEAVE_REFUSED, Presence.ABSENT)
UNEXCUSED = LATE_KINDS + ABSENT_KINDS


class Review(models.TextChoices):
    NONE = "", "无"
    PENDING = "pending", "待主任确认"
    CONFIRMED = "confirmed", "已确认扣分"
    DISMISSED = "dismissed", "不予扣分"


class Training(CentreScopedModel):
    """One training, meeting or activity organised by a centre (``station`` empty) or by one of its stations;
    identified by its centre, date, kind, topic and organiser (``training_once``)."""

    centre = models.ForeignKey("centers.ServiceCentre", verbose_name=gettext_lazy("便民服务中心"), on_delete=models.PROTECT,
                               related_name="trainings")
    station = models.ForeignKey("centers.Station", verbose_name=gettext_lazy("便民服务站"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="trainings")
    date = models.DateField(gettext_lazy("日期"))
    kind = models.CharField(gettext_lazy("类型"), max_length=20, choices=TrainingKind.choices)
    topic = models.CharField(gettext_lazy("主题"), max_length=200)
    organiser = models.CharField(gettext_lazy("组织者"), max_length=100)
    note = models.TextField(gettext_lazy("内容摘要"), blank=True)
    # The training's records in the document library (签到表, 课件, 照片 …, kind 培训记录 or 会议纪要).
    materials = models.ManyToManyField("library.Document", verbose_name=gettext_lazy("培训资料"), blank=True,
                                       related_name="trainings")
    created_by = actor_field(gettext_lazy("录入人"))
    created_at = models.DateTimeField(gettext_lazy("录入时间"), auto_now_add=True)
    # Rises with every attendance save: a sheet loaded at an older revision is refused (core.revisions).
    revision = models.PositiveIntegerField(gettext_lazy("修订号"), default=1)

    class Meta:
        ordering = ["-date", "-id"]
        # One meeting is one row: the same date, kind, topic and organiser at a centre (what the import's template
        # says makes rows one training), whoever recorded it — by hand or by a sheet — so it never deducts twice.
        constraints = [
            models.UniqueConstraint(fields=["centre", "date", "kind", "topic", "organiser"], name="training_once",
                                    violation_error_message=gettext_lazy("该培训或会议已登记")),
        ]
        indexes = [models.Index(fields=["centre", "date"], name="training_centre_date_idx")]
        verbose_name = verbose_name_plural = gettext_lazy("培训与会议")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}：{self.topic}"

    @property
    def host_name(self) -> str:
        return self.station.name if self.station_id else self.centre.name


class Attendance(ScopedModel):
    """One staff member at one training, and the deduction proposal an unexcused status makes."""

    training = models.ForeignKey(Training, verbose_name=gettext_lazy("培训与会议"), on_delete=models.CASCADE,
                                 related_name="attendances")
    staff = models.ForeignKey("centers.Staff", verbose_name=gettext_lazy("工作人员"), on_delete=models.PROTECT,
                              related_name="attendances")
    presence = models.CharField(gettext_lazy("出席情况"), max_length=20, choices=Presence.choices, default=Presence.PRESENT)
    review = models.CharField(gettext_lazy("扣分建议"), max_length=10, choices=Review.choices, default=Review.NONE, blank=True)
    reviewed_by = actor_field(gettext_lazy("处理人"))
    reviewed_at = models.DateTimeField(gettext_lazy("处理时间"), null=True, blank=True)
    review_reason = models.TextField(gettext_lazy("处理理由"), blank=True)

    scope_region_lookups = ("training__centre__region__path",)
    scope_staff_lookup = "staff"

    class Meta:
        ordering = ["training", "staff__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["training", "staff"], name="attendance_once_per_training",
                                    violation_error_message=gettext_lazy("此人已在该培训的出席名单中")),
            models.CheckConstraint(
                condition=Q(review="") | Q(presence__in=[p.value for p in UNEXCUSED]),
                name="attendance_review_only_unexcused",
                violation_error_message=gettext_lazy("只有无故迟到、早退、缺席才有扣分建议"),
            ),
        ]
        indexes = [models.Index(fields=["review", "training"], name="attendance_review_idx")]
        verbose_name = verbose_name_plural = gettext_lazy("出席情况")

    def __str__(self) -> str:
        return f"{self.staff} {self.get_presence_display()}（{self.training}）"

    @property
    def offence(self) -> str:
        """"late" (迟到、早退) or "absent" (未请假或请假未批准缺席) for an unexcused status, else ""."""
        if self.presence in LATE_KINDS:
            return "late"
        if self.presence in ABSENT_KINDS:
            return "absent"
        return ""
