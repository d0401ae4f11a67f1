"""Citizen ratings (好差评, 街道提升年方案 附件9 好差评制度), their follow-up, complaints (街道提升年方案 附件6 投诉受理制) and 容缺受理 notices (街道提升年方案 附件8).

Every model is scoped (D14) through its centre's region path. Deadlines are not stored: each record keeps its start
day and its number of working days, and pages compute the due day with ``workdays`` (so a corrected holiday
schedule corrects every open deadline at once).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from centers.models import ServiceCentre, Staff, Station, Window
from core.models import CentreScopedModel, ScopedModel, actor_field, exactly_one_of, lines_of

# ---------------------------------------------------------------------------------------------------------- ratings


class Level(models.IntegerChoices):
    """The five levels of 街道提升年方案 附件9 好差评制度. Higher is better; 不满意 and 非常不满意 are 差评."""

    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    BASIC = 3, "基本满意"
    DISSATISFIED = 2, "不满意"
    VERY_DISSATISFIED = 1, "非常不满意"


BAD_LEVELS = (Level.DISSATISFIED, Level.VERY_DISSATISFIED)
GOOD_LEVELS = (Level.VERY_SATISFIED, Level.SATISFIED)


def vote_of(level: int) -> str:
    """D18: the Shangyu vote read from a level: 优/良 (no deduction), 一般 (−0.5), 差 (−3 once verified)."""
    if level in GOOD_LEVELS:
        return "优良"
    return "一般" if level == Level.BASIC else "差"


class Channel(models.TextChoices):
    SERVICE_QR = "service_qr", "一次一码（办件后窗口出示）"
    WINDOW_QR = "window_qr", "窗口/站点评价二维码"


class AtWindowOrStation(CentreScopedModel):
    """Abstract: a rating, or the code it is given through, of a service at one window or one station of a centre
    (exactly one of them), seen by the staff member it names."""

    scope_staff_lookup = "staff"

    class Meta:
        abstract = True

    @property
    def place(self):
        return self.window if self.window_id else self.station


class ServiceTicket(AtWindowOrStation):
    """A "rate this service" code issued by window staff or the director after one service (一事一评/一件一评).

    Its QR carries a signed token naming this ticket and its nonce; the ticket can be rated once, within its max age.
    """

    centre = models.ForeignKey(ServiceCentre, verbose_name="便民服务中心", on_delete=models.PROTECT, related_name="+")
    window = models.ForeignKey(Window, verbose_name="窗口", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    station = models.ForeignKey(
        Station, verbose_name="便民服务站", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        Staff, verbose_name="服务人员", null=True, blank=True, on_delete=models.SET_NULL, related_name="service_tickets"
    )
    matter_code = models.CharField("事项编码", max_length=64, blank=True)
    matter_name = models.CharField("事项名称", max_length=200, blank=True)
    case_no = models.CharField("办件编号", max_length=64, blank=True)
    nonce = models.CharField(max_length=32, unique=True, editable=False)
    issued_at = models.DateTimeField("生成时间", default=timezone.now)
    expires_at = models.DateTimeField("有效期至")
    issued_by = actor_field("生成人", blank=False)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [exactly_one_of("window", "station", name="ticket_window_or_station",
                                      message="评价码须属于一个窗口或一个便民服务站")]
        verbose_name = verbose_name_plural = "服务评价码"

    def __str__(self) -> str:
        return f"评价码 {self.pk} · {self.place}"


class Rating(AtWindowOrStation):
    """One citizen's rating of one service, from a per-service code or a per-scan token of a window/station QR.

    ``nonce`` is the token's one-time number: the unique constraint is what makes a token usable once.
    ``device_hash``/``ip_hash`` are keyed hashes (never the raw values) used only for the rate limits.
    """

    centre = models.ForeignKey(ServiceCentre, verbose_name="便民服务中心", on_delete=models.PROTECT, related_name="ratings")
    window = models.ForeignKey(
        Window, verbose_name="窗口", null=True, blank=True, on_delete=models.PROTECT, related_name="ratings"
    )
    station = models.ForeignKey(
        Station, verbose_name="便民服务站", null=True, blank=True, on_delete=models.PROTECT, related_name="ratings"
    )
    staff = models.ForeignKey(
        Staff, verbose_name="被评价人员", null=True, blank=True, on_delete=models.SET_NULL, related_name="ratings"
    )
    ticket = models.OneToOneField(
        ServiceTicket, verbose_name=gettext_lazy("评价码"), null=True, blank=True, on_delete=models.PROTECT, related_name="rating"
    )
    channel = models.CharField("评价渠道", max_length=12, choices=Channel.choices)
    level = models.PositiveSmallIntegerField("评价等级", choices=Level.choices)
    comment = models.TextField("评价内容", max_length=500, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    matter_code = models.CharField("事项编码", max_length=64, blank=True)
    matter_name = models.CharField("事项名称", max_length=200, blank=True)
    case_no = models.CharField("办件编号", max_length=64, blank=True)
    rated_at = models.DateTimeField("评价时间", default=timezone.now, db_index=True)
    nonce = models.CharField(max_length=32, unique=True, editable=False)
    device_hash = models.CharField(max_length=32, blank=True, editable=False)
    ip_hash = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        ordering = ["-rated_at", "-pk"]
        constraints = [exactly_one_of("window", "station", name="rating_window_or_station",
                                      message="评价须属于一个窗口或一个便民服务站")]
        indexes = [
            models.Index(fields=["window", "rated_at"], name="rating_window_time_idx"),
            models.Index(fields=["centre", "rated_at"], name="rating_centre_time_idx"),
            models.Index(fields=["device_hash", "rated_at"], name="rating_device_time_idx"),
            models.Index(fields=["ip_hash", "rated_at"], name="rating_ip_time_idx"),
        ]
        verbose_name = verbose_name_plural = "服务评价"

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.place}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS

    @property
    def vote(self) -> str:
        return vote_of(self.level)


class FollowUpState(models.TextChoices):
    PENDING = "pending", "待核实"
    APPEALING = "appealing", "申诉审核中"
    INVALID = "invalid", "核实不实（不计）"
    VERIFIED = "verified", "核实属实"
    CALLED_BACK = "called_back", "已回访"
    RECTIFIED = "rectified", "已整改"


# A 差评 counts as a verified 差 (D18: −3) in these states.
COUNTED_BAD_STATES = (FollowUpState.VERIFIED, FollowUpState.CALLED_BACK, FollowUpState.RECTIFIED)
OPEN_FOLLOWUP_STATES = (
    FollowUpState.PENDING, FollowUpState.APPEALING, FollowUpState.VERIFIED, FollowUpState.CALLED_BACK,
)


class FollowUp(ScopedModel):
    """The follow-up of one 差评: verify (valid, or invalid with a reason the county reviews), call back, rectify
    within ``limit_days`` working days from the day after the rating (one extension at most)."""

    rating = models.OneToOneField(Rating, verbose_name=gettext_lazy("评价"), on_delete=models.CASCADE, related_name="followup")
    state = models.CharField("状态", max_length=12, choices=FollowUpState.choices, default=FollowUpState.PENDING)
    received_on = models.DateField("收到日期")
    limit_days = models.PositiveSmallIntegerField("整改时限（工作日）")
    extension_days = models.PositiveSmallIntegerField("延期（工作日）", default=0)
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)
    verdict_reason = models.TextField("核实说明", blank=True)
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    verified_by = actor_field("核实人")
    appeal_decision = models.TextField("县级审核意见", blank=True)
    appeal_decided_by = actor_field("审核人")
    callback_on = models.DateField("回访日期", null=True, blank=True)
    callback_reached = models.BooleanField("联系上评价人", null=True, blank=True)
    callback_note = models.TextField("回访情况", blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    rectification = models.TextField("整改情况", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_region_lookups = ("rating__centre__region__path",)

    class Meta:
        ordering = ["received_on", "pk"]
        indexes = [
            models.Index(fields=["state"], name="followup_state_idx"),
            models.Index(fields=["received_on", "id"], name="followup_received_idx"),  # the list's order
        ]
        verbose_name = verbose_name_plural = "差评核实整改"

    def __str__(self) -> str:
        return f"差评核实 {self.pk}（{self.get_state_display()}）"

    @property
    def total_days(self) -> int:
        return self.limit_days + self.extension_days

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_FOLLOWUP_STATES


# ------------------------------------------------------------------------------------------------------- complaints


class ComplaintMode(models.TextChoices):
    ORAL = "oral", "口头投诉"
    WRITTEN = "written", "书面投诉"


class ComplaintSource(models.TextChoices):
    DESK = "desk", "中心登记"
    ONLINE = "online", "群众网上投诉"


class ComplaintCategory(models.TextChoices):
    """街道提升年方案 附件6 投诉受理制 二、投诉范围 (1–9)."""

    DISCLOSURE = "1", "违反信息公开制度"
    DISPUTE = "2", "对所处理事项持有异议"
    INTEGRITY = "3", "吃、拿、卡、要和其它不廉洁行为"
    ATTITUDE = "4", "服务质量不高、服务态度不好"
    TIME_LIMIT = "5", "不按承诺时限受理、办理审批服务事项"
    REFUSAL = "6", "按规定应办理而不予办理"
    NOTIFICATION = "7", "不能一次性告知，致使服务对象多次往返"
    MULTIPLE_TRIPS = "8", "“最多跑一次”事项不能兑现，存在“跑多次”问题"
    OTHER = "9", "其他违纪及违反事项办理制度和中心管理制度的行为"


class ComplaintState(models.TextChoices):
    RECEIVED = "received", "已受理"
    INVESTIGATING = "investigating", "调查核实中"
    SUBSTANTIATED = "substantiated", "经查属实"
    UNFOUNDED = "unfounded", "经查不属实"
    REPLIED = "replied", "已答复办结"
    WITHDRAWN = "withdrawn", "投诉人撤回"


OPEN_COMPLAINT_STATES = (
    ComplaintState.RECEIVED, ComplaintState.INVESTIGATING, ComplaintState.SUBSTANTIATED, ComplaintState.UNFOUNDED,
)
# 街道提升年方案 附件6 投诉受理制 五: written → answered within 5 working days; complex or two or more departments → 15.
SIMPLE_DAYS, COMPLEX_DAYS = 5, 15


class Finding(models.TextChoices):
    VALID = "valid", "属实"
    INVALID = "invalid", "不属实"


# A complaint against a window (no staff member named) found true (街道提升年方案 附件6 投诉受理制) is scored on the window's month
# (redflags, 上虞细则) by one of the scheme's complaint items:
#   6.6 — 上虞细则 二6 规范服务 (6) "服务对象提出的批评意见情况属实的", 每起扣0.2—2分: the ordinary case, the default;
#   S5  — 上虞细则 二 倒扣分5 "出现窗口有责投诉,或因其他过错,造成严重后果的,发生一起扣5分", among the items that
#         "一律取消当月和年度评先资格,并实行倒扣分" (上虞细则 二 倒扣分, D13): when the complaint had serious consequences.
# 6.7 (上虞细则 二6(7) 投诉的问题应整改而未有效整改) is a later finding about the rectification, recorded as an event.
WINDOW_DEDUCTION_RULES = {
    "6.6": "（6.6）服务对象提出的批评意见情况属实的：每起扣 0.2—2 分",
    "S5": "（S5）出现窗口有责投诉，造成严重后果的：扣 5 分，取消当月和年度评先资格",
}


class Complaint(CentreScopedModel):
    """A complaint against a window or a staff member. The complainant's name and phone are confidential (街道提升年方案 附件6 投诉受理
    制 三): only the director of the centre and the admin see them (``feedback.selectors.can_see_identity``)."""

    centre = models.ForeignKey(ServiceCentre, verbose_name="便民服务中心", on_delete=models.PROTECT, related_name="complaints")
    window = models.ForeignKey(
        Window, verbose_name="被投诉窗口", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    staff = models.ForeignKey(
        Staff, verbose_name="被投诉人员", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    mode = models.CharField("投诉方式", max_length=8, choices=ComplaintMode.choices)
    category = models.CharField("投诉类别", max_length=2, choices=ComplaintCategory.choices)
    summary = models.TextField("投诉内容", max_length=4000)
    matter_name = models.CharField("涉及事项", max_length=200, blank=True)
    source = models.CharField("投诉来源", max_length=8, choices=ComplaintSource.choices, default=ComplaintSource.DESK)
    # The complainant's receipt: with the last 4 digits of their phone it shows the state and the due day in public
    # (/p/complaints/status/). Random, unique; empty on complaints entered before receipts existed.
    receipt_no = models.CharField("回执编号", max_length=16, unique=True, null=True, blank=True, editable=False)
    ip_hash = models.CharField(max_length=32, blank=True, editable=False)  # online complaints' rate limit only
    complainant_name = models.CharField("投诉人姓名", max_length=40, blank=True)
    complainant_phone = models.CharField("投诉人电话", max_length=20, blank=True)
    received_on = models.DateField("受理日期")
    received_by = actor_field("受理人", help_text="空：群众网上提交")
    complex = models.BooleanField("较为复杂或涉及两个以上部门", default=False)
    complex_reason = models.CharField("复杂情形说明", max_length=300, blank=True)
    state = models.CharField("状态", max_length=14, choices=ComplaintState.choices, default=ComplaintState.RECEIVED)
    finding = models.CharField("调查结论", max_length=8, choices=Finding.choices, blank=True)
    finding_note = models.TextField("调查情况", blank=True)
    found_on = models.DateField("核实日期", null=True, blank=True)
    reply = models.TextField("答复内容", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回说明", max_length=300, blank=True)
    # The hook for the staff-scoring app: a verified complaint may ask for a deduction event; a later integration
    # creates the event from (scheme code, rule code) and writes its reference back (feedback.services).
    deduction_scheme = models.CharField("扣分方案", max_length=60, blank=True)
    deduction_rule = models.CharField("扣分细则编号", max_length=20, blank=True)
    deduction_note = models.CharField("扣分说明", max_length=300, blank=True)
    deduction_requested_at = models.DateTimeField("申请扣分时间", null=True, blank=True)
    deduction_requested_by = actor_field("申请人")
    deduction_event_ref = models.CharField("扣分事件编号", max_length=64, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window__isnull=False) | Q(staff__isnull=False),
                name="complaint_has_subject", violation_error_message="请选择被投诉的窗口或工作人员",
            )
        ]
        indexes = [
            models.Index(fields=["centre", "state"], name="complaint_centre_state_idx"),
            models.Index(fields=["ip_hash", "created_at"], name="complaint_ip_time_idx"),
            models.Index(fields=["received_on", "id"], name="complaint_received_idx"),  # the list's order
        ]
        verbose_name = verbose_name_plural = "投诉"

    def __str__(self) -> str:
        return f"投诉 {self.pk}（{self.get_state_display()}）"

    @property
    def limit_days(self) -> int:
        return COMPLEX_DAYS if self.complex else SIMPLE_DAYS

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_COMPLAINT_STATES

    @property
    def deduction_requested(self) -> bool:
        return self.deduction_requested_at is not None

    def clean(self) -> None:
        errors = {}
        if not self.window_id and not self.staff_id:
            errors["window"] = "请选择被投诉的窗口或工作人员"
        if self.window_id and self.centre_id and self.window.centre_id != self.centre_id:
            errors["window"] = "窗口不属于本中心"
        if self.staff_id and self.centre_id:
            staff = self.staff
            if staff.centre_id != self.centre_id and (not staff.station_id or staff.station.centre_id != self.centre_id):
                errors["staff"] = "工作人员不属于本中心或其便民服务站"
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = "受理日期不能晚于今天"
        if errors:
            raise ValidationError(errors)


class ComplaintLookupMiss(models.Model):
    """A public status lookup that matched nothing: counted per IP (keyed hash) to stop guessing receipts."""

    ip_hash = models.CharField(max_length=32)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["ip_hash", "at"], name="complaint_lookup_miss_idx")]
        verbose_name = verbose_name_plural = "投诉查询失败记录"

    def __str__(self) -> str:
        return f"投诉查询失败 {self.at:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------------------------------------- 容缺受理 notices


class NoticeState(models.TextChoices):
    PENDING = "pending", "待补齐"
    SUPPLIED = "supplied", "已补齐"
    RETURNED = "returned", "已退件"


class DeficiencyNotice(CentreScopedModel):
    """A 容缺受理通知书 (街道提升年方案 附件8): the matter is accepted with materials missing; the applicant promises to bring them
    by a date, and "逾期自愿作退件处理" — not supplied by the date, the case is returned."""

    centre = models.ForeignKey(ServiceCentre, verbose_name="便民服务中心", on_delete=models.PROTECT, related_name="+")
    window = models.ForeignKey(Window, verbose_name="受理窗口", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(Staff, verbose_name="受理人员", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    applicant = models.CharField("申请人", max_length=100)
    applicant_phone = models.CharField("联系电话", max_length=20, blank=True)
    matter_code = models.CharField("事项编码", max_length=64, blank=True)
    matter_name = models.CharField("审批服务事项", max_length=200)
    missing_materials = models.TextField("缺少材料", max_length=2000, help_text=gettext_lazy("每行一项"))
    promised_on = models.DateField("承诺补齐日期")
    issued_on = models.DateField("通知日期")
    state = models.CharField("状态", max_length=10, choices=NoticeState.choices, default=NoticeState.PENDING)
    closed_on = models.DateField("补齐/退件日期", null=True, blank=True)
    close_note = models.CharField("说明", max_length=300, blank=True)
    created_by = actor_field("登记人", blank=False)

    scope_staff_lookup = "staff"

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = verbose_name_plural = "容缺受理通知书"

    def __str__(self) -> str:
        return f"容缺受理 {self.pk} · {self.applicant}"

    @property
    def materials(self) -> list[str]:
        return lines_of(self.missing_materials)

    def is_overdue(self, today) -> bool:
        return self.state == NoticeState.PENDING and today > self.promised_on

    def clean(self) -> None:
        errors = {}
        if self.window_id and self.centre_id and self.window.centre_id != self.centre_id:
            errors["window"] = "窗口不属于本中心"
        if self.promised_on and self.issued_on and self.promised_on <= self.issued_on:
            errors["promised_on"] = "承诺补齐日期应晚于通知日期"
        if errors:
            raise ValidationError(errors)


# ------------------------------------------------------------------------------------------------------ the policy


class Policy(models.Model):
    """Settings the admin may change (one row). docs/domain.md §7: the rectification limit is 15 working days in Sichuan,
    5 elsewhere."""

    rectify_workdays = models.PositiveSmallIntegerField(
        "差评整改时限（工作日）", default=15, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    max_extension_workdays = models.PositiveSmallIntegerField(
        "整改最多延期（工作日，仅可延期一次）", default=10, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = verbose_name_plural = "好差评设置"

    def __str__(self) -> str:
        return "好差评设置"
