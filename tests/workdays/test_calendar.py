"""The pure calendar (D11, 街道提升年方案 附件5 限时办结制 三8) on chinesecalendar's 2025 schedule; no database."""

from datetime import date

import pytest

from workdays import official
from workdays.calendar import (
    CalendarError,
    HolidayData,
    add_workdays,
    deadline,
    is_workday,
    missing_years,
    workdays_between,
)


def library_data(*years: int, local_off=(), local_on=()) -> HolidayData:
    days = [d for year in years for d in official.official_days(year)]
    return HolidayData.build(
        official_off=[d.day for d in days if d.kind == official.OFF],
        official_on=[d.day for d in days if d.kind == official.ON],
        known_years=years, local_off=local_off, local_on=local_on,
    )


DATA_2025 = library_data(2024, 2025, 2026)


def test_chinesecalendar_gives_national_day_2025_off_and_its_two_weekend_days_on():
    days = {d.day: d for d in official.official_days(2025)}
    assert all(days[date(2025, 10, n)].kind == "off" for n in range(1, 9))
    assert days[date(2025, 9, 28)].kind == "on" and days[date(2025, 9, 28)].name == "国庆节调休"
    assert days[date(2025, 10, 11)].kind == "on"
    assert days[date(2025, 10, 1)].name == "国庆节"


def test_the_library_knows_no_2027_and_says_so_without_raising():
    assert official.official_days(2027) is None
    assert 2026 in official.library_years() and 2027 not in official.library_years()


@pytest.mark.parametrize("day, worked", [
    (date(2025, 9, 26), True),    # Friday
    (date(2025, 9, 27), False),   # Saturday
    (date(2025, 9, 28), True),    # Sunday, adjusted working day
    (date(2025, 10, 1), False),
    (date(2025, 10, 6), False),   # Mid-autumn inside the block
    (date(2025, 10, 8), False),   # Wednesday, still off
    (date(2025, 10, 9), True),
    (date(2025, 10, 11), True),   # Saturday, adjusted working day
    (date(2025, 10, 12), False),
])
def test_a_day_is_a_working_day_by_the_official_schedule(day, worked):
    assert is_workday(day, DATA_2025) is worked


@pytest.mark.parametrize("received, days, due", [
    (date(2025, 9, 30), 1, date(2025, 10, 9)),    # counting starts the day after receipt and skips 10-01..10-08
    (date(2025, 9, 26), 1, date(2025, 9, 28)),    # the adjusted Sunday is a working day
    (date(2025, 9, 26), 2, date(2025, 9, 29)),
    (date(2025, 9, 26), 5, date(2025, 10, 10)),   # 09-28, 09-29, 09-30, 10-09, 10-10
    (date(2025, 9, 29), 5, date(2025, 10, 13)),   # 09-30, 10-09, 10-10, 10-11 (Sat, on), 10-13
    (date(2025, 10, 10), 1, date(2025, 10, 11)),  # the adjusted Saturday
    (date(2025, 10, 11), 1, date(2025, 10, 13)),
    (date(2025, 9, 30), 15, date(2025, 10, 28)),  # 10-09..10-11 (3), 13–17 (8), 20–24 (13), 27, 28
])
def test_a_deadline_lands_on_the_right_working_day_around_national_day_2025(received, days, due):
    assert add_workdays(received, days, DATA_2025) == due
    assert workdays_between(received, due, DATA_2025) == days


def test_receipt_on_a_holiday_counts_from_the_next_day_too():
    assert add_workdays(date(2025, 10, 3), 1, DATA_2025) == date(2025, 10, 9)
    assert add_workdays(date(2025, 10, 3), 0, DATA_2025) == date(2025, 10, 3)


def test_workdays_between_is_the_inverse_of_add_workdays():
    start = date(2025, 9, 20)
    for n in range(0, 40):
        assert workdays_between(start, add_workdays(start, n, DATA_2025), DATA_2025) == n
    assert workdays_between(date(2025, 10, 10), date(2025, 9, 30), DATA_2025) == -2


def test_a_year_without_a_schedule_counts_weekends_only_and_is_marked_estimated():
    # 2027: nobody entered it. 2027-10-01 is a Friday; weekends only.
    result = deadline(date(2027, 9, 30), 1, DATA_2025)
    assert result.due == date(2027, 10, 1)
    assert result.estimated and result.missing_years == (2027,)
    known = deadline(date(2025, 9, 30), 1, DATA_2025)
    assert not known.estimated and known.due == date(2025, 10, 9)


def test_a_deadline_that_crosses_into_an_unknown_year_is_estimated():
    result = deadline(date(2026, 12, 28), 5, DATA_2025)
    assert result.missing_years == (2027,)
    assert missing_years(date(2026, 1, 1), date(2026, 12, 31), DATA_2025) == ()


def test_local_overrides_win_over_the_official_schedule():
    data = library_data(2025, local_off=[date(2025, 9, 29)], local_on=[date(2025, 10, 8)])
    assert not is_workday(date(2025, 9, 29), data)
    assert is_workday(date(2025, 10, 8), data)
    assert add_workdays(date(2025, 9, 30), 1, data) == date(2025, 10, 8)


def test_overdue_is_after_the_due_day_and_a_late_finish_stays_overdue():
    result = deadline(date(2025, 9, 30), 1, DATA_2025)
    assert not result.is_overdue(date(2025, 10, 9))
    assert result.is_overdue(date(2025, 10, 10))
    assert result.is_overdue(date(2025, 10, 9), done_on=date(2025, 10, 10))
    assert not result.is_overdue(date(2025, 12, 1), done_on=date(2025, 10, 8))
    assert result.days_left(date(2025, 9, 30), DATA_2025) == 1
    assert result.days_left(date(2025, 10, 10), DATA_2025) == -1


def test_impossible_questions_raise_a_calendar_error_not_a_hang():
    with pytest.raises(CalendarError):
        add_workdays(date(2025, 1, 1), -1)
    everything_off = HolidayData(off=frozenset(date.fromordinal(date(2025, 1, 1).toordinal() + i) for i in range(4000)))
    with pytest.raises(CalendarError):
        add_workdays(date(2025, 1, 1), 1, everything_off)


def test_the_calendar_module_does_not_import_django():
    import ast
    from pathlib import Path

    import workdays.calendar as module

    tree = ast.parse(Path(module.__file__).read_text())
    names = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any(name.startswith("django") for name in names)
