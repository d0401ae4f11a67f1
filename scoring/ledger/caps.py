"""Windowed caps, applied in time order (D4), doubling repeats (D9), once per deed (D17) and once a year (D16), and
the bonus cap of each scored period (D15). Pure, no Django."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from scoring.checker import num as _num

from .model import ZERO, Cap, Rule, Scheme
from .periods import window_key
from .results import EventLine, Item

TWO = Decimal(2)


def _window_text(per: str, day: dt.date, item: Item) -> str:
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


def _run_windows(scheme: Scheme, items: list[Item]) -> dict[int, tuple[Decimal, Decimal, list[str]]]:
    """For every event: (nominal points, points counted after the windowed caps, Chinese reasons for what was cut)."""
    result: dict[int, tuple[Decimal, Decimal, list[str]]] = {}
    deed_best: dict[tuple[str, str], tuple[Decimal, str]] = {}
    year_best: dict[tuple[str, int], Item] = {}
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
