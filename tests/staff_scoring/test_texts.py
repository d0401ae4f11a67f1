"""The engine's texts on the pages: decision numbers of the specification left out, credited lines explained."""

import datetime as dt
from decimal import Decimal

import pytest

from core.texts import without_decisions
from scoring.ledger import EventLine, parse_period
from staff_scoring.texts import credit_note


@pytest.mark.parametrize("text, shown", [
    ("细则B4每年按最高级别认定一次，计入 12 月（D16）", "细则B4每年按最高级别认定一次，计入 12 月"),
    ("已计满 10 分，本次不计(D4)", "已计满 10 分，本次不计"),
    ("类别「工作纪律」有封顶，按时间顺序计入（D4、D7）", "类别「工作纪律」有封顶，按时间顺序计入"),
    ("全年累计 2 次，达到 2 次以上（含本数，D2）（2025-12-05）", "全年累计 2 次，达到 2 次以上（含本数）（2025-12-05）"),
    ("最高加分不超过10分，按自然年计，D3", "最高加分不超过10分，按自然年计"),
    ("上虞细则 二9（D12：计入附加分）", "上虞细则 二9（计入附加分）"),
    ("加倍累计（0.5、1、2、4……，D9）", "加倍累计（0.5、1、2、4……）"),
    ("细则1：3分/次 × 2次 = 6分", "细则1：3分/次 × 2次 = 6分"),
    ("DVD 与 ID12 不是决策编号", "DVD 与 ID12 不是决策编号"),
    (None, ""),
])
def test_decision_numbers_are_left_out(text, shown):
    assert without_decisions(text) == shown


def line(day: str, credited: str) -> EventLine:
    return EventLine(index=0, event=None, rule="B4", scored_as="B4", kind="bonus", date=dt.date.fromisoformat(day),
                     credited=dt.date.fromisoformat(credited), nominal=Decimal(12), counted=Decimal(12),
                     capped=Decimal(0), why="")


def test_a_credited_line_says_where_it_counts():
    award = line("2026-10-22", "2026-12-31")
    assert credit_note(award, parse_period("2026-12")) == "10月22日记录，按规定计入12月"
    assert credit_note(award, parse_period("2026-10")) == "计入12月，本月不计"
    assert credit_note(award, parse_period("2026-Q3")) == ""  # not in Q3 at all
    assert credit_note(award, parse_period("2026-Q4")) == ""
    assert credit_note(line("2026-08-03", "2026-12-31"), parse_period("2026-Q3")) == "计入12月，本期不计"
    assert credit_note(line("2026-10-22", "2026-10-22"), parse_period("2026-10")) == ""
    assert credit_note(None, parse_period("2026-10")) == ""
