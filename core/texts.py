"""What the pages show of the engines' Chinese texts.

The engines' explanations ("why") and the fixtures' notes cite the decision records of the specification
(（D16）, （D4、D7）, （…，D9）). They belong in docs/ and in the CLI output (``score_ledger``, ``score_rubric``); a page
shows the text without them (``without_decisions``; the ``no_refs`` template filter).
"""

from __future__ import annotations

import re

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
