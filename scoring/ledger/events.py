"""Ledger events: one recorded deduction or bonus, as the engine takes it, and its parsing from JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from scoring.common import dec

from .periods import LedgerError

EVENT_KEYS = ("id", "date", "rule", "occurrences", "days", "level", "aggravated", "points", "deed", "refers_to", "note")


@dataclass(frozen=True)
class Event:
    """One recorded event. ``occurrences`` counts repeats (default 1); ``days`` is for rules counted per day
    (旷工1天按照2次计); ``points`` is the per-occurrence value the recorder picked (aggravated or judged rules);
    ``deed`` names the deed / piece of information / matter for once-per-deed rules; ``refers_to`` names the rule
    an event of a referring rule (附件3 rule 27) is scored as. ``id`` is the caller's key, echoed in the result."""

    date: dt.date
    rule: str
    occurrences: int = 1
    days: Decimal | None = None
    level: str | None = None
    aggravated: bool = False
    points: Decimal | None = None
    deed: str | None = None
    id: Any = None
    refers_to: str | None = None
    note: str = ""


class EventError(LedgerError):
    """An invalid event: ``index`` is its position in the input (0-based), ``message`` says what is wrong (Chinese)."""

    def __init__(self, index: int | None, message: str, event_id: Any = None) -> None:
        self.index = index
        self.message = message
        self.event_id = event_id
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.index is None:
            return self.message
        where = f"events[{self.index}]（第 {self.index + 1} 条事件"
        where += f"，id {self.event_id}）" if self.event_id is not None else "）"
        return f"{where}：{self.message}"


def event_from_dict(raw: Any, index: int) -> Event:
    """An ``Event`` from one JSON object of an events file. Raises ``EventError`` naming the index."""
    if not isinstance(raw, Mapping):
        raise EventError(index, '应为一个对象，如 {"date": "2026-10-03", "rule": "1"}')
    event_id = raw.get("id")
    problems = []
    unknown = [k for k in raw if k not in EVENT_KEYS]
    if unknown:
        problems.append(f"未知字段「{'、'.join(map(str, unknown))}」（允许的字段：{'、'.join(EVENT_KEYS)}）")
    for key in ("date", "rule"):
        if key not in raw:
            problems.append(f"缺少必填字段 {key}")
    day = None
    if "date" in raw:
        day = _date(raw["date"], problems)
    rule = raw.get("rule")
    if isinstance(rule, int) and not isinstance(rule, bool):
        rule = str(rule)
    if "rule" in raw and (not isinstance(rule, str) or not rule.strip()):
        problems.append(f'rule 应为细则编号文本（如 "1"、"10a"、"B1"），实际是「{raw["rule"]}」')
    if "occurrences" in raw and "days" in raw:
        problems.append("occurrences 与 days 只能填一个（按天计的细则填 days）")
    occurrences = raw.get("occurrences", 1)
    if isinstance(occurrences, bool) or not isinstance(occurrences, int) or occurrences < 1:
        problems.append(f"occurrences 应为不小于 1 的整数，实际是「{occurrences}」")
        occurrences = 1
    days = None
    if raw.get("days") is not None:
        days = _number(raw["days"], "days", problems)
        if days is not None and days <= 0:
            problems.append(f"days 应大于 0，实际是 {days}")
            days = None
    points = None
    if raw.get("points") is not None:
        points = _number(raw["points"], "points", problems)
    aggravated = raw.get("aggravated", False)
    if not isinstance(aggravated, bool):
        problems.append("aggravated 应为 true 或 false")
        aggravated = False
    texts = {}
    for key in ("level", "deed", "refers_to", "note"):
        value = raw.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and key in ("deed", "refers_to"):
            value = str(value)
        if value is not None and not isinstance(value, str):
            problems.append(f"{key} 应为文本，实际是「{value}」")
            value = None
        texts[key] = value
    if problems:
        raise EventError(index, "；".join(problems), event_id)
    return Event(
        date=day,  # type: ignore[arg-type]  # checked above
        rule=rule.strip(),  # type: ignore[union-attr]
        occurrences=occurrences,
        days=days,
        level=texts["level"],
        aggravated=aggravated,
        points=points,
        deed=texts["deed"],
        id=event_id,
        refers_to=texts["refers_to"],
        note=texts["note"] or "",
    )


def _date(value: Any, problems: list[str]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(f"date 应为 YYYY-MM-DD 格式的日期，实际是「{value}」")
    return None


def _number(value: Any, key: str, problems: list[str]) -> Decimal | None:
    if isinstance(value, bool):
        problems.append(f"{key} 应为数字，实际是「{value}」")
        return None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else dec(value)
    except (TypeError, ValueError, InvalidOperation):
        problems.append(f"{key} 应为数字，实际是「{value}」")
        return None
    if not number.is_finite():
        problems.append(f"{key} 应为数字，实际是「{value}」")
        return None
    return number
