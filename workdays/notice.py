"""Read a year's holiday schedule from the text of the State Council's notice (国务院办公厅关于某年部分节假日安排的通知),
pasted by the admin. No Django import.

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日至23日放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
    放假 10月1日至8日
    调休上班 9月28日

A line may start with its number (一、) and the holiday's name (元旦：). Its clauses (split at ，。；) name dates, single
or as ranges (至/到/-/~, across months: 4月30日至5月4日), and say 放假 (days off) or 上班 (adjusted working days); the
word may come before or after the dates. Parentheses (weekdays, lunar dates) are ignored; full-width digits and
punctuation are read as half-width. A "共N天" clause checks the range before it. A date given with another year
(2022年12月31日至2023年1月2日 in the 2023 notice) is left out with a note: it belongs to that year's schedule.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

OFF, ON = "off", "on"

_NUMBERED = re.compile(r"(?<=[\s。])(?=[一二三四五六七八九十]+、)")
_PREFIX = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]\s*)?(?:(?P<name>[^:\d]{1,20}?)\s*:)?")
_PAREN = re.compile(r"\([^)]*\)|（[^）]*）")
_DATE = r"(?:(?P<{p}y>\d{{4}})\s*年\s*)?(?:(?P<{p}m>\d{{1,2}})\s*月\s*)?(?P<{p}d>\d{{1,2}})\s*[日号]"
_RANGE = re.compile(_DATE.format(p="a") + r"(?:\s*(?:至|到|-|—|–|~|〜)\s*" + _DATE.format(p="b") + ")?")
_KIND = re.compile(r"放假|休息|上班")
_TOTAL = re.compile(r"共\s*(\d{1,3})\s*天")


@dataclass(frozen=True)
class NoticeDay:
    day: date
    kind: str  # OFF: 放假; ON: 调休上班
    name: str


@dataclass
class Reading:
    """What the text says: the days (sorted), errors that stop saving, notes that do not."""

    days: list[NoticeDay] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.days)


def _lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        lines += [part.strip() for part in _NUMBERED.split(raw) if part.strip()]
    return lines


def _clauses(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"[,。;；\n]", line) if c.strip()]


def _kind_of(word: str) -> str:
    return ON if word == "上班" else OFF


def read_notice(text: str, year: int) -> Reading:
    """The days off and adjusted working days of ``year`` that ``text`` names, with Chinese errors by line."""
    reading = Reading()
    found: dict[date, NoticeDay] = {}
    text = unicodedata.normalize("NFKC", text or "")
    for number, line in enumerate(_lines(text), start=1):
        where = f"第 {number} 行「{line[:30]}」"
        prefix = _PREFIX.match(line)
        name = (prefix["name"] or "").strip() if prefix else ""
        body = _PAREN.sub("", line[prefix.end():] if prefix else line)
        month = None
        last_count = None
        for clause in _clauses(body):
            total = _TOTAL.search(clause)
            ranges = list(_RANGE.finditer(clause))
            if not ranges:
                if total and last_count is not None and int(total[1]) != last_count:
                    reading.errors.append(f"{where}：写明共 {total[1]} 天，但前面的日期是 {last_count} 天")
                continue
            words = list(_KIND.finditer(clause))
            if not words:
                if all(m["ay"] and int(m["ay"]) != year for m in ranges):
                    reading.notes.append(f"{where}：「{clause}」不是 {year} 年的日期，已略过")
                else:
                    reading.errors.append(f"{where}：看不出「{clause}」是放假还是上班")
                continue
            leading = words[0].start() < ranges[0].start()
            for match in ranges:
                if leading:
                    before = [w for w in words if w.start() < match.start()]
                    word = before[-1][0]
                else:
                    after = [w for w in words if w.start() > match.end() - 1]
                    word = (after[0] if after else words[-1])[0]
                kind = _kind_of(word)
                try:
                    first, last, month = _span(match, year, month)
                except ValueError as exc:
                    reading.errors.append(f"{where}：{exc}")
                    continue
                last_count = (last - first).days + 1
                day = first
                while day <= last:
                    if day.year != year:
                        reading.notes.append(f"{day:%Y-%m-%d} 不在 {year} 年内，已略过（请在 {day.year} 年的安排中录入）")
                    elif kind == ON and day.weekday() < 5:
                        reading.errors.append(f"{where}：{day:%Y-%m-%d} 是工作日，不需要调休上班（调休上班日应为周六或周日）")
                    elif day in found and found[day].kind != kind:
                        reading.errors.append(f"{where}：{day:%Y-%m-%d} 既写了放假又写了上班")
                    else:
                        label = name or ("放假" if kind == OFF else "")
                        if kind == ON:
                            label = f"{name}调休" if name else "调休上班"
                        found.setdefault(day, NoticeDay(day, kind, label[:40]))
                    day += timedelta(days=1)
            if total and int(total[1]) != last_count:
                reading.errors.append(f"{where}：写明共 {total[1]} 天，但前面的日期是 {last_count} 天")
    reading.days = sorted(found.values(), key=lambda d: d.day)
    if not reading.days and not reading.errors:
        reading.errors.append("没有读到任何日期：请粘贴通知中的放假和上班安排（如“国庆节：10月1日至8日放假，9月28日上班”）")
    return reading


def _span(match: re.Match, year: int, month: int | None) -> tuple[date, date, int]:
    """The first and last day of a matched date or range, and the month to carry to the next date."""
    first_year = int(match["ay"]) if match["ay"] else year
    first_month = int(match["am"]) if match["am"] else month
    if first_month is None:
        raise ValueError(f"「{match[0]}」没有写月份")
    first = _date(first_year, first_month, int(match["ad"]), match[0])
    if match["bd"] is None:
        return first, first, first_month
    last_year = int(match["by"]) if match["by"] else first_year
    last_month = int(match["bm"]) if match["bm"] else first_month
    if match["by"] is None and match["bm"] is not None and last_month < first_month:
        last_year = first_year + 1  # 12月31日至1月2日
    last = _date(last_year, last_month, int(match["bd"]), match[0])
    if last < first:
        raise ValueError(f"「{match[0]}」的结束日期早于开始日期")
    if (last - first).days > 60:
        raise ValueError(f"「{match[0]}」超过 60 天，请检查")
    return first, last, last_month


def _date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"「{text}」不是有效的日期") from None


def write_notice(days: list[NoticeDay]) -> str:
    """Days back as text ``read_notice`` reads: one line per holiday name, ranges of consecutive days."""
    groups: dict[str, dict[str, list[date]]] = {}
    for d in sorted(days, key=lambda d: d.day):
        base = d.name.removesuffix("调休") if d.kind == ON else d.name
        base = "" if base in ("放假", "调休上班") else base
        groups.setdefault(base, {OFF: [], ON: []})[d.kind].append(d.day)
    lines = []
    for name, kinds in groups.items():
        parts = []
        if kinds[OFF]:
            parts.append("放假 " + "、".join(_ranges(kinds[OFF])))
        if kinds[ON]:
            parts.append("调休上班 " + "、".join(_ranges(kinds[ON])))
        lines.append((f"{name}：" if name else "") + "；".join(parts))
    return "\n".join(lines)


def _ranges(days: list[date]) -> list[str]:
    out: list[tuple[date, date]] = []
    for day in days:
        if out and day == out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    texts = []
    for first, last in out:
        text = f"{first.month}月{first.day}日"
        if last != first:
            text += f"至{last.month}月{last.day}日" if last.month != first.month else f"至{last.day}日"
        texts.append(text)
    return texts
