"""The period score of a staff member (or window) from ledger events: docs/domain.md §5.3, decisions D1–D4, D15–D17.

Pure: no I/O, no Django. The caller passes every event of the calendar year (events of earlier years too, if a
deed may span years), the period, and optionally per-rule totals of plain rules aggregated by a database. The engine
runs every windowed rule in time order over all events (so a cap's window is counted right even when the period is
a month inside it), then keeps the lines that fall in the period, applies the period's bonus cap (D15), and adds up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from scoring.checker import num as _num

from .caps import _apply_period_bonus_cap, _run_windows
from .events import Event, EventError
from .grades import _bands, _category_scores, _flags, _grade
from .model import ZERO, Rule, Scheme
from .periods import LedgerError, Period, month_end, parse_period
from .results import EventLine, Item, PeriodResult, PlainTotal


class _Invalid(Exception):
    pass


def score_period(
    scheme: Scheme,
    category: str | None,
    events: Iterable[Event],
    period: Period | str,
    *,
    totals: Iterable[PlainTotal] = (),
) -> PeriodResult:
    """Score ``period`` from ``events`` (all of the calendar year; the engine picks the period's own).

    ``category`` is the employment category that picks the grade labels (§5.5). ``totals`` carries plain rules
    already summed for the period. Raises ``EventError`` (index + Chinese message) for the first invalid event and
    ``LedgerError`` for an unknown category, period or total.
    """
    if isinstance(period, str):
        period = parse_period(period)
    bands = _bands(scheme, category)
    items = [resolve_event(scheme, event, index) for index, event in enumerate(events)]
    outcomes = _run_windows(scheme, items)

    lines: list[EventLine] = []
    for item in sorted(items, key=lambda i: i.order):
        nominal, counted, reasons = outcomes[item.index]
        if item.credited in period:
            why = "；".join([item.how, *reasons])
            lines.append(_line(item, nominal, counted, why))
        elif item.event.date in period:
            why = f"{item.how}；计入 {item.credited.year}年{item.credited.month}月（{_credit_reason(item.rule)}），不计入本期"
            lines.append(_line(item, ZERO, ZERO, why))
    for i, total in enumerate(totals):
        lines.append(_total_line(scheme, total, i))
    lines = _apply_period_bonus_cap(scheme, lines)

    deductions = sum((line.counted for line in lines if line.kind == "deduction"), ZERO)
    bonus = sum((line.counted for line in lines if line.kind == "bonus"), ZERO)
    raw = scheme.base - deductions + bonus
    floor_applied = scheme.floor is not None and raw < scheme.floor
    score = scheme.floor if floor_applied else raw

    flags = _flags(scheme, items, period.year)
    grade, grade_note = _grade(bands, score, period, flags)
    categories = _category_scores(scheme, lines, period)
    eligible = not any(flag.blocks_red_flag and flag.date in period for flag in flags)
    return PeriodResult(
        scheme=scheme,
        category=category,
        period=period,
        base=scheme.base,
        score=score,  # type: ignore[arg-type]
        deductions=deductions,
        bonus=bonus,
        grade=grade,
        grade_note=grade_note,
        flags=tuple(flags),
        lines=tuple(lines),
        categories=categories,
        floor_applied=floor_applied,
        eligible_red_flag=eligible,
    )


def validate_event(scheme: Scheme, event: Event, index: int | None = None) -> None:
    """Raise ``EventError`` if ``event`` does not fit ``scheme`` (for a form or a service before saving it)."""
    resolve_event(scheme, event, index)


def resolve_event(scheme: Scheme, event: Event, index: int | None) -> Item:
    try:
        return _resolve(scheme, event, index if index is not None else -1)
    except _Invalid as exc:
        raise EventError(index, str(exc), event.id) from None


def _resolve(scheme: Scheme, event: Event, index: int) -> Item:
    if not isinstance(event.date, dt.date):
        raise _Invalid(f"date 应为日期，实际是「{event.date}」")
    if isinstance(event.date, dt.datetime):
        event = replace(event, date=event.date.date())
    day = event.date
    recorded = scheme.rules.get(event.rule)
    if recorded is None:
        raise _Invalid(f"未知细则「{event.rule}」（本方案「{scheme.code}」的细则：{'、'.join(scheme.rules)}）")
    rule = recorded
    prefix = recorded.label
    if recorded.refers:
        if not event.refers_to:
            raise _Invalid(f"{recorded.label}按对应细则扣分，请在 refers_to 中填写对应的细则编号")
        target = scheme.rules.get(event.refers_to)
        if target is None or target.refers or target.kind != "deduction":
            raise _Invalid(f"refers_to「{event.refers_to}」不是本方案可指向的扣分细则")
        rule = target
        prefix = f"{recorded.label}（查证属实，按{target.label}扣分）"
    elif event.refers_to:
        raise _Invalid(f"{recorded.label}不指向其他细则，不应填写 refers_to")
    if event.occurrences is None:  # a nullable database column: one occurrence
        event = replace(event, occurrences=1)
    if isinstance(event.occurrences, bool) or not isinstance(event.occurrences, int) or event.occurrences < 1:
        raise _Invalid(f"occurrences 应为不小于 1 的整数，实际是「{event.occurrences}」")
    count = event.occurrences
    count_text = f"{count}次"
    if event.days is not None:
        if rule.occurrences_per_day is None:
            raise _Invalid(f"{rule.label}不按天计，不应填写 days（请用 occurrences 填次数）")
        if event.occurrences != 1:
            raise _Invalid("occurrences 与 days 只能填一个")
        exact = Decimal(event.days) * rule.occurrences_per_day
        if exact <= 0 or exact != exact.to_integral_value():
            raise _Invalid(f"days「{event.days}」折算的次数（每天按 {rule.occurrences_per_day} 次计）不是整数")
        count = int(exact)
        count_text = f"{_num(Decimal(event.days))}天按{count}次计"
    if rule.once_per and count != 1:
        raise _Invalid(f"{rule.label}每条事件记一个事迹（或一次表彰），occurrences 应为 1")
    if rule.once_per == "deed" and not (event.deed and event.deed.strip()):
        raise _Invalid(f"{rule.label}同一事迹按最高级别认定一次，请在 deed 中填写事迹（或信息篇目）的标识")
    each, each_text = _points_each(scheme, rule, aggravated=event.aggravated, points=event.points, level=event.level)
    credited = day
    if rule.once_per == "year" and rule.credit_month:
        credited = max(day, month_end(day, rule.credit_month))
    how = f"{prefix}{each_text}"
    if count != 1 or event.days is not None:
        how += f" × {count_text} = {_num(each * count)}分"
    return Item(index, event, recorded, rule, count, each, how, credited)


def _points_each(
    scheme: Scheme, rule: Rule, *, aggravated: bool, points: Decimal | None, level: str | None
) -> tuple[Decimal, str]:
    """Points per occurrence and a Chinese description ("：3分/次", "（造成不良影响）：25分/次", "（国家级）：20分")."""
    if points is not None:
        if isinstance(points, (bool, float)) or not isinstance(points, (int, Decimal)):
            raise _Invalid(f"points 应为数字（Decimal），实际是「{points!r}」")
        points = Decimal(points)
        if points <= 0:
            raise _Invalid(f"points 应大于 0，实际是 {_num(points)}")
        if points.normalize().as_tuple().exponent < -1:
            raise _Invalid(f"points 最多保留 1 位小数（0.1 分），实际是 {points}")
    if rule.levels is not None:
        if level is None:
            shown = "、".join(f"{k}（{scheme.levels.get(k, k)}）" for k in rule.levels)
            raise _Invalid(f"{rule.label}按级别计分，缺少 level（可选：{shown}）")
        if level not in rule.levels:
            shown = "、".join(f"{k}（{scheme.levels.get(k, k)}）" for k in rule.levels)
            raise _Invalid(f"{rule.label}没有「{level}」级别（可选：{shown}）")
        if points is not None:
            raise _Invalid(f"{rule.label}按级别计分，不应填写 points")
        if aggravated:
            raise _Invalid(f"{rule.label}没有加重情形，aggravated 应为 false")
        value = rule.levels[level]
        return value, f"（{scheme.levels.get(level, level)}）：{_num(value)}分"
    if level is not None:
        raise _Invalid(f"{rule.label}不分级别，不应填写 level")
    unit = "分/次" if rule.kind == "deduction" else "分/次"
    if aggravated:
        agg = rule.aggravated
        if agg is None:
            raise _Invalid(f"{rule.label}没有加重情形（造成不良影响），aggravated 应为 false")
        if agg.min is None:  # aggravation only adds consequences (e.g. 情节严重的按相关规定另行处理)
            fixed = rule.points
            if points is not None and points != fixed:
                raise _Invalid(f"{rule.label}加重情形不改变分值（{_num(fixed)}分/次），不应填写其他 points")
            return fixed, f"（情节严重）：{_num(fixed)}{unit}"  # type: ignore[arg-type]
        if points is None:
            if agg.min != agg.max:
                raise _Invalid(
                    f"{rule.label}造成不良影响的扣 {_num(agg.min)}—{_num(agg.max)} 分/次，请在 points 中填写扣分值"
                )
            points = agg.min
        if not agg.min <= points <= agg.max:  # type: ignore[operator]
            raise _Invalid(
                f"{rule.label}造成不良影响的扣分应在 {_num(agg.min)}—{_num(agg.max)} 分/次之间，填写的是 {_num(points)}"
            )
        return points, f"（造成不良影响）：{_num(points)}{unit}"
    if rule.points_range is not None:
        lo, hi = rule.points_range
        if points is None:
            if lo != hi:
                raise _Invalid(f"{rule.label}每次 {_num(lo)}—{_num(hi)} 分，请在 points 中填写分值")
            points = lo
        if not lo <= points <= hi:
            raise _Invalid(f"{rule.label}每次 {_num(lo)}—{_num(hi)} 分，填写的是 {_num(points)}")
        return points, f"：{_num(points)}{unit}"
    fixed = rule.points
    if fixed is None:  # a referring rule cannot be scored itself; guarded in _resolve
        raise _Invalid(f"{rule.label}没有分值")
    if points is not None and points != fixed:
        hint = "（造成不良影响的请填 aggravated: true）" if rule.aggravated and rule.aggravated.min is not None else ""
        raise _Invalid(f"{rule.label}每次 {_num(fixed)} 分，不能改为 {_num(points)}{hint}")
    return fixed, f"：{_num(fixed)}{unit}"


def _credit_reason(rule: Rule) -> str:
    if rule.once_per == "year":
        return f"{rule.label}每年按最高级别认定一次，计入 {rule.credit_month} 月（D16）"
    return f"{rule.label}的计分月份"


def _line(item: Item, nominal: Decimal, counted: Decimal, why: str) -> EventLine:
    return EventLine(
        index=item.index,
        event=item.event,
        rule=item.recorded.code,
        scored_as=item.rule.code,
        kind=item.rule.kind,
        date=item.event.date,
        credited=item.credited,
        nominal=nominal,
        counted=counted,
        capped=nominal - counted,
        why=why,
    )


def _total_line(scheme: Scheme, total: PlainTotal, index: int) -> EventLine:
    rule = scheme.rules.get(total.rule)
    where = f"totals[{index}]"
    if rule is None:
        raise LedgerError(f"{where}：未知细则「{total.rule}」")
    if rule.windowed:
        raise LedgerError(f"{where}：{rule.label}需要逐条计分（{'；'.join(rule.windowed_because)}），不能按合计传入")
    count = total.occurrences
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise LedgerError(f"{where}：occurrences 应为不小于 0 的整数")
    if total.days:
        if rule.occurrences_per_day is None:
            raise LedgerError(f"{where}：{rule.label}不按天计，不应有 days")
        exact = Decimal(total.days) * rule.occurrences_per_day
        if exact != exact.to_integral_value():
            raise LedgerError(f"{where}：days 折算的次数不是整数")
        count += int(exact)
    try:
        each, each_text = _points_each(
            scheme, rule, aggravated=total.aggravated, points=total.points, level=total.level
        )
    except _Invalid as exc:
        raise LedgerError(f"{where}：{exc}") from None
    nominal = each * count
    why = f"{rule.label}{each_text} × {count}次 = {_num(nominal)}分（合计）"
    return EventLine(None, None, rule.code, rule.code, rule.kind, None, None, nominal, nominal, ZERO, why)
