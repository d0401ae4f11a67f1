"""The period score of a staff member (or window) from ledger events: DOMAIN §5.3, decisions D1–D4, D15–D17.

Pure: no I/O, no Django. The caller passes every event of the calendar year (events of earlier years too, if a
deed may span years), the period, and optionally per-rule totals of plain rules aggregated by a database. The engine
runs every windowed rule in time order over all events (so a cap's window is counted right even when the period is
a month inside it), then keeps the lines that fall in the period, applies the period's bonus cap (D15), and adds up.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import NamedTuple

from .events import Event, EventError
from .periods import MONTHS_IN, LedgerError, Period, month_end, parse_period, window_key
from .scheme import ZERO, Cap, Rule, Scheme, _num

TWO = Decimal(2)


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


# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
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


def resolve_event(scheme: Scheme, event: Event, index: int | None) -> _Item:
    try:
        return _resolve(scheme, event, index if index is not None else -1)
    except _Invalid as exc:
        raise EventError(index, str(exc), event.id) from None


def _resolve(scheme: Scheme, event: Event, index: int) -> _Item:
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
    return _Item(index, event, recorded, rule, count, each, how, credited)


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


# ---------------------------------------------------------------------------------------------------------------
# Windowed processing (D4, D9, D16, D17)


def _window_text(per: str, day: dt.date, item: _Item) -> str:
    if per == "month":
        return f"{day.year}年{day.month}月"
    if per == "quarter":
        return f"{day.year}年第{(day.month - 1) // 3 + 1}季度"
    if per == "half":
        return f"{day.year}年{'上' if day.month <= 6 else '下'}半年"
    if per == "year":
        return f"{day.year}年"
    if per == "deed":
        return f"事迹/事项「{item.event.deed}」" if item.event.deed else "本事项"
    return "本考评期"


def _run_windows(scheme: Scheme, items: list[_Item]) -> dict[int, tuple[Decimal, Decimal, list[str]]]:
    """For every event: (nominal points, points counted after the windowed caps, Chinese reasons for what was cut)."""
    result: dict[int, tuple[Decimal, Decimal, list[str]]] = {}
    deed_best: dict[tuple[str, str], tuple[Decimal, str]] = {}
    year_best: dict[tuple[str, int], _Item] = {}
    for item in items:
        if item.rule.once_per == "year":
            key = (item.rule.code, item.credited.year)
            best = year_best.get(key)
            if best is None or item.each > best.each or (item.each == best.each and item.event.date < best.event.date):
                year_best[key] = item
    repeats: dict[tuple[str, tuple[int, ...]], int] = defaultdict(int)
    used: dict[tuple, Decimal] = defaultdict(lambda: ZERO)

    for item in sorted(items, key=lambda i: i.order):
        rule = item.rule
        reasons: list[str] = []
        if rule.doubling_per:  # D9: 0.5, 1, 2, 4 … for repeats of the same rule within the window
            key = (rule.code, window_key(rule.doubling_per, item.credited))
            before = repeats[key]
            parts = [item.each * TWO**k for k in range(before, before + item.count)]
            repeats[key] += item.count
            nominal = sum(parts, ZERO)
            if before or item.count > 1:
                reasons.append(
                    f"{_window_text(rule.doubling_per, item.credited, item)}内第 {before + 1}"
                    + (f"—{before + item.count}" if item.count > 1 else "")
                    + f" 次，加倍累计 {' + '.join(_num(p) for p in parts)} = {_num(nominal)}分（D9）"
                )
        else:
            nominal = item.each * item.count
        amount = nominal

        if rule.once_per == "deed":  # D17
            key2 = (rule.code, item.event.deed.strip())  # type: ignore[union-attr]
            prev, prev_level = deed_best.get(key2, (ZERO, ""))
            if amount > prev:
                deed_best[key2] = (amount, item.event.level or "")
            if prev > ZERO:
                take = max(ZERO, amount - prev)
                level_text = scheme.levels.get(prev_level, prev_level)
                if take:
                    reasons.append(
                        f"同一事迹「{item.event.deed}」已按{level_text}级别认定 {_num(prev)} 分，只计差额 {_num(take)} 分（D17）"
                    )
                else:
                    reasons.append(
                        f"同一事迹「{item.event.deed}」已按{level_text}级别认定 {_num(prev)} 分，按最高级别只认定一次，本次不计（D17）"
                    )
                amount = take
        elif rule.once_per == "year":  # D16
            best = year_best[(rule.code, item.credited.year)]
            if best is not item:
                reasons.append(
                    f"{item.credited.year}年{rule.label}只按最高级别认定一次，已按 {best.event.date.isoformat()} 的"
                    f"{scheme.levels.get(best.event.level or '', '')}{_num(best.each)} 分认定，本次不计（D16）"
                )
                amount = ZERO
            else:
                reasons.append(f"全年按最高级别认定一次，计入 {item.credited.year}年{item.credited.month}月（D16）")

        for owner, cap_index, cap in _caps_of(scheme, rule):
            if amount <= 0:
                break
            if cap.per == "deed":
                if not (item.event.deed and item.event.deed.strip()):
                    continue  # no deed named: every occurrence is a matter of its own
                wkey: tuple = ("deed", item.event.deed.strip())
            else:
                wkey = window_key(cap.per, item.credited)
            slot = (owner, cap_index, wkey)
            room = max(ZERO, cap.max - used[slot])
            take = min(amount, room)
            if take < amount:
                reasons.append(
                    _cap_reason(owner, rule, cap, _window_text(cap.per, item.credited, item), used[slot], take)
                )
            used[slot] += take
            amount = take
        result[item.index] = (nominal, amount, reasons)
    return result


def _caps_of(scheme: Scheme, rule: Rule) -> list[tuple[str, int, Cap]]:
    caps = [(f"rule:{rule.code}", i, cap) for i, cap in enumerate(rule.caps)]
    category = scheme.categories.get(rule.category)
    if category is not None:
        caps += [(f"category:{category.code}", i, cap) for i, cap in enumerate(category.all_caps)]
    if rule.kind == "bonus" and scheme.bonus_cap is not None and scheme.bonus_cap.per != "period":
        caps.append(("bonus", 0, scheme.bonus_cap))
    return caps


def _cap_reason(owner: str, rule: Rule, cap: Cap, window: str, used: Decimal, take: Decimal) -> str:
    if owner.startswith("rule:"):
        what = f"{rule.label}{cap.describe()}"
    elif owner.startswith("category:"):
        what = f"类别{cap.describe()}"
    else:
        what = f"加分总额{cap.describe()}"
    if cap.note:
        what += f"（{cap.note}）"
    if take <= 0:
        return f"{what}：{window}已计满 {_num(cap.max)} 分，本次不计（D4）"
    return f"{what}：{window}此前已计 {_num(used)} 分，本次只计 {_num(take)} 分（D4）"


def _line(item: _Item, nominal: Decimal, counted: Decimal, why: str) -> EventLine:
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


def _apply_period_bonus_cap(scheme: Scheme, lines: list[EventLine]) -> list[EventLine]:
    """D15: the whole bonus is at most the cap in each scored period; lines past it count up to it, in time order."""
    cap = scheme.bonus_cap
    if cap is None or cap.per != "period":
        return lines
    total = ZERO
    out = []
    for line in lines:
        if line.kind == "bonus" and line.counted > 0:
            room = max(ZERO, cap.max - total)
            take = min(line.counted, room)
            total += take
            if take < line.counted:
                note = f"（{cap.note}）" if cap.note else ""
                reason = (
                    f"加分总额每个考评期最多 {_num(cap.max)} 分{note}：本期已计满，本次不计（D15）"
                    if take == 0
                    else f"加分总额每个考评期最多 {_num(cap.max)} 分{note}：本期此前已计 {_num(total - take)} 分，本次只计 {_num(take)} 分（D15）"
                )
                line = EventLine(
                    line.index,
                    line.event,
                    line.rule,
                    line.scored_as,
                    line.kind,
                    line.date,
                    line.credited,
                    line.nominal,
                    take,
                    line.nominal - take,
                    f"{line.why}；{reason}",
                )
        out.append(line)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Flags, grades, categories


def _flags(scheme: Scheme, items: list[_Item], year: int) -> list[Flag]:
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
