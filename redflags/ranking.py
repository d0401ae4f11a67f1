"""The red flag (流动红旗) as pure functions over many windows' monthly results: 上虞细则 一、考核方法, docs/domain.md §6.

No Django: the app passes plain values (a window's key, its monthly score, whether a severe item barred
it that month) and stores what comes back. Readings of the seed, used throughout (docs/redflags.md §3):

* Ranking is by score, highest first, "competition" style: equal scores share a rank and the next rank skips
  (100, 98, 98, 95 → 1, 2, 2, 4). Equal scores keep the caller's order on the page (window number).
* Red flags (评定前8位为“红旗”窗口): the top ``red_flags`` windows among those not barred that month (D13). Barred
  windows are skipped, not counted: the next eligible window moves up. Windows tied at the cut-off all get one.
* Last place (末位): the windows with the lowest score that month, when at least two windows were ranked and not
  all of them scored the same (a month where every window has 100 has no last place). Ties share the last place.
* Notices: at each month a window is last, with ``c`` consecutive months last (this one included) and ``n`` last
  places in the calendar year so far: ``c ≥ 3`` or ``n ≥ 4`` → notice to the department and accountability
  (通报派驻部门并追责); otherwise ``c ≥ 2`` or ``n ≥ 3`` → internal notice (内部通报). "连续" counts calendar
  months that were ranked: a month not ranked breaks the run. Runs and counts stay within the calendar year
  (the rules are a yearly document: 2015年度…月考核细则).
* Annual red flag (年度红旗窗口, "以月度考核为基础进行年度考评"): windows ranked by their average monthly score over the
  year's ranked months; the top ``red_flags`` of those not excluded. Excluded: last place twice or more in the year
  (月度考核累计两次排名末位的窗口不得评为年度红旗窗口), and barred by a severe item in any month of the year (一律取消
  当月和年度评先资格, D13).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

INTERNAL = "internal"
DEPARTMENT = "department"
LEVEL_TEXT = {INTERNAL: "中心内部通报", DEPARTMENT: "向派驻部门（单位）通报并实行责任追究"}


@dataclass(frozen=True)
class MonthScore:
    """One window's monthly result as the ranking needs it."""

    key: Hashable
    score: Decimal
    eligible: bool = True  # False when a severe item (S1–S7) barred the window this month (D13)


@dataclass(frozen=True)
class Placing:
    key: Hashable
    score: Decimal
    rank: int  # competition rank among every window ranked this month
    eligible: bool
    red_flag: bool
    last: bool


def rank_month(scores: Iterable[MonthScore], red_flags: int = 8) -> list[Placing]:
    """The month's ranking, best first (see the module docstring for ties, skipping and last place)."""
    if isinstance(red_flags, bool) or not isinstance(red_flags, int) or red_flags < 0:
        raise ValueError(f"红旗窗口数应为不小于 0 的整数，实际是「{red_flags}」")
    ordered = sorted(scores, key=lambda s: -s.score)  # stable: ties keep the caller's order
    keys = [s.key for s in ordered]
    if len(set(keys)) != len(keys):
        raise ValueError("同一窗口在一个月的排名中出现了两次")
    all_scores = [s.score for s in ordered]
    eligible_scores = [s.score for s in ordered if s.eligible]
    lowest = min(all_scores) if all_scores else None
    has_last = len(ordered) >= 2 and len(set(all_scores)) >= 2
    placings = []
    for entry in ordered:
        rank = 1 + sum(1 for other in all_scores if other > entry.score)
        eligible_rank = 1 + sum(1 for other in eligible_scores if other > entry.score)
        placings.append(
            Placing(
                key=entry.key,
                score=entry.score,
                rank=rank,
                eligible=entry.eligible,
                red_flag=entry.eligible and eligible_rank <= red_flags,
                last=has_last and entry.score == lowest,
            )
        )
    return placings


@dataclass(frozen=True)
class NoticeRules:
    """The last-place thresholds of 上虞细则 一1 (D2: "连续2个月", "累计3次" include the number)."""

    internal_run: int = 2
    internal_count: int = 3
    department_run: int = 3
    department_count: int = 4


@dataclass(frozen=True)
class NoticeDue:
    key: Hashable
    month: int
    level: str  # INTERNAL | DEPARTMENT
    run: int  # consecutive months last, this one included
    count: int  # last places in the year so far, this one included
    reason: str  # Chinese

    @property
    def level_text(self) -> str:
        return LEVEL_TEXT[self.level]


def last_place_notices(last_by_month: Mapping[int, Collection[Hashable]], rules: NoticeRules = NoticeRules()) -> list[NoticeDue]:
    """The notices a year of rankings calls for, in month order.

    ``last_by_month`` maps each ranked month (1–12) of one calendar year to the keys in last place that month (an
    empty collection when the month was ranked and had no last place). Months missing from the mapping were not
    ranked and break a run.
    """
    for month in last_by_month:
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            raise ValueError(f"月份应为 1—12 的整数，实际是「{month}」")
    runs: dict[Hashable, int] = {}
    counts: dict[Hashable, int] = {}
    due: list[NoticeDue] = []
    for month in sorted(last_by_month):
        previous = last_by_month.get(month - 1) if month > 1 else None
        for key in _ordered(last_by_month[month]):
            run = runs.get(key, 0) + 1 if previous is not None and key in previous else 1
            runs[key] = run
            counts[key] = counts.get(key, 0) + 1
            count = counts[key]
            # the heavier level first: a key that reaches it is not also given the lighter one
            for level, run_limit, count_limit in (
                (DEPARTMENT, rules.department_run, rules.department_count),
                (INTERNAL, rules.internal_run, rules.internal_count),
            ):
                reasons = []
                if run >= run_limit:
                    reasons.append(f"连续 {run} 个月排名末位（{run_limit} 个月以上）")
                if count >= count_limit:
                    reasons.append(f"全年累计 {count} 次排名末位（{count_limit} 次以上）")
                if reasons:
                    reason = "；".join(reasons) + f"：{LEVEL_TEXT[level]}"
                    due.append(NoticeDue(key, month, level, run, count, reason))
                    break
    return due


def _ordered(keys: Collection[Hashable]) -> list[Hashable]:
    try:
        return sorted(keys)  # type: ignore[type-var]
    except TypeError:
        return list(keys)


@dataclass(frozen=True)
class AnnualPlacing:
    key: Hashable
    months: int  # ranked months of the year
    average: Decimal  # average monthly score, to 0.01
    red_flag_months: int
    last_places: int
    barred_months: tuple[int, ...]  # months with a severe item (D13)
    excluded: tuple[str, ...]  # Chinese reasons the window cannot get the annual red flag
    rank: int  # competition rank by average among every window ranked in the year
    red_flag: bool


def rank_year(
    months: Mapping[int, Sequence[Placing]],
    red_flags: int = 8,
    *,
    barred: Collection[Hashable] = (),
    rules_last_places: int = 2,
) -> list[AnnualPlacing]:
    """The annual ranking and red flag from a year's monthly rankings (see the module docstring).

    ``barred`` names windows barred by a severe item in a month that was not ranked (a ranked month's ``eligible``
    already says so). ``rules_last_places``: 累计两次排名末位 (D2: two or more).
    """
    if isinstance(red_flags, bool) or not isinstance(red_flags, int) or red_flags < 0:
        raise ValueError(f"年度红旗窗口数应为不小于 0 的整数，实际是「{red_flags}」")
    totals: dict[Hashable, Decimal] = {}
    counts: dict[Hashable, int] = {}
    flags: dict[Hashable, int] = {}
    lasts: dict[Hashable, int] = {}
    barred_months: dict[Hashable, list[int]] = {}
    for month in sorted(months):
        for placing in months[month]:
            key = placing.key
            totals[key] = totals.get(key, Decimal(0)) + placing.score
            counts[key] = counts.get(key, 0) + 1
            flags[key] = flags.get(key, 0) + (1 if placing.red_flag else 0)
            lasts[key] = lasts.get(key, 0) + (1 if placing.last else 0)
            if not placing.eligible:
                barred_months.setdefault(key, []).append(month)
    rows = []
    for key in totals:
        average = (totals[key] / counts[key]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        excluded = []
        if lasts[key] >= rules_last_places:
            excluded.append(f"全年累计 {lasts[key]} 次排名末位，不得评为年度红旗窗口")
        if barred_months.get(key) or key in barred:
            shown = "、".join(f"{m}月" for m in barred_months.get(key, ()))
            excluded.append(f"{shown or '本年度'}有取消评先资格的情形（倒扣分），取消年度评先资格")
        rows.append((key, average, excluded))
    rows.sort(key=lambda row: -row[1])
    averages = [row[1] for row in rows]
    open_averages = [row[1] for row in rows if not row[2]]
    result = []
    for key, average, excluded in rows:
        rank = 1 + sum(1 for other in averages if other > average)
        open_rank = 1 + sum(1 for other in open_averages if other > average)
        result.append(
            AnnualPlacing(
                key=key,
                months=counts[key],
                average=average,
                red_flag_months=flags[key],
                last_places=lasts[key],
                barred_months=tuple(barred_months.get(key, ())),
                excluded=tuple(excluded),
                rank=rank,
                red_flag=not excluded and open_rank <= red_flags,
            )
        )
    return result
