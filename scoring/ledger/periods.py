"""Scored periods (宝林镇方案 四: 月度、季度、半年度、年度) and the calendar windows of caps and thresholds."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|[Qq](?P<quarter>[1-4])|[Hh](?P<half>[12])))?$")

KIND_TEXT = {"month": "月度", "quarter": "季度", "half": "半年度", "year": "年度"}


class LedgerError(ValueError):
    """A problem with the input of a ledger computation (not with the scheme). The message is Chinese."""


class PeriodError(LedgerError):
    pass


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    kind: str  # month | quarter | half | year
    label: str  # "2026-10", "2026-Q4", "2026-H2", "2026"

    @property
    def year(self) -> int:
        return self.start.year

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def title(self) -> str:
        """Chinese, e.g. "2026年10月" / "2026年第4季度" / "2026年下半年" / "2026年度"."""
        if self.kind == "month":
            return f"{self.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.year}年第{(self.start.month - 1) // 3 + 1}季度"
        if self.kind == "half":
            return f"{self.year}年{'上' if self.start.month == 1 else '下'}半年"
        return f"{self.year}年度"


def parse_period(text: str) -> Period:
    """ "2026-10" (month), "2026-Q4" (quarter), "2026-H2" (half year) or "2026" (year) → ``Period``."""
    match = _PERIOD_RE.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise PeriodError(
            f"考评期「{text}」格式不对：应为 2026-10（月度）、2026-Q4（季度）、2026-H2（半年度）或 2026（年度）"
        )
    year = int(match["year"])
    if year < 1900:
        raise PeriodError(f"考评期「{text}」的年份不对")
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise PeriodError(f"考评期「{text}」的月份应在 01—12 之间")
        return Period(dt.date(year, month, 1), last_day(year, month), "month", f"{year}-{month:02d}")
    if match["quarter"]:
        q = int(match["quarter"])
        return Period(dt.date(year, 3 * q - 2, 1), last_day(year, 3 * q), "quarter", f"{year}-Q{q}")
    if match["half"]:
        h = int(match["half"])
        return Period(dt.date(year, 6 * h - 5, 1), last_day(year, 6 * h), "half", f"{year}-H{h}")
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", str(year))


def last_day(year: int, month: int) -> dt.date:
    """The last day of a month: ``last_day(2024, 2)`` → 2024-02-29."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_end(day: dt.date, month: int | None = None) -> dt.date:
    """The last day of ``month`` (default: the day's own month) in the day's year."""
    return last_day(day.year, month or day.month)


MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "year": 12}  # months in a calendar window


def window_key(per: str, day: dt.date) -> tuple[int, ...]:
    """The calendar window a day falls in, for a cap or threshold counted ``per`` month/quarter/half/year."""
    if per == "month":
        return (day.year, day.month)
    if per == "quarter":
        return (day.year, (day.month - 1) // 3 + 1)
    if per == "half":
        return (day.year, 1 if day.month <= 6 else 2)
    if per == "year":
        return (day.year,)
    raise ValueError(f"not a calendar window: {per!r}")
