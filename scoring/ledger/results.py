"""What the ledger engine returns: a period's result, its lines, flags and category scores, and the resolved event
the engine works on. Pure, no Django."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .events import Event
from .model import Rule, Scheme
from .periods import Period


@dataclass(frozen=True)
class PlainTotal:
    """Aggregated events of one plain rule within the period (e.g. a database GROUP BY rule, aggravated, points,
    level): ``occurrences`` summed, ``days`` summed for per-day rules, ``points`` the per-occurrence value when the
    recorder picked it (aggravated or judged rules). Only for rules not in ``windowed_rule_codes(scheme)``."""

    rule: str
    occurrences: int = 0
    days: Decimal | None = None
    points: Decimal | None = None
    aggravated: bool = False
    level: str | None = None


@dataclass(frozen=True)
class EventLine:
    """What one event (or one ``PlainTotal`` row) did to the period's score. Points are magnitudes: a deduction
    line with ``counted`` 6 takes 6 from the score, a bonus line adds it. ``nominal`` = counted + capped."""

    index: int | None  # position in the events input; None for a PlainTotal row
    event: Event | None
    rule: str  # the code as recorded
    scored_as: str  # the code the points come from (differs for a referring rule: "27" → "24")
    kind: str  # deduction | bonus
    date: dt.date | None  # the event's date (None for a PlainTotal row)
    credited: dt.date | None  # where the points land (D16: awards on 31 December)
    nominal: Decimal
    counted: Decimal
    capped: Decimal
    why: str  # Chinese

    @property
    def signed(self) -> Decimal:
        return -self.counted if self.kind == "deduction" else self.counted


@dataclass(frozen=True)
class Flag:
    """A yearly consequence (取消年度评优资格, 移交纪委 …) raised by an event of the calendar year."""

    code: str
    text: str
    rule: str
    date: dt.date
    why: str
    blocks_top_grade: bool = False
    blocks_red_flag: bool = False


@dataclass(frozen=True)
class CategoryScore:
    code: str
    title: str
    kind: str
    max: Decimal | None
    counted: Decimal  # points deducted (or added) in the category within the period
    score: Decimal | None  # max − deducted for a deduction category with a max; the capped sum for a bonus one


@dataclass(frozen=True)
class PeriodResult:
    scheme: Scheme
    category: str | None  # employment category (公务员编制 …)
    period: Period
    base: Decimal
    score: Decimal
    deductions: Decimal
    bonus: Decimal
    grade: str | None
    grade_note: str  # why the grade is not the band of the score, if so (Chinese)
    flags: tuple[Flag, ...]  # every flag of the period's calendar year, in time order
    lines: tuple[EventLine, ...]  # in time order
    categories: tuple[CategoryScore, ...]
    floor_applied: bool
    eligible_red_flag: bool  # no red-flag-blocking consequence dated in the period (window schemes)

    @property
    def flag_texts(self) -> tuple[str, ...]:
        """Distinct flag texts, in the order first raised."""
        return tuple(dict.fromkeys(flag.text for flag in self.flags))


@dataclass(frozen=True)
class Item:
    """An event resolved against its scheme: the rule it is scored as, its occurrences, points each, the Chinese
    account of them, and the day its points land (D16)."""

    index: int
    event: Event
    recorded: Rule
    rule: Rule  # effective
    count: int
    each: Decimal
    how: str
    credited: dt.date

    @property
    def order(self) -> tuple[dt.date, int]:
        return (self.credited, self.index)
