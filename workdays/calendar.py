"""The working-day calendar (D11, 街道提升年方案 附件5 限时办结制): pure functions over the holiday data. No Django import.

A day is a working day when it is a weekday (Mon–Fri) that the official schedule does not give off, or a weekend day
the schedule makes a working day (调休上班). Local overrides win over the official schedule. A year nobody entered
(``HolidayData.known_years`` lacks it) counts weekends only: deadlines that touch it are *estimated* and every page
showing one says so in red (``templates/workdays/_deadline.html``).

Time limits count from the day after receipt (街道提升年方案 附件5 限时办结制 三8: "从收到相关文件、材料或指令的次日起计算"):

    add_workdays(date(2025, 9, 30), 1, data) == date(2025, 10, 9)   # 10-01..10-08 off in 2025
    add_workdays(date(2025, 9, 26), 1, data) == date(2025, 9, 28)   # Sunday 09-28 is an adjusted working day
    workdays_between(start, add_workdays(start, n, data), data) == n   # for n ≥ 1

Load the data once per request with ``workdays.selectors.holiday_data()`` and pass it around; the functions here
never touch the database.

API (small on purpose; others import it):

    HolidayData(off=…, on=…, known_years=…)      the schedule: days off, working weekend days, years entered
    is_workday(day, data) -> bool
    add_workdays(start, n, data) -> date         the n-th working day after ``start`` (n = 0 gives ``start``)
    workdays_between(start, end, data) -> int    working days d with start < d ≤ end (negative if end < start)
    missing_years(start, end, data) -> tuple     years in [start, end] with no official schedule
    deadline(start, n, data) -> Deadline         due date + whether it is an estimate, and overdue checks
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
# A guard against a calendar with (almost) no working days: never loop for ever, never silently.
MAX_SCAN_DAYS = 3660


class CalendarError(ValueError):
    """A question the calendar cannot answer (negative limit, no working day within ten years)."""


@dataclass(frozen=True)
class HolidayData:
    """The holiday schedule as plain sets. ``off``: days off that would otherwise be weekdays (holidays; weekend
    days in the set are harmless); ``on``: weekend days that are working days; ``known_years``: years whose official
    schedule was entered. Local overrides are already folded in (they win)."""

    off: frozenset[date] = field(default_factory=frozenset)
    on: frozenset[date] = field(default_factory=frozenset)
    known_years: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def build(
        cls,
        *,
        official_off: Iterable[date] = (),
        official_on: Iterable[date] = (),
        known_years: Iterable[int] = (),
        local_off: Iterable[date] = (),
        local_on: Iterable[date] = (),
    ) -> HolidayData:
        local_off, local_on = frozenset(local_off), frozenset(local_on)
        off = (frozenset(official_off) - local_on) | local_off
        on = (frozenset(official_on) - local_off) | local_on
        return cls(off=off, on=on, known_years=frozenset(known_years))


WEEKENDS_ONLY = HolidayData()


def is_workday(day: date, data: HolidayData = WEEKENDS_ONLY) -> bool:
    if day in data.on:
        return True
    if day in data.off:
        return False
    return day.weekday() < 5


def add_workdays(start: date, n: int, data: HolidayData = WEEKENDS_ONLY) -> date:
    """The ``n``-th working day after ``start``, counting from the day after (街道提升年方案 附件5 限时办结制 三8). ``n = 0``: ``start``."""
    if n < 0:
        raise CalendarError("工作日数不能为负数")
    day, left = start, n
    for _ in range(MAX_SCAN_DAYS + n):
        if left == 0:
            return day
        day += ONE_DAY
        if is_workday(day, data):
            left -= 1
    raise CalendarError(f"自 {start} 起十年内找不到 {n} 个工作日，请检查工作日历")


def workdays_between(start: date, end: date, data: HolidayData = WEEKENDS_ONLY) -> int:
    """Working days d with ``start < d ≤ end`` (the day of receipt does not count); negative when ``end < start``."""
    if end < start:
        return -workdays_between(end, start, data)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        if is_workday(day, data):
            count += 1
    return count


def missing_years(start: date, end: date, data: HolidayData = WEEKENDS_ONLY) -> tuple[int, ...]:
    """Years in ``[start, end]`` with no official schedule: a deadline through them counts weekends only."""
    low, high = sorted((start.year, end.year))
    return tuple(year for year in range(low, high + 1) if year not in data.known_years)


@dataclass(frozen=True)
class Deadline:
    """A time limit of ``days`` working days from the day after ``start``; ``due`` is its last day."""

    start: date
    days: int
    due: date
    missing_years: tuple[int, ...] = ()

    @property
    def estimated(self) -> bool:
        """True when a year of the span has no official schedule (weekends only): show the red warning."""
        return bool(self.missing_years)

    def is_overdue(self, today: date, done_on: date | None = None) -> bool:
        """Past due: done after the due day, or not done and today is after it."""
        return (done_on or today) > self.due

    def days_left(self, today: date, data: HolidayData = WEEKENDS_ONLY) -> int:
        """Working days from today to the due day (0 on the due day, negative once overdue)."""
        return workdays_between(today, self.due, data)


def deadline(start: date, days: int, data: HolidayData = WEEKENDS_ONLY) -> Deadline:
    due = add_workdays(start, days, data)
    return Deadline(start=start, days=days, due=due, missing_years=missing_years(start, due, data))
