"""The official schedule of one year as chinesecalendar knows it (D11). No Django import.

chinesecalendar 1.11 knows 2004–2026 and raises ``NotImplementedError`` for later years; here that becomes ``None``
("the library does not know this year"), never an exception: the admin enters such a year by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
OFF, ON = "off", "on"


@dataclass(frozen=True)
class OfficialDay:
    day: date
    kind: str  # OFF: 放假; ON: 调休上班
    name: str


def library_years() -> range:
    """The years the installed chinesecalendar knows (it raises for the others)."""
    import chinese_calendar

    years = sorted({d.year for d in chinese_calendar.holidays})
    return range(years[0], years[-1] + 1) if years else range(0)


def official_days(year: int) -> list[OfficialDay] | None:
    """Holidays and adjusted working days of ``year`` from chinesecalendar, or None if it does not know the year."""
    try:
        import chinese_calendar

        chinese_calendar.is_workday(date(year, 7, 1))  # raises NotImplementedError outside its years
    except (NotImplementedError, ImportError, ValueError, OverflowError):
        return None
    days = [
        OfficialDay(day, OFF, NAMES.get(name, name)) for day, name in chinese_calendar.holidays.items() if day.year == year
    ]
    days += [
        OfficialDay(day, ON, NAMES.get(name, name) + "调休")
        for day, name in chinese_calendar.workdays.items()
        if day.year == year and day.weekday() >= 5
    ]
    return sorted(days, key=lambda d: d.day)
