"""Scored periods: month, quarter, half year, year (宝林镇方案 四)."""

from __future__ import annotations

import datetime as dt

import pytest

from scoring.ledger import LedgerError, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "kind", "label", "title"),
    [
        ("2026-10", "2026-10-01", "2026-10-31", "month", "2026-10", "2026年10月"),
        ("2028-02", "2028-02-01", "2028-02-29", "month", "2028-02", "2028年2月"),
        ("2026-Q4", "2026-10-01", "2026-12-31", "quarter", "2026-Q4", "2026年第4季度"),
        ("2026-q1", "2026-01-01", "2026-03-31", "quarter", "2026-Q1", "2026年第1季度"),
        ("2026-H1", "2026-01-01", "2026-06-30", "half", "2026-H1", "2026年上半年"),
        ("2026-H2", "2026-07-01", "2026-12-31", "half", "2026-H2", "2026年下半年"),
        ("2026", "2026-01-01", "2026-12-31", "year", "2026", "2026年度"),
    ],
)
def test_a_period_label_gives_its_first_and_last_day(text, start, end, kind, label, title):
    period = parse_period(text)
    assert (period.start, period.end) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert (period.kind, period.label, period.title) == (kind, label, title)


def test_a_day_is_in_a_period_from_its_first_to_its_last_day():
    period = parse_period("2026-Q4")
    assert dt.date(2026, 10, 1) in period
    assert dt.date(2026, 12, 31) in period
    assert dt.date(2026, 9, 30) not in period


@pytest.mark.parametrize(
    "text", ["2026-13", "2026-00", "2026-Q5", "2026-H3", "26-10", "2026/10", "", "2026-10-01", "October"]
)
def test_a_bad_period_is_refused_in_chinese(text):
    with pytest.raises(LedgerError, match="考评期"):
        parse_period(text)
