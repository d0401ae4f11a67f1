"""The working-day calendar as data (D11): each year's official schedule, and local overrides.

A year is "known" when it has a ``YearSchedule`` row, even an empty one (a year with no adjusted days is possible in
principle). Years without a row count weekends only, and deadlines through them carry a red warning.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from core.models import actor_field


class DayKind(models.TextChoices):
    OFF = "off", "放假"
    ON = "on", "上班（调休）"


class ScheduleSource(models.TextChoices):
    LIBRARY = "library", "国务院办公厅节假日安排（内置数据）"
    MANUAL = "manual", "手工录入"


class YearSchedule(models.Model):
    """The State Council's holiday schedule (国务院办公厅关于某年部分节假日安排的通知) for one year."""

    year = models.PositiveSmallIntegerField(
        "年度", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": "该年度的节假日安排已存在"},
    )
    source = models.CharField("来源", max_length=10, choices=ScheduleSource.choices, default=ScheduleSource.MANUAL)
    basis = models.CharField("依据文件", max_length=200, blank=True, help_text=gettext_lazy("如：国务院办公厅关于2025年部分节假日安排的通知"))
    note = models.TextField("备注", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = actor_field("更新人")

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "年度节假日安排"

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class OfficialDay(models.Model):
    """One day of a year's schedule: a day off (放假) or a weekend day made a working day (调休上班)."""

    schedule = models.ForeignKey(YearSchedule, verbose_name="年度", on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True, error_messages={"unique": "这一天已在节假日安排中"})
    kind = models.CharField("类型", max_length=3, choices=DayKind.choices)
    name = models.CharField("节日", max_length=40, blank=True, help_text=gettext_lazy("如：国庆节、春节调休"))

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "节假日安排日"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"

    def clean(self) -> None:
        errors = {}
        schedule = getattr(self, "schedule", None) if self.schedule_id or "schedule" in self._state.fields_cache else None
        if self.date and schedule and schedule.year and self.date.year != schedule.year:
            errors["date"] = f"日期应在 {schedule.year} 年内"
        if self.date and self.kind == DayKind.ON and self.date.weekday() < 5:
            errors["kind"] = "调休上班日应为周六或周日（工作日本来就上班）"
        if errors:
            raise ValidationError(errors)


class LocalDay(models.Model):
    """A local override: a day off or a working day decided locally (e.g. a local holiday). Wins over the official
    schedule and applies in years without one as well."""

    date = models.DateField("日期", unique=True, error_messages={"unique": "这一天已有本地调整"})
    kind = models.CharField("类型", max_length=3, choices=DayKind.choices)
    reason = models.CharField("原因", max_length=200)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "本地工作日调整"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}（本地）"
