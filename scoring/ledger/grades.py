"""Flags (§5.4: consequences of an event, thresholds counted in their window, D2), grades (§5.5) and category
scores of a period. Pure, no Django."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import NamedTuple

from .model import ZERO, Scheme
from .periods import MONTHS_IN, LedgerError, Period, window_key
from .results import CategoryScore, EventLine, Flag, Item


def _flags(scheme: Scheme, items: list[Item], year: int) -> list[Flag]:
    """Every consequence raised by the events dated in ``year`` (§5.4), in time order."""
    rows = [
        FlagRow(item.event.date, item.recorded.code, item.rule.code, bool(item.event.aggravated), item.count)
        for item in sorted(items, key=lambda i: (i.event.date, i.index))
        if item.event.date.year == year
    ]
    return flags_of(scheme, rows)


class FlagRow(NamedTuple):
    """What ``flags_of`` needs of one valid event: its date, the rule recorded and the rule it is scored as (they
    differ for a referring rule), whether it was aggravated, and its occurrences (days already converted)."""

    date: dt.date
    recorded: str
    rule: str
    aggravated: bool
    count: int


def flags_of(scheme: Scheme, rows: Iterable[FlagRow]) -> list[Flag]:
    """The flags raised by ``rows`` — valid events of one calendar year, in time order (date, then the order they
    were recorded in). Rows of rules that raise nothing may be left out: a threshold counts only its own rule."""
    flags: list[Flag] = []
    counts: dict[tuple, int] = defaultdict(int)
    for row in rows:
        rule = scheme.rules[row.rule]
        recorded = scheme.rules[row.recorded]
        day = row.date
        raised: list[tuple[str, str]] = [
            (code, f"{recorded.label}（{day.isoformat()}）") for code in rule.consequences
        ]
        if rule.code != recorded.code:
            raised = [(code, f"{recorded.label}按{rule.label}（{day.isoformat()}）") for code in rule.consequences]
        if row.aggravated and rule.aggravated:
            raised += [(code, f"{rule.label}情节严重（{day.isoformat()}）") for code in rule.aggravated.consequences]
        for t_index, threshold in enumerate(rule.thresholds):
            key = (rule.code, t_index, window_key(threshold.per, day))
            before = counts[key]
            counts[key] += row.count
            if before < threshold.count <= counts[key]:
                raised += [
                    (
                        code,
                        f"{rule.label}{_per_text(threshold.per)}累计 {counts[key]} 次，达到 {threshold.count} 次以上（含本数，D2）（{day.isoformat()}）",
                    )
                    for code in threshold.consequences
                ]
        for code, why in raised:
            consequence = scheme.consequences[code]
            flags.append(
                Flag(
                    code,
                    consequence.text,
                    rule.code,
                    day,
                    why,
                    consequence.blocks_top_grade,
                    consequence.blocks_red_flag,
                )
            )
    return flags


def _per_text(per: str) -> str:
    return {"month": "当月", "quarter": "当季", "half": "半年内", "year": "全年"}[per]


def _bands(scheme: Scheme, category: str | None):
    if not scheme.grades:
        return None
    if not category:
        raise LedgerError(
            f"缺少人员类别（category），方案「{scheme.code}」按人员类别评定等次（可选：{'、'.join(scheme.employment_categories)}）"
        )
    bands = scheme.bands_for(category)
    if bands is None:
        raise LedgerError(
            f"人员类别「{category}」不在方案「{scheme.code}」的等次表中（可选：{'、'.join(scheme.employment_categories)}）"
        )
    return bands


def grade_of(scheme: Scheme, category: str | None, score: Decimal, period: Period,
             flags: Sequence[Flag]) -> tuple[str | None, str]:
    """The grade of ``score`` for ``category`` (§5.5) and why it is not the score's band, if so (a yearly flag that
    blocks the top grade, §5.4). Raises ``LedgerError`` for a category the scheme does not grade."""
    return _grade(_bands(scheme, category), score, period, flags)


def _grade(bands, score: Decimal, period: Period, flags: Sequence[Flag]) -> tuple[str | None, str]:
    if bands is None:
        return None, ""
    position = next(i for i, band in enumerate(bands) if band.min is None or score >= band.min)
    grade = bands[position].label
    blocking = [flag for flag in flags if flag.blocks_top_grade]
    if period.kind == "year" and position == 0 and blocking:
        lower = bands[1].label
        return lower, f"{blocking[0].text}（{blocking[0].why}）：年度等次不评{grade}，定为{lower}"
    return grade, ""


def _category_scores(scheme: Scheme, lines: list[EventLine], period: Period) -> tuple[CategoryScore, ...]:
    counted: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        counted[scheme.rules[line.scored_as].category] += line.counted
    result = []
    for category in scheme.categories.values():
        total = counted[category.code]
        maximum = None
        score = None
        if category.max is not None:
            maximum = category.max * _windows_in(category.max_per, period)
            score = maximum - total if category.kind == "deduction" else total
        result.append(CategoryScore(category.code, category.title, category.kind, maximum, total, score))
    return tuple(result)


def _windows_in(per: str, period: Period) -> int:
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    return max(1, months // MONTHS_IN[per])
