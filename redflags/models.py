"""The window monthly ledger and the red flag (流动红旗, 上虞细则; docs/domain.md §6, D7, D9, D12, D13, D18).

What is stored: the events a director records for a window (``WindowEvent``), the 附加分 a window declares at month
end and its check and approval (``Declaration`` + ``DeclarationItem``), each centre's number of red flags
(``RedFlagPolicy``), and what a publication of a month fixed: the ranking (``MonthPublication`` + ``MonthResult``)
and the last-place notices it calls for (``LastPlaceNotice``). A month's scores are computed, never stored before
publication: ``redflags.ledger`` turns the rows (and the month's verified 差 / 一般 ratings from ``feedback``, D18)
into events for the pure engine ``scoring.ledger``.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from core.models import CentreScopedModel, ScopedModel, actor_field
from staff_scoring.models import EventKind, EventStatus  # one enumeration for the staff and the window ledgers

WINDOW_PATH = ("window__centre__region__path",)


class RedFlagPolicy(CentreScopedModel):
    """A centre's numbers for the red flag: the seed's 8 per month (评定前8位), and the annual red flags (the document names
    no number; the same 8 unless the centre sets another). Without a row the defaults apply."""

    centre = models.OneToOneField("centers.ServiceCentre", verbose_name=gettext_lazy("便民服务中心"), on_delete=models.CASCADE,
                                  related_name="red_flag_policy")
    monthly_red_flags = models.PositiveSmallIntegerField(
        "每月红旗窗口数", default=8, validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=gettext_lazy("每月考核得分前几位评为“红旗”窗口（细则：前8位）"),
    )
    annual_red_flags = models.PositiveSmallIntegerField(
        "年度红旗窗口数", default=8, validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=gettext_lazy("年度红旗窗口的个数（细则未规定，默认与每月相同）"),
    )
    updated_by = actor_field("修改人")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    # Rises with every save: a settings form loaded at an older revision is refused (core.revisions).
    revision = models.PositiveIntegerField("修订号", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "流动红旗设置"

    def __str__(self) -> str:
        return f"{self.centre}：每月 {self.monthly_red_flags} 面红旗"


class WindowEvent(ScopedModel):
    """One recorded event of a window's monthly ledger (docs/schemes.md §6): date, rule of the shangyu-window
    scheme, points within the rule's range (判定分值), occurrences, note. Recorded by the director or the admin under
    the scheme version in force; a revoked event stops counting everywhere."""

    window = models.ForeignKey("centers.Window", verbose_name="窗口", on_delete=models.PROTECT,
                               related_name="ledger_events")
    scheme_version = models.ForeignKey("staff_scoring.SchemeVersion", verbose_name="考核方案版本",
                                       on_delete=models.PROTECT, related_name="window_events")
    rule = models.CharField("细则编号", max_length=20)
    kind = models.CharField("类型", max_length=10, choices=EventKind.choices)
    date = models.DateField("日期")
    occurrences = models.PositiveSmallIntegerField("次数", default=1,
                                                   validators=[MinValueValidator(1), MaxValueValidator(99)])
    points = models.DecimalField("分值（每次）", max_digits=4, decimal_places=1, null=True, blank=True)
    note = models.TextField("情况说明", blank=True)
    recorded_by = actor_field("记录人")
    recorded_at = models.DateTimeField("记录时间")
    status = models.CharField("状态", max_length=10, choices=EventStatus.choices, default=EventStatus.ACTIVE)
    revoked_by = actor_field("撤销人")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoke_reason = models.TextField("撤销理由", blank=True)

    scope_region_lookups = WINDOW_PATH

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["window", "date"], name="redflag_event_window_date_idx")]
        verbose_name = verbose_name_plural = "窗口考核记录"

    def __str__(self) -> str:
        return f"{self.window} {self.date:%Y-%m-%d} 细则{self.rule}"

    @property
    def is_active(self) -> bool:
        return self.status == EventStatus.ACTIVE


class DeclarationState(models.TextChoices):
    DECLARED = "declared", "已申报，待审核"
    CHECKED = "checked", "已审核，待审定"
    APPROVED = "approved", "已审定"
    RETURNED = "returned", "已退回"


class Declaration(ScopedModel):
    """附加分 declared for a window and a month (加分由各窗口在月底进行申报，职能科室进行审核，“中心”考核领导小组审定,
    上虞细则 二12). Only an approved declaration counts, its items dated on the month's last day; the category's cap of 5
    (with the information bonuses, D12) is the engine's."""

    window = models.ForeignKey("centers.Window", verbose_name="窗口", on_delete=models.PROTECT,
                               related_name="bonus_declarations")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月", validators=[MinValueValidator(1), MaxValueValidator(12)])
    scheme_version = models.ForeignKey("staff_scoring.SchemeVersion", verbose_name="考核方案版本",
                                       on_delete=models.PROTECT, related_name="window_declarations")
    state = models.CharField("状态", max_length=10, choices=DeclarationState.choices,
                             default=DeclarationState.DECLARED)
    note = models.TextField("申报说明", blank=True)
    declared_by = actor_field("申报人")
    declared_at = models.DateTimeField("申报时间")
    checked_by = actor_field("审核人")
    checked_at = models.DateTimeField("审核时间", null=True, blank=True)
    approved_by = actor_field("审定人")
    approved_at = models.DateTimeField("审定时间", null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)
    # Rises with every save and move: a declaration form loaded at an older revision is refused (core.revisions).
    revision = models.PositiveIntegerField("修订号", default=1)

    scope_region_lookups = WINDOW_PATH

    class Meta:
        ordering = ["-year", "-month", "window"]
        constraints = [
            models.UniqueConstraint(fields=["window", "year", "month"], name="redflag_declaration_one_per_month",
                                    violation_error_message="该窗口本月已有附加分申报，请在原申报中修改"),
        ]
        verbose_name = verbose_name_plural = "附加分申报"

    def __str__(self) -> str:
        return f"{self.window} {self.year}年{self.month}月附加分申报"

    @property
    def is_approved(self) -> bool:
        return self.state == DeclarationState.APPROVED

    @property
    def editable(self) -> bool:
        return self.state in (DeclarationState.DECLARED, DeclarationState.RETURNED)


class DeclarationItem(ScopedModel):
    """One 附加分 item of a declaration: the rule (A1–A13), the points asked (0.3—5) and the facts."""

    declaration = models.ForeignKey(Declaration, verbose_name="申报", on_delete=models.CASCADE, related_name="items")
    rule = models.CharField("加分情形", max_length=20)
    points = models.DecimalField("申报分值", max_digits=3, decimal_places=1)
    reason = models.TextField("事由")

    scope_region_lookups = ("declaration__window__centre__region__path",)

    class Meta:
        ordering = ["declaration", "id"]
        verbose_name = verbose_name_plural = "附加分申报事项"

    def __str__(self) -> str:
        return f"{self.rule} {self.points}分"


class MonthPublication(CentreScopedModel):
    """A centre's month, published (审定发布): the ranking as it stood, which the red flags, the last-place notices,
    the annual red flag and the monthly 通报 read. Publishing again replaces the month's rows."""

    centre = models.ForeignKey("centers.ServiceCentre", verbose_name="便民服务中心", on_delete=models.CASCADE,
                               related_name="red_flag_months")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月", validators=[MinValueValidator(1), MaxValueValidator(12)])
    scheme_version = models.ForeignKey("staff_scoring.SchemeVersion", verbose_name="考核方案版本",
                                       on_delete=models.PROTECT, related_name="+")
    red_flags = models.PositiveSmallIntegerField("红旗窗口数")
    published_by = actor_field("发布人")
    published_at = models.DateTimeField("发布时间")

    class Meta:
        ordering = ["centre", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "year", "month"], name="redflag_publication_one_per_month",
                                    violation_error_message="本中心这个月的考核结果已发布"),
        ]
        verbose_name = verbose_name_plural = "月度考核结果发布"

    def __str__(self) -> str:
        return f"{self.centre} {self.year}年{self.month}月考核结果"


class MonthResult(ScopedModel):
    """One window's line of a published month."""

    publication = models.ForeignKey(MonthPublication, verbose_name="发布", on_delete=models.CASCADE,
                                    related_name="results")
    window = models.ForeignKey("centers.Window", verbose_name="窗口", on_delete=models.PROTECT,
                               related_name="red_flag_results")
    score = models.DecimalField("总分", max_digits=6, decimal_places=1)
    bonus = models.DecimalField("附加分", max_digits=4, decimal_places=1)
    severe = models.DecimalField("倒扣分", max_digits=5, decimal_places=1)
    categories = models.JSONField("分类得分", default=list, help_text='[{"code", "title", "score", "max"}]')
    rank = models.PositiveSmallIntegerField("名次")
    eligible = models.BooleanField("可评红旗", default=True)
    red_flag = models.BooleanField("红旗窗口", default=False)
    last = models.BooleanField("排名末位", default=False)

    scope_region_lookups = WINDOW_PATH

    class Meta:
        ordering = ["publication", "rank", "window__number"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "window"], name="redflag_result_one_per_window",
                                    violation_error_message="同一窗口在一个月只有一个结果"),
        ]
        verbose_name = verbose_name_plural = "窗口月度考核结果"

    def __str__(self) -> str:
        return f"{self.window} 第{self.rank}名 {self.score}分"


class NoticeLevel(models.TextChoices):
    INTERNAL = "internal", "中心内部通报"
    DEPARTMENT = "department", "向派驻部门通报并追责"


class NoticeStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    WITHDRAWN = "withdrawn", "已撤回"


class LastPlaceNotice(CentreScopedModel):
    """A notice a window's last places call for (连续2个月/全年3次 → 内部通报; 连续3个月/全年4次 → 向部门通报并追责),
    made when a month is published. If a later publication no longer calls for it, it is withdrawn, not deleted."""

    centre = models.ForeignKey("centers.ServiceCentre", verbose_name="便民服务中心", on_delete=models.CASCADE,
                               related_name="last_place_notices")
    window = models.ForeignKey("centers.Window", verbose_name="窗口", on_delete=models.PROTECT,
                               related_name="last_place_notices")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月", validators=[MinValueValidator(1), MaxValueValidator(12)])
    level = models.CharField("通报类别", max_length=12, choices=NoticeLevel.choices)
    run = models.PositiveSmallIntegerField("连续末位月数")
    count = models.PositiveSmallIntegerField("全年累计末位次数")
    reason = models.CharField("依据", max_length=300)
    status = models.CharField("状态", max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.ACTIVE)
    created_at = models.DateTimeField("生成时间")
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)

    class Meta:
        ordering = ["-year", "-month", "centre", "window__number"]
        constraints = [
            models.UniqueConstraint(fields=["window", "year", "month"], name="redflag_notice_one_per_month",
                                    violation_error_message="该窗口这个月已有末位通报"),
        ]
        indexes = [models.Index(fields=["centre", "year"], name="redflag_notice_centre_year_idx")]
        verbose_name = verbose_name_plural = "末位通报"

    def __str__(self) -> str:
        return f"{self.window} {self.year}年{self.month}月 {self.get_level_display()}"

    @property
    def is_active(self) -> bool:
        return self.status == NoticeStatus.ACTIVE
