"""What the staff member's page says of a credited line (the decision numbers: ``core.texts``).

A credited line (D16: awards counted in December) shows where its points land: ``credit_note`` for the period's list
of events.
"""

from __future__ import annotations

from scoring.ledger import Period


def month_day(day) -> str:
    return f"{day.month}月{day.day}日"


def credit_note(line, period: Period) -> str:
    """For an engine line whose points land in another month than its event's date (D16), what the period's list
    says: in the event's own month "计入12月，本月不计"; in the month it is credited to "10月22日记录，按规定计入12月".
    "" for an ordinary line."""
    if line is None or line.credited is None or line.date is None or line.credited == line.date:
        return ""
    here = "本月" if period.kind == "month" else "本期"
    if line.credited in period and line.date not in period:
        return f"{month_day(line.date)}记录，按规定计入{line.credited.month}月"
    if line.date in period and line.credited not in period:
        return f"计入{line.credited.month}月，{here}不计"
    return ""
