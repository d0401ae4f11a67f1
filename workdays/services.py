"""Writes to the calendar: import a year from chinesecalendar, or enter it from the pasted State Council notice."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from core import audit
from workdays import official
from workdays.models import OfficialDay, ScheduleSource, YearSchedule


@transaction.atomic
def schedule_import_from_library(*, year: int, actor=None, replace: bool = False) -> YearSchedule:
    """Enter ``year``'s official schedule from chinesecalendar. Safe to re-run: an existing year is left alone unless
    ``replace`` (then its official days are replaced; local overrides are never touched).

    Raises ValidationError (in Chinese) when the library does not know the year — never NotImplementedError.
    """
    days = official.official_days(year)
    if days is None:
        known = official.library_years()
        span = f"{known.start}–{known.stop - 1} 年" if known else "任何年份"
        raise ValidationError({"year": gettext("内置的节假日安排只包含 %(span)s 的数据，没有 %(year)s 年；请在管理后台手工录入该年度安排。") % {"span": span, "year": year}})
    schedule = YearSchedule.objects.filter(year=year).first()
    if schedule and not replace:
        return schedule
    before = None
    if schedule:
        before = [f"{d.date:%Y-%m-%d} {d.kind}" for d in schedule.days.all()]
        schedule.days.all().delete()
        schedule.source = ScheduleSource.LIBRARY
        schedule.updated_by = actor if actor is not None and actor.is_authenticated else None
        schedule.save()
    else:
        schedule = YearSchedule.objects.create(
            year=year, source=ScheduleSource.LIBRARY, basis=f"国务院办公厅关于{year}年部分节假日安排的通知",
            updated_by=actor if actor is not None and actor.is_authenticated else None,
        )
    OfficialDay.objects.bulk_create(OfficialDay(schedule=schedule, date=d.day, kind=d.kind, name=d.name) for d in days)
    if actor is not None:
        audit.record(
            actor=actor, action="导入年度节假日安排", target=schedule, before=before,
            after=[f"{d.day:%Y-%m-%d} {d.kind}" for d in days], summary=str(schedule),
        )
    return schedule


@transaction.atomic
def schedule_enter(*, year: int, days, actor, basis: str = "") -> YearSchedule:
    """Enter ``year``'s official schedule by hand (the admin pastes the State Council's notice, workdays.notice):
    the year's official days are replaced by ``days`` (NoticeDay-like: day, kind, name) in one transaction, audited.
    Local overrides are never touched."""
    schedule = YearSchedule.objects.select_for_update().filter(year=year).first()
    before = None
    if schedule:
        before = [f"{d.date:%Y-%m-%d} {d.kind}" for d in schedule.days.all()]
        schedule.days.all().delete()
    else:
        schedule = YearSchedule(year=year)
    schedule.source = ScheduleSource.MANUAL
    schedule.basis = (basis or "").strip()[:200] or f"国务院办公厅关于{year}年部分节假日安排的通知"
    schedule.updated_by = actor
    schedule.full_clean()
    schedule.save()
    rows = [OfficialDay(schedule=schedule, date=d.day, kind=d.kind, name=d.name) for d in days]
    for row in rows:
        row.full_clean(exclude=["date"])  # date uniqueness: the year's old rows are gone, other years cannot clash
        if row.date.year != year:
            raise ValidationError({"text": gettext("%(date)s 不在 %(year)s 年内") % {"date": f'{row.date:%Y-%m-%d}', "year": year}})
    OfficialDay.objects.bulk_create(rows)
    audit.record(actor=actor, action="录入年度节假日安排", target=schedule, before=before,
                 after=[f"{r.date:%Y-%m-%d} {r.kind}" for r in rows], summary=str(schedule))
    return schedule
