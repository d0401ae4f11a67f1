"""The Shangyu window scheme (上虞细则) on the same engine: capped categories (D7), doubling repeats (D9), 附加分 up to
5 with the extra-information points (D12), severe items outside the categories that bar the red flag (D13)."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.ledger import Event, EventError, load_scheme, result_to_json, run_score_ledger, score_period
from tests.seedplaces import covers, needs_seeds, place, text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "schemes"
SHANGYU = load_scheme((FIXTURES / "shangyu-window.yaml").read_bytes())
D = Decimal


def ev(day: str, rule: str, **fields) -> Event:
    if "points" in fields:
        fields["points"] = Decimal(str(fields["points"]))
    return Event(date=dt.date.fromisoformat(day), rule=rule, **fields)


def score(events, period="2026-10"):
    return score_period(SHANGYU, None, events, period)


def category(result, code):
    return next(c for c in result.categories if c.code == code)


def test_the_ten_categories_add_up_to_100_with_附加分_up_to_5():
    maxima = {c.title: c.max for c in SHANGYU.categories.values() if c.max is not None}
    assert maxima == {
        "办件管理": 20,
        "收费管理": 10,
        "办事效率": 15,
        "网络管理": 10,
        "工作纪律": 10,
        "规范服务": 10,
        "环境管理": 5,
        "资料管理": 5,
        "信息管理": 5,
        "服务对象评议": 10,
        "附加分": 5,
    }
    assert SHANGYU.base == sum(c.max for c in SHANGYU.categories.values() if c.kind == "deduction" and c.max) == 100
    assert (SHANGYU.subject, SHANGYU.grades) == ("window", ())


@pytest.mark.parametrize(
    ("prefix", "count", "low", "high"),
    [
        ("1.", 11, "1", "5"),
        ("2.", 4, "5", "10"),
        ("3.", 4, "0.5", "3"),
        ("5.", 13, "0.2", "2"),
        ("6.", 8, "0.2", "2"),
        ("7.", 6, "0.2", "2"),
        ("8.", 4, "0.2", "2"),
        ("A", 13, "0.3", "5"),
    ],
)
def test_every_item_of_a_category_has_the_seeds_per_occurrence_range(prefix, count, low, high):
    rules = [r for code, r in SHANGYU.rules.items() if re.fullmatch(re.escape(prefix) + r"\d+", code)]
    assert len(rules) == count
    assert {r.points_range for r in rules} == {(D(low), D(high))}


def test_the_severe_items_cost_ten_or_five_and_bar_the_red_flag():
    severe = {code: r.points for code, r in SHANGYU.rules.items() if code.startswith("S")}
    assert severe == {"S1": 10, "S2": 10, "S3": 10, "S4": 10, "S5": 5, "S6": 10, "S7": 5}
    assert all(SHANGYU.rules[c].consequences == ("no_red_flag",) for c in severe)
    assert SHANGYU.consequences["no_red_flag"].blocks_red_flag


@needs_seeds
def test_every_rule_text_is_on_the_seed_line_it_cites():
    for code, rule in SHANGYU.rules.items():
        seed, line, _ = place("shangyu-window.yaml", code)
        assert covers(rule.source, seed, line, line), (code, rule.source)
        assert rule.text in text(seed, line), code


def test_a_judged_item_takes_the_points_the_recorder_picked_inside_the_range():
    assert score([ev("2026-10-02", "1.3", points=4)]).score == D(96)
    with pytest.raises(EventError, match="1—5"):
        score([ev("2026-10-02", "1.3", points=6)])
    with pytest.raises(EventError, match="请在 points 中填写分值"):
        score([ev("2026-10-02", "5.5")])


def test_network_repeats_double_within_the_month_and_stop_at_the_category_maximum():
    events = [ev(f"2026-10-{d:02d}", "4.1") for d in (1, 2, 3, 4, 5)]
    result = score(events)
    assert [line.counted for line in result.lines] == [D("0.5"), D(1), D(2), D(4), D("2.5")]
    assert result.lines[4].capped == D("5.5")
    assert (category(result, "4").score, category(result, "4").max) == (D(0), D(10))
    november = score(events + [ev("2026-11-02", "4.1")], "2026-11")
    assert november.deductions == D("0.5")


def test_doubling_counts_each_rule_on_its_own():
    result = score(
        [
            ev("2026-10-01", "4.1"),
            ev("2026-10-02", "4.2"),
            ev("2026-10-03", "4.6.spread"),
            ev("2026-10-04", "4.6.spread"),
        ]
    )
    assert [line.counted for line in result.lines] == [D("0.5"), D("0.5"), D(2), D(4)]


def test_a_category_never_goes_below_zero_and_the_rest_is_lost():
    result = score([ev("2026-10-02", "10.差", occurrences=4), ev("2026-10-03", "10.一般")])
    assert [line.counted for line in result.lines] == [D(10), D(0)]
    assert category(result, "10").score == D(0)
    assert result.score == D(90)


def test_extra_information_counts_toward_附加分_and_its_cap_of_5():
    result = score(
        [
            ev("2026-10-02", "A1", points="4.5"),
            ev("2026-10-20", "9.extra", occurrences=2),
            ev("2026-10-21", "9.adopted"),
        ]
    )
    assert [line.counted for line in result.lines] == [D("4.5"), D("0.4"), D("0.1")]
    assert (result.bonus, result.score, category(result, "A").score) == (D(5), D(105), D(5))


def test_severe_items_come_off_the_total_beyond_the_category_floors_and_bar_the_red_flag_that_month_and_year():
    events = [ev("2026-10-02", "10.差", occurrences=4), ev("2026-10-09", "S1"), ev("2026-10-10", "S5")]
    october = score(events)
    assert october.score == D(75)
    assert category(october, "10").score == D(0)
    assert not october.eligible_red_flag
    assert october.flag_texts == ("取消当月和年度评先资格",)
    assert score(events, "2026-11").eligible_red_flag
    assert not score(events, "2026").eligible_red_flag


def test_the_output_has_categories_and_red_flag_eligibility(tmp_path):
    path = tmp_path / "window.json"
    path.write_text(
        json.dumps({"events": [{"date": "2026-10-02", "rule": "4.1"}, {"date": "2026-10-05", "rule": "4.1"}]}),
        encoding="utf-8",
    )
    code, out = run_score_ledger("shangyu-window", str(path), "2026-10", "json", FIXTURES)
    assert code == 0
    data = json.loads(out)
    assert (data["score"], data["grade"], data["eligible_red_flag"]) == ("98.5", None, True)
    assert data["categories"][3] == {"code": "4", "title": "网络管理", "score": "8.5", "max": "10"}
    assert [c["code"] for c in data["categories"]] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "A"]
    assert result_to_json(score([]))["score"] == "100"
