"""Reading the calendar from the database. The calendar is public knowledge: no scope applies.

    data = holiday_data()                  # 3 small queries; load once per request and pass it on
    dl = deadline_for(received_on, 15, data)
    dl.due, dl.estimated, dl.is_overdue(today)
"""

from __future__ import annotations

from datetime import date

from workdays import calendar
from workdays.models import DayKind, LocalDay, OfficialDay, YearSchedule


def holiday_data() -> calendar.HolidayData:
    """The whole calendar (official schedules and local overrides) as ``calendar.HolidayData``."""
    official = list(OfficialDay.objects.values_list("date", "kind"))
    local = list(LocalDay.objects.values_list("date", "kind"))
    return calendar.HolidayData.build(
        official_off=(d for d, k in official if k == DayKind.OFF),
        official_on=(d for d, k in official if k == DayKind.ON),
        known_years=YearSchedule.objects.values_list("year", flat=True),
        local_off=(d for d, k in local if k == DayKind.OFF),
        local_on=(d for d, k in local if k == DayKind.ON),
    )


def preview_data(year: int, days) -> calendar.HolidayData:
    """The calendar as it would be with ``year``'s official days replaced by ``days`` (day, kind): for a preview."""
    official = [(d, k) for d, k in OfficialDay.objects.exclude(date__year=year).values_list("date", "kind")]
    official += [(d.day, d.kind) for d in days]
    local = list(LocalDay.objects.values_list("date", "kind"))
    return calendar.HolidayData.build(
        official_off=(d for d, k in official if k == DayKind.OFF),
        official_on=(d for d, k in official if k == DayKind.ON),
        known_years={*YearSchedule.objects.values_list("year", flat=True), year},
        local_off=(d for d, k in local if k == DayKind.OFF),
        local_on=(d for d, k in local if k == DayKind.ON),
    )


def deadline_for(start: date, days: int, data: calendar.HolidayData | None = None) -> calendar.Deadline:
    """``days`` working days from the day after ``start``; pass ``data`` when computing many."""
    return calendar.deadline(start, days, data if data is not None else holiday_data())


def schedules():
    """Every entered year with its counts of days off and working weekend days, newest first."""
    from django.db.models import Count, Q

    return YearSchedule.objects.annotate(
        off_count=Count("days", filter=Q(days__kind=DayKind.OFF)),
        on_count=Count("days", filter=Q(days__kind=DayKind.ON)),
    ).select_related("updated_by")


def year_days(year: int) -> tuple[YearSchedule | None, list[OfficialDay], list[LocalDay]]:
    schedule = YearSchedule.objects.filter(year=year).first()
    days = list(OfficialDay.objects.filter(date__year=year)) if schedule else []
    local = list(LocalDay.objects.filter(date__year=year))
    return schedule, days, local


def year_grid(year: int, data: calendar.HolidayData, names: dict[date, str]) -> list[dict]:
    """Twelve month grids (weeks Monday first) for the year page: each cell says whether the day is worked."""
    import calendar as stdlib_calendar

    months = []
    for month in range(1, 13):
        weeks = []
        for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append([
                {
                    "day": d, "in_month": d.month == month, "workday": calendar.is_workday(d, data),
                    "weekend": d.weekday() >= 5, "name": names.get(d, ""),
                }
                for d in week
            ])
        months.append({"month": month, "weeks": weeks})
    return months
