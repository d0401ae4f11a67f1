"""What the pages show of the engine's Chinese texts.

The engine's explanations ("why") and the schemes' notes cite the decision records of the specification (（D16）,
（D4、D7）, （…，D9）). They belong in docs/ and in the ``score_ledger`` output; a page shows the text without them
(``without_decisions``, the ``no_refs`` template filter of staff_scoring and redflags).

A credited line (D16: awards counted in December) shows where its points land: ``credit_note`` for the period's list
of events.
"""

from __future__ import annotations

import re

from scoring.ledger import Period

_DECISION = r"(?<![A-Za-z0-9])D\d{1,2}(?![A-Za-z0-9])"
_DECISIONS = rf"{_DECISION}(?:\s*[、，,]\s*{_DECISION})*"
_PATTERNS = (
    re.compile(rf"\s*[（(]\s*{_DECISIONS}\s*[）)]"),  # "（D16）", "(D4、D7)"
    re.compile(rf"\s*[，,、；;]\s*{_DECISIONS}(?=\s*(?:[）)]|$))"),  # "（含本数，D2）", "…按自然年计，D3"
    re.compile(rf"(?<=[（(]){_DECISIONS}\s*[：:]\s*"),  # "（D12：计入附加分）"
)


def without_decisions(text) -> str:
    """``text`` without the specification's decision numbers: "计入 12 月（D16）" → "计入 12 月"."""
    if text is None:
        return ""
    text = str(text)
    if "D" not in text:
        return text
    for pattern in _PATTERNS:
        text = pattern.sub("", text)
    return text


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
