"""Each rule pattern of a ledger scheme as SQL expressions over an active event ``e``, in integer tenths: the
points the engine would give it (NULL where the engine refuses it), its occurrences, whether it raises a flag, its
calendar window. ``unsupported`` says which schemes these translations do not cover."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

from scoring.ledger import Rule, Scheme
from scoring.ledger.periods import MONTHS_IN
from staff_scoring.setscores.sql import D10, OCC, P10, Sql, _case, _in, _p

INFINITE = 10**12  # tenths: a cap that is not there
CALENDAR = ("month", "quarter", "half", "year")


def tenths(value: Decimal) -> int:
    scaled = value * 10
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} is not a multiple of 0.1")
    return int(scaled)


def unsupported(scheme: Scheme) -> str | None:
    """Why ``scheme`` cannot be scored by this module (then the engine scores it), or None."""
    if scheme.bonus_cap is not None and scheme.bonus_cap.per != "period":
        return "加分总额按时间窗口封顶"
    for category in scheme.categories.values():
        if category.all_caps:
            return f"类别「{category.title}」有封顶"
    for rule in scheme.rules.values():
        if rule.doubling_per:
            return f"{rule.label}重复加倍（D9）"
        if rule.once_per and rule.caps:
            return f"{rule.label}既按最高级别认定一次又有封顶"
        if rule.once_per == "year" and rule.credit_month != 12:
            return f"{rule.label}每年认定一次但不计入12月"
        if rule.caps and _cap_chain(rule) is None:
            return f"{rule.label}的封顶组合"
        if rule.refers and any(_mode(r) != "plain" for r in scheme.rules.values()
                               if r.kind == "deduction" and not r.refers):
            return f"{rule.label}可能指向有封顶的细则"
    return None


def _cap_chain(rule: Rule) -> tuple[int, int, str] | None:
    """(deed cap, calendar cap, calendar unit) in tenths, INFINITE where absent; None for a chain not translated."""
    caps = list(rule.caps)
    deed = INFINITE
    if caps and caps[0].per == "deed":
        deed = tenths(caps.pop(0).max)
    if len(caps) > 1 or (caps and caps[0].per not in CALENDAR):
        return None
    if not caps:
        return deed, INFINITE, "year"
    if deed != INFINITE and caps[0].per != "year":
        return None  # a deed spans windows: only a yearly window holds every period
    return deed, tenths(caps[0].max), caps[0].per


def _mode(rule: Rule) -> str:
    if rule.once_per == "deed":
        return "deed"
    if rule.once_per == "year":
        return "year"
    if rule.caps:
        return "deedcap" if rule.caps[0].per == "deed" else "capped"
    return "plain"



def _count(rule: Rule) -> tuple[Sql, Sql]:
    """(occurrences of the event under ``rule``, its validity) — days converted for a per-day rule."""
    if rule.occurrences_per_day:
        per = rule.occurrences_per_day
        count = Sql(f"CASE WHEN e.days IS NULL THEN {OCC} ELSE {D10} * {per} / 10 END")
        valid = Sql(f"((e.days IS NULL AND {OCC} >= 1) OR (e.days IS NOT NULL AND {OCC} = 1 "
                    f"AND {D10} * {per} > 0 AND ({D10} * {per}) %% 10 = 0))")
    else:
        count = Sql(OCC)
        valid = Sql(f"(e.days IS NULL AND {OCC} >= 1)")
    return count, valid


def _exact_or_range(lo: Decimal, hi: Decimal) -> tuple[Sql, Sql]:
    """(points each, validity) for points picked by the recorder in [lo, hi] (or fixed at lo when lo == hi)."""
    if lo == hi:
        return Sql(f"COALESCE({P10}, %s)", (tenths(lo),)), Sql(f"(e.points IS NULL OR {P10} = %s)", (tenths(lo),))
    return Sql(P10), Sql(f"(e.points IS NOT NULL AND {P10} BETWEEN %s AND %s)", (tenths(lo), tenths(hi)))


def _each(rule: Rule) -> tuple[Sql, Sql]:
    """(points per occurrence in tenths, validity of level/aggravated/points) — ``_points_each`` of the engine."""
    if rule.levels is not None:
        each = _case("e.level", [(level, _p(tenths(v))) for level, v in rule.levels.items()])
        return each, _in("e.level", rule.levels) + " AND e.points IS NULL AND NOT e.aggravated"
    if rule.points_range is not None:
        normal = _exact_or_range(*rule.points_range)
    else:
        fixed = tenths(rule.points)  # type: ignore[arg-type]
        normal = Sql("%s", (fixed,)), Sql(f"(e.points IS NULL OR {P10} = %s)", (fixed,))
    agg = rule.aggravated
    if agg is None:
        aggravated = Sql("NULL"), Sql("1 = 0")
    elif agg.min is None:
        fixed = tenths(rule.points)  # type: ignore[arg-type]
        aggravated = Sql("%s", (fixed,)), Sql(f"(e.points IS NULL OR {P10} = %s)", (fixed,))
    else:
        aggravated = _exact_or_range(agg.min, agg.max)  # type: ignore[arg-type]
    each = Sql("CASE WHEN e.aggravated THEN ") + aggravated[0] + " ELSE " + normal[0] + " END"
    valid = (Sql("e.level = '' AND (e.points IS NULL OR e.points > 0) AND CASE WHEN e.aggravated THEN (CASE WHEN ")
             + aggravated[1] + " THEN 1 ELSE 0 END) ELSE (CASE WHEN " + normal[1] + " THEN 1 ELSE 0 END) END = 1")
    return each, valid


def _scored(rule: Rule) -> Sql:
    """Nominal points of an event recorded as (and scored as) ``rule``, in tenths; NULL if the event is invalid."""
    count, count_valid = _count(rule)
    each, each_valid = _each(rule)
    valid = count_valid + " AND " + each_valid
    if rule.once_per:
        valid = valid + " AND " + count + " = 1"
    if rule.once_per == "deed":
        valid = valid + " AND e.deed <> '' AND e.deed = TRIM(e.deed)"
    elif any(cap.per == "deed" for cap in rule.caps):
        valid = valid + " AND e.deed = TRIM(e.deed)"
    return Sql("CASE WHEN ") + valid + " THEN (" + count + ") * (" + each + ") END"


def points_sql(scheme: Scheme, codes: Iterable[str] | None = None,
               factor: Callable[[Rule], int] | None = None, fast_column: str | None = None) -> Sql:
    """Nominal points in tenths of an event ``e`` under ``scheme`` (NULL: the engine would refuse it), times
    ``factor(rule)`` if given (e.g. −1 for a bonus, 0 for a rule scored elsewhere: validity only)."""
    branches = []
    targets = [r for r in scheme.rules.values() if r.kind == "deduction" and not r.refers]
    for code in (codes if codes is not None else scheme.rules):
        rule = scheme.rules[code]
        if rule.refers:
            expr = _case("e.refers_to", [(t.code, _scored(t)) for t in targets])
        else:
            expr = Sql("CASE WHEN e.refers_to = '' THEN ") + _scored(rule) + " END"
        times = 1 if factor is None else factor(rule)
        branches.append((code, expr if times == 1 else Sql("(") + expr + f") * {times}"))
    full = _case("e.rule", branches)
    # Most events are the plain case of a fixed-points rule: checked by a few comparisons, scored by one lookup.
    wanted = set(codes if codes is not None else scheme.rules)
    fast = [(code, Sql(str(pts))) for code, pts in fast_points(scheme, factor) if code in wanted]
    if not fast:
        return full
    if fast_column:  # the caller joined a table of the fast rules' points
        return Sql(f"COALESCE(CASE WHEN {COMMON} THEN {OCC} * {fast_column} END, ") + full + ")"
    return (Sql(f"COALESCE(CASE WHEN {COMMON} THEN {OCC} * ") + _case("e.rule", fast) + " END, " + full + ")")


def fast_points(scheme: Scheme, factor: Callable[[Rule], int] | None = None) -> list[tuple[str, int]]:
    """(code, points in tenths × factor) of the rules whose COMMON events ``points_sql`` scores by lookup."""
    return [(code, tenths(rule.points) * (1 if factor is None else factor(rule)))  # type: ignore[arg-type]
            for code, rule in scheme.rules.items() if _fast(rule)]


COMMON = (f"e.refers_to = '' AND e.days IS NULL AND e.level = '' AND NOT e.aggravated AND e.points IS NULL "
          f"AND {OCC} >= 1")


def _fast(rule: Rule) -> bool:
    """An event of ``rule`` meeting COMMON is valid and scores occurrences × the rule's fixed points."""
    return (rule.points is not None and not rule.refers and rule.levels is None and rule.points_range is None
            and not rule.once_per and not any(cap.per == "deed" for cap in rule.caps))


def count_sql(scheme: Scheme, codes: Iterable[str]) -> Sql:
    """Occurrences of an event ``e`` (days converted) under the rule it is scored as."""
    branches = []
    for code in codes:
        rule = scheme.rules[code]
        if rule.refers:
            branches.append((code, _case("e.refers_to", [
                (t.code, _count(t)[0]) for t in scheme.rules.values() if t.kind == "deduction" and not t.refers])))
        else:
            branches.append((code, _count(rule)[0]))
    return _case("e.rule", branches, default="0")


def _flag_keep(eff: Sql, consequences: list[str], aggravated: list[str]) -> Sql:
    """1 if the event raises a flag by itself: its rule has consequences, or it is aggravated and the aggravation
    has consequences (``eff``: the rule the event is scored as)."""
    out = Sql("CASE")
    if consequences:
        out = out + " WHEN " + _in(eff, consequences) + " THEN 1"
    if aggravated:
        out = out + " WHEN e.aggravated AND " + _in(eff, aggravated) + " THEN 1"
    return out + " ELSE 0 END"


def _window_start(per: str, day: dt.date) -> dt.date:
    months = MONTHS_IN[per]
    return dt.date(day.year, (day.month - 1) // months * months + 1, 1)


def _window_sql(per: str, year: int) -> Sql:
    """The calendar window (1, 2 …) of ``e.date`` within ``year``; earlier dates fall in the first."""
    months = MONTHS_IN[per]
    out = Sql("CASE")
    for i, first in enumerate(range(1 + months, 13, months), start=1):
        out = out + Sql(f" WHEN e.date < %s THEN {i}", (dt.date(year, first, 1),))
    return out + f" ELSE {12 // months} END" if months < 12 else Sql("1")


# ---------------------------------------------------------------------------------------------------------------
