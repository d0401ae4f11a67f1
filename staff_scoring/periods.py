"""Scored periods around today: the current one of a kind, the one before, every period of a year (switchers)."""

from __future__ import annotations

import datetime as dt

from scoring.ledger import Period, parse_period

KINDS = {"month": "月度", "quarter": "季度", "half": "半年度", "year": "年度"}


def period_containing(day: dt.date, kind: str = "month") -> Period:
    if kind == "month":
        return parse_period(f"{day.year}-{day.month:02d}")
    if kind == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    if kind == "half":
        return parse_period(f"{day.year}-H{1 if day.month <= 6 else 2}")
    return parse_period(str(day.year))


def previous(period: Period) -> Period:
    """The period of the same kind just before (October → September, Q1 → last year's Q4, 2026 → 2025)."""
    return period_containing(period.start - dt.timedelta(days=1), period.kind)


def months_of(period: Period) -> list[Period]:
    months, day = [], period.start
    while day <= period.end:
        months.append(period_containing(day))
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def last_months(end: Period, count: int = 12) -> list[Period]:
    """The ``count`` months ending with the month ``end`` ends in, oldest first."""
    months = [period_containing(end.end)]
    while len(months) < count:
        months.insert(0, previous(months[0]))
    return months


def periods_of_year(year: int) -> list[Period]:
    labels = [f"{year}-{m:02d}" for m in range(1, 13)] + [f"{year}-Q{q}" for q in range(1, 5)]
    labels += [f"{year}-H1", f"{year}-H2", str(year)]
    return [parse_period(label) for label in labels]

