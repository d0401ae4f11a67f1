"""The period score (docs/domain.md §5.3): every rule pattern of the Baolin schemes and the edges of D1–D4, D15–D17.

One file though over 500 lines: the cases share the two Baolin schemes and one event helper, and each rule pattern
reads as a table beside the others."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.ledger import (
    Event,
    EventError,
    LedgerError,
    PlainTotal,
    load_scheme,
    parse_period,
    result_to_json,
    score_period,
    validate_event,
    windowed_rule_codes,
)

ROOT = Path(__file__).resolve().parents[2]
WINDOW = load_scheme((ROOT / "fixtures/schemes/baolin-window-staff.yaml").read_bytes())
STATION = load_scheme((ROOT / "fixtures/schemes/baolin-station-staff.yaml").read_bytes())
D = Decimal


def ev(day: str, rule: str, **fields) -> Event:
    for key in ("points", "days"):
        if key in fields:
            fields[key] = Decimal(str(fields[key]))
    return Event(date=dt.date.fromisoformat(day), rule=rule, **fields)


def score(events, period, scheme=WINDOW, category="事业单位编制"):
    return score_period(scheme, category, events, parse_period(period))


def counted(result) -> list[tuple[str, str, Decimal, Decimal]]:
    return [(line.date.isoformat(), line.rule, line.counted, line.capped) for line in result.lines]


# --- deductions: one event, one pattern ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "event", "points"),
    [
        (WINDOW, ev("2026-10-08", "1"), "3"),
        (WINDOW, ev("2026-10-08", "1", occurrences=2), "6"),
        (WINDOW, ev("2026-10-08", "2"), "10"),
        (WINDOW, ev("2026-10-08", "2", days=1), "20"),
        (WINDOW, ev("2026-10-08", "2", days="0.5"), "10"),
        (WINDOW, ev("2026-10-08", "2", days="1.5"), "30"),
        (WINDOW, ev("2026-10-08", "4"), "20"),
        (WINDOW, ev("2026-10-08", "4", aggravated=True, points=25), "25"),
        (WINDOW, ev("2026-10-08", "4", aggravated=True, points=40), "40"),
        (WINDOW, ev("2026-10-08", "4", aggravated=True, points="32.5", occurrences=2), "65"),
        (WINDOW, ev("2026-10-08", "8", aggravated=True, points=15), "15"),
        (WINDOW, ev("2026-10-08", "10a"), "3"),
        (WINDOW, ev("2026-10-08", "10b"), "5"),
        (WINDOW, ev("2026-10-08", "12", aggravated=True, points=30), "30"),
        (WINDOW, ev("2026-10-08", "13", aggravated=True), "40"),
        (WINDOW, ev("2026-10-08", "25"), "20"),
        (WINDOW, ev("2026-10-08", "25", aggravated=True), "40"),
        (WINDOW, ev("2026-10-08", "25", aggravated=True, points=40), "40"),
        (WINDOW, ev("2026-10-08", "27", refers_to="24"), "10"),
        (WINDOW, ev("2026-10-08", "27", refers_to="24", aggravated=True, points=20), "20"),
        (WINDOW, ev("2026-10-08", "28", occurrences=3), "9"),
        (STATION, ev("2026-10-08", "5"), "5"),
        (STATION, ev("2026-10-08", "2", aggravated=True, points=30), "30"),
        (STATION, ev("2026-10-08", "16"), "3"),
    ],
)
def test_a_deduction_counts_occurrences_times_points(scheme, event, points):
    result = score([event], "2026-10", scheme)
    assert result.deductions == D(points)
    assert result.score == 100 - D(points)
    (line,) = result.lines
    assert (line.counted, line.capped, line.kind) == (D(points), 0, "deduction")


@pytest.mark.parametrize(
    ("event", "words"),
    [
        (ev("2026-10-08", "99"), "未知细则「99」"),
        (ev("2026-10-08", "10"), "未知细则「10」"),
        (ev("2026-10-08", "4", aggravated=True, points=50), "25—40"),
        (ev("2026-10-08", "4", aggravated=True, points=24), "25—40"),
        (ev("2026-10-08", "4", aggravated=True), "请在 points 中填写扣分值"),
        (ev("2026-10-08", "4", points=25), "aggravated: true"),
        (ev("2026-10-08", "1", points=4), "每次 3 分"),
        (ev("2026-10-08", "1", aggravated=True), "没有加重情形"),
        (ev("2026-10-08", "13", aggravated=True, points=30), "不改变分值"),
        (ev("2026-10-08", "4", aggravated=True, points="25.55"), "1 位小数"),
        (ev("2026-10-08", "1", level="county"), "不分级别"),
        (ev("2026-10-08", "1", days=1), "不按天计"),
        (ev("2026-10-08", "2", days="0.25"), "不是整数"),
        (ev("2026-10-08", "2", days=1, occurrences=2), "只能填一个"),
        (ev("2026-10-08", "1", occurrences=0), "不小于 1"),
        (ev("2026-10-08", "27"), "refers_to"),
        (ev("2026-10-08", "27", refers_to="B1"), "不是本方案可指向的扣分细则"),
        (ev("2026-10-08", "27", refers_to="27"), "不是本方案可指向的扣分细则"),
        (ev("2026-10-08", "1", refers_to="2"), "不应填写 refers_to"),
        (ev("2026-10-08", "B1", deed="A"), "缺少 level"),
        (ev("2026-10-08", "B1", level="county", deed="A"), "没有「county」级别"),
        (ev("2026-10-08", "B1", level="national"), "deed"),
        (ev("2026-10-08", "B1", level="national", deed="A", points=20), "不应填写 points"),
        (ev("2026-10-08", "B4", level="city", occurrences=2), "occurrences 应为 1"),
        (ev("2026-10-08", "B7"), "缺少 level"),
        (ev("2026-10-08", "B7", level="national"), "没有「national」级别"),
    ],
)
def test_an_invalid_event_is_refused_naming_its_index_and_the_problem_in_chinese(event, words):
    events = [ev("2026-10-01", "1"), ev("2026-10-02", "3"), event]
    with pytest.raises(EventError) as info:
        score(events, "2026-10")
    assert info.value.index == 2
    assert words in info.value.message
    assert str(info.value).startswith("events[2]（第 3 条事件")


def test_validate_event_checks_one_event_before_it_is_saved():
    validate_event(WINDOW, ev("2026-10-08", "4", aggravated=True, points=30))
    with pytest.raises(EventError, match="25—40"):
        validate_event(WINDOW, Event(date=dt.date(2026, 10, 8), rule="4", aggravated=True, points=D(41), id=7))


def test_an_event_from_a_database_row_may_carry_a_datetime_and_a_null_occurrence_count():
    event = Event(date=dt.datetime(2026, 10, 8, 9, 30), rule="1", occurrences=None, id=17)  # type: ignore[arg-type]
    result = score([event], "2026-10")
    assert (result.deductions, result.lines[0].date, result.lines[0].event.id) == (D(3), dt.date(2026, 10, 8), 17)


def test_a_scheme_loads_from_a_path_too():
    assert load_scheme(ROOT / "fixtures/schemes/baolin-station-staff.yaml").code == "baolin-station-staff"


def test_a_referring_event_is_scored_as_the_rule_it_names_and_keeps_its_own_code():
    result = score([ev("2026-10-08", "27", refers_to="24")], "2026-10")
    (line,) = result.lines
    assert (line.rule, line.scored_as) == ("27", "24")
    assert "按细则24扣分" in line.why


# --- the period: which events, and the score formula (D1) ------------------------------------------------------


def test_no_events_score_the_base():
    result = score([], "2026-10")
    assert (result.score, result.deductions, result.bonus, result.grade) == (D(100), 0, 0, "优秀")


def test_only_the_events_of_the_period_count():
    events = [ev("2026-09-30", "1"), ev("2026-10-01", "1"), ev("2026-10-31", "3"), ev("2026-11-01", "5")]
    assert score(events, "2026-10").deductions == D(5)
    assert score(events, "2026-Q4").deductions == D(15)
    assert score(events, "2026-Q3").deductions == D(3)
    assert score(events, "2026-H2").deductions == D(18)
    assert score(events, "2026").deductions == D(18)
    assert score(events, "2025").deductions == 0


def test_the_score_is_base_minus_deductions_plus_bonus():
    events = [ev("2026-10-08", "1"), ev("2026-10-09", "B5", occurrences=5)]
    result = score(events, "2026-10")
    assert (result.deductions, result.bonus, result.score) == (D(3), D(5), D(102))


def test_the_score_may_fall_below_zero_when_the_scheme_sets_no_floor():
    result = score([ev("2026-10-08", "11", occurrences=3)], "2026-10")
    assert result.score == D(-20)
    assert not result.floor_applied


def test_a_floor_set_in_the_scheme_stops_the_score():
    data = _window_data()
    data["floor"] = 0
    scheme = load_scheme(data)
    result = score([ev("2026-10-08", "11", occurrences=3)], "2026-10", scheme)
    assert (result.score, result.deductions, result.floor_applied) == (D(0), D(120), True)


def test_events_after_the_period_do_not_change_it():
    before = [ev("2026-10-03", "B7", level="province"), ev("2026-10-20", "B7", level="province")]
    later = [*before, ev("2026-11-03", "B7", level="province"), ev("2026-12-20", "1")]
    assert counted(score(before, "2026-10")) == counted(score(later, "2026-10"))


def test_an_unknown_employment_category_is_refused():
    with pytest.raises(LedgerError, match="人员类别「合同工」"):
        score([], "2026-10", category="合同工")


# --- windowed caps in time order (D4) --------------------------------------------------------------------------


def test_a_quarterly_cap_is_used_up_in_time_order_across_months():
    events = [
        ev("2026-10-10", "B7", level="province"),  # 4
        ev("2026-11-05", "B7", level="city"),  # 3
        ev("2026-11-20", "B7", level="city"),  # 3, only 1 left
        ev("2026-12-01", "B7", level="centre"),  # 1, nothing left
    ]
    assert score(events, "2026-10").bonus == D(4)
    november = score(events, "2026-11")
    assert counted(november) == [("2026-11-05", "B7", D(3), D(0)), ("2026-11-20", "B7", D(1), D(2))]
    assert "此前已计 7 分，本次只计 1 分" in november.lines[1].why
    december = score(events, "2026-12")
    assert counted(december) == [("2026-12-01", "B7", D(0), D(1))]
    assert "已计满 8 分" in december.lines[0].why
    assert score(events, "2026-Q4").bonus == D(8) == sum(score(events, f"2026-{m}").bonus for m in (10, 11, 12))


def test_to_score_october_the_engine_counts_the_cap_used_earlier_in_the_quarter_only():
    events = [
        ev("2026-09-30", "B8", occurrences=2),
        ev("2026-10-01", "B8"),
        ev("2026-10-02", "B8"),
        ev("2026-10-03", "B8"),
    ]
    assert score(events, "2026-09").bonus == D(2)
    october = score(events, "2026-10")
    assert [line.counted for line in october.lines] == [D(1), D(1), D(0)]


def test_a_quarterly_cap_starts_afresh_in_the_next_quarter():
    events = [ev("2026-12-01", "B6a", occurrences=3), ev("2027-01-02", "B6a")]
    assert score(events, "2026-12").bonus == D(1)
    assert score(events, "2027-01").bonus == D("0.5")


def test_the_two_parts_of_bonus_rule_6_have_a_cap_each():
    events = [ev("2026-10-10", "B6a", occurrences=4), ev("2026-10-11", "B6b", occurrences=4)]
    result = score(events, "2026-Q4")
    assert counted(result) == [("2026-10-10", "B6a", D(1), D(1)), ("2026-10-11", "B6b", D(1), D(1))]


def test_pennants_count_two_each_up_to_ten_a_year_in_time_order():
    events = [ev("2026-01-10", "B3", occurrences=3), ev("2026-02-10", "B3", occurrences=2), ev("2026-03-10", "B3")]
    assert [score(events, f"2026-0{m}").bonus for m in (1, 2, 3)] == [D(6), D(4), D(0)]
    assert score(events, "2026-Q1").bonus == D(10)


def test_a_second_pennant_past_the_cap_counts_nothing():
    events = [ev("2026-05-01", "B3", occurrences=5), ev("2026-06-01", "B3")]
    result = score(events, "2026")
    assert counted(result) == [("2026-05-01", "B3", D(10), D(0)), ("2026-06-01", "B3", D(0), D(2))]
    assert "D3" in result.lines[1].why


def test_the_pennant_cap_applies_per_calendar_year():
    events = [ev("2025-12-01", "B3", occurrences=5), ev("2026-01-05", "B3")]
    assert score(events, "2026-01").bonus == D(2)


def test_a_pennant_and_a_letter_for_the_same_matter_count_once():
    events = [
        ev("2026-04-01", "B3", deed="办证加急"),
        ev("2026-04-02", "B3", deed="办证加急"),
        ev("2026-04-03", "B3", deed="另一件事"),
    ]
    assert [line.counted for line in score(events, "2026-04").lines] == [D(2), D(0), D(2)]


# --- once per deed at the highest level (D17) ------------------------------------------------------------------


def test_a_deed_reported_later_at_a_higher_level_adds_only_the_difference_in_its_month():
    events = [ev("2026-03-01", "B1", level="local", deed="A"), ev("2026-10-09", "B1", level="national", deed="A")]
    assert score(events, "2026-03").bonus == D(4)
    october = score(events, "2026-10")
    assert counted(october) == [("2026-10-09", "B1", D(16), D(4))]
    assert "D17" in october.lines[0].why
    assert score(events, "2026").bonus == D(20)


def test_a_deed_reported_later_at_a_lower_level_counts_nothing():
    events = [ev("2026-03-01", "B1", level="province", deed="A"), ev("2026-04-01", "B1", level="city", deed="A")]
    assert counted(score(events, "2026-04")) == [("2026-04-01", "B1", D(0), D(12))]


def test_different_deeds_count_each():
    events = [ev("2026-03-01", "B1", level="city", deed="A"), ev("2026-03-02", "B1", level="city", deed="B")]
    assert score(events, "2026-03").bonus == D(24)


def test_a_piece_of_information_adopted_at_several_levels_counts_once_at_the_highest():
    events = [
        ev("2026-05-01", "B2", level="local", deed="稿件1"),
        ev("2026-05-20", "B2", level="city", deed="稿件1"),
        ev("2026-06-02", "B2", level="province", deed="稿件1"),
    ]
    assert [score(events, p).bonus for p in ("2026-05", "2026-06", "2026-Q2")] == [D(8), D(8), D(16)]


# --- awards: once a year at the highest level, credited to December (D16) --------------------------------------


def test_an_award_is_credited_to_december_at_the_highest_level_of_the_year():
    events = [ev("2026-03-09", "B4", level="province"), ev("2026-10-20", "B4", level="city")]
    march = score(events, "2026-03")
    assert march.bonus == 0
    assert "计入 2026年12月" in march.lines[0].why
    assert score(events, "2026-10").bonus == 0
    assert score(events, "2026-11").bonus == 0
    december = score(events, "2026-12")
    assert december.bonus == D(16)
    assert counted(december) == [("2026-03-09", "B4", D(16), D(0)), ("2026-10-20", "B4", D(0), D(12))]
    assert december.lines[0].credited == dt.date(2026, 12, 31)
    assert [score(events, p).bonus for p in ("2026-Q4", "2026-H2", "2026", "2026-H1", "2026-Q1")] == [
        D(16),
        D(16),
        D(16),
        0,
        0,
    ]


def test_awards_of_different_years_are_recognised_in_their_own_year():
    events = [ev("2025-06-01", "B4", level="national"), ev("2026-06-01", "B4", level="local")]
    assert score(events, "2025").bonus == D(20)
    assert score(events, "2026").bonus == D(8)


# --- the bonus cap of 30 per scored period (D15) ---------------------------------------------------------------


def test_the_bonus_counts_at_most_30_in_a_month():
    result = score([ev("2026-10-08", "B5", occurrences=35)], "2026-10")
    assert (result.bonus, result.score) == (D(30), D(130))
    assert result.lines[0].capped == D(5)
    assert "D15" in result.lines[0].why


def test_the_bonus_cap_of_30_applies_to_each_period_on_its_own():
    events = [ev("2026-10-08", "B5", occurrences=25), ev("2026-11-08", "B5", occurrences=25)]
    assert score(events, "2026-10").bonus == D(25)
    assert score(events, "2026-11").bonus == D(25)
    quarter = score(events, "2026-Q4")
    assert quarter.bonus == D(30)
    assert counted(quarter) == [("2026-10-08", "B5", D(25), D(0)), ("2026-11-08", "B5", D(5), D(20))]
    assert score(events, "2026").bonus == D(30)


def test_months_add_up_to_the_quarter_when_no_period_cap_bites():
    events = [
        ev("2026-10-03", "1", occurrences=2),
        ev("2026-10-10", "B7", level="province", occurrences=3),
        ev("2026-11-10", "B7", level="city"),
        ev("2026-11-11", "B3", occurrences=2),
        ev("2026-12-24", "2", days=1),
        ev("2026-12-25", "B8", occurrences=3),
    ]
    months = [score(events, f"2026-{m}") for m in (10, 11, 12)]
    quarter = score(events, "2026-Q4")
    assert sum(m.bonus for m in months) == quarter.bonus == D(14)
    assert sum(m.deductions for m in months) == quarter.deductions == D(26)


# --- yearly thresholds and consequences (D2, §5.4) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "flagged"),
    [
        ([ev("2026-03-01", "22")], False),
        ([ev("2026-03-01", "22"), ev("2026-11-01", "22")], True),
        ([ev("2026-03-01", "22", occurrences=2)], True),
        ([ev("2026-03-01", "22"), ev("2026-11-01", "27", refers_to="22")], True),
        ([ev("2025-12-30", "22"), ev("2026-01-02", "22")], False),
    ],
    ids=["once", "twice", "one-event-of-two", "once-plus-follow-up-visit", "across-years"],
)
def test_two_or_more_errors_in_a_year_cancel_the_years_excellence(events, flagged):
    result = score(events, "2026")
    assert ("取消年度评优资格" in result.flag_texts) is flagged


def test_the_station_rule_15_has_the_same_threshold():
    result = score([ev("2026-03-01", "15"), ev("2026-04-01", "15")], "2026", STATION, "村(社区)代办人")
    assert result.flag_texts == ("取消年度评优资格",)
    assert "含本数" in result.flags[0].why


@pytest.mark.parametrize(
    ("event", "texts"),
    [
        (ev("2026-05-01", "11"), ("取消年度评优资格", "移交纪委")),
        (ev("2026-05-01", "12"), ("取消年度评优资格",)),
        (ev("2026-05-01", "12", aggravated=True, points=30), ("取消年度评优资格", "按相关规定另行处理")),
        (ev("2026-05-01", "13", aggravated=True), ("取消年度评优资格", "按相关规定另行处理")),
        (ev("2026-05-01", "14"), ("取消年度评优资格", "根据情节轻重给予组织调整或组织处分")),
        (ev("2026-05-01", "20", aggravated=True, points=30), ("按相关规定另行处理",)),
        (ev("2026-05-01", "20"), ()),
        (ev("2026-05-01", "1"), ()),
    ],
)
def test_a_rules_consequences_become_flags_of_the_year(event, texts):
    assert score([event], "2026").flag_texts == texts


def test_a_yearly_flag_is_shown_beside_every_score_of_that_year_and_not_the_next():
    events = [ev("2026-11-20", "11"), ev("2027-01-05", "1")]
    for period in ("2026-01", "2026-Q2", "2026-H2", "2026-11", "2026"):
        assert score(events, period).flag_texts == ("取消年度评优资格", "移交纪委"), period
    assert score(events, "2027-01").flag_texts == ()


def test_the_flag_caps_the_annual_grade_below_excellent():
    events = [ev("2026-03-01", "22"), ev("2026-04-01", "22"), ev("2026-10-08", "B5", occurrences=25)]
    year = score(events, "2026", category="公务员编制")
    assert year.score == D(105)
    assert year.grade == "称职"
    assert "取消年度评优资格" in year.grade_note
    assert score(events, "2026", category="临时聘用").grade == "合格"


def test_the_flag_does_not_lower_an_annual_grade_that_is_already_below_excellent():
    result = score([ev("2026-03-01", "11")], "2026", category="公务员编制")
    assert (result.score, result.grade, result.grade_note) == (D(60), "不称职", "")


def test_the_flag_leaves_month_grades_alone():
    events = [ev("2026-03-01", "22", occurrences=2), ev("2026-10-08", "B5", occurrences=25)]
    october = score(events, "2026-10")
    assert (october.grade, october.flag_texts) == ("优秀", ("取消年度评优资格",))


# --- grades by employment category (附件6) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "civil_servant", "others"),
    [
        ("0", "优秀", "优秀"),
        ("0.1", "称职", "合格"),
        ("10", "称职", "合格"),
        ("10.1", "基本称职", "基本合格"),
        ("20", "基本称职", "基本合格"),
        ("20.1", "不称职", "不合格"),
        ("150", "不称职", "不合格"),
    ],
)
def test_the_grade_follows_the_score_band_and_the_employment_category(points, civil_servant, others):
    scheme = _judged_scheme()
    events = [ev("2026-10-08", "X", points=points)] if points != "0" else []
    assert score(events, "2026-10", scheme, "公务员编制").grade == civil_servant
    for category in ("事业单位编制", "临时聘用", "村(社区)代办人"):
        assert score(events, "2026-10", scheme, category).grade == others


# --- plain rules aggregated by the database ---------------------------------------------------------------------


def test_plain_totals_score_the_same_as_their_events():
    events = [
        ev("2026-10-03", "1"),
        ev("2026-10-05", "1"),
        ev("2026-10-06", "2", days=1),
        ev("2026-10-07", "4", aggravated=True, points=30),
    ]
    windowed = [ev("2026-10-09", "B7", level="province", occurrences=3)]
    totals = [
        PlainTotal("1", occurrences=2),
        PlainTotal("2", days=D(1)),
        PlainTotal("4", occurrences=1, aggravated=True, points=D(30)),
    ]
    one_by_one = score_period(WINDOW, "事业单位编制", events + windowed, "2026-10")
    aggregated = score_period(WINDOW, "事业单位编制", windowed, "2026-10", totals=totals)
    assert (aggregated.score, aggregated.deductions, aggregated.bonus) == (
        one_by_one.score,
        one_by_one.deductions,
        one_by_one.bonus,
    )


def test_a_plain_bonus_total_still_meets_the_period_cap():
    result = score_period(WINDOW, "事业单位编制", [], "2026-10", totals=[PlainTotal("B5", occurrences=40)])
    assert result.bonus == D(30)


def test_a_windowed_rule_cannot_be_passed_as_a_total():
    with pytest.raises(LedgerError, match="需要逐条计分"):
        score_period(WINDOW, "事业单位编制", [], "2026-10", totals=[PlainTotal("B7", occurrences=3, level="city")])


def test_the_windowed_rules_are_the_ones_the_database_must_feed_one_by_one():
    assert "1" not in windowed_rule_codes(WINDOW)
    assert {"B3", "B4", "B7", "22", "27"} <= windowed_rule_codes(WINDOW)


# --- the growth path: category maxima (D7) and doubling repeats (D9) --------------------------------------------


def test_a_category_with_a_maximum_never_scores_below_zero_in_a_month():
    scheme = _window_like_scheme()
    events = [ev("2026-10-01", "1.1", points=5), ev("2026-10-02", "1.1", points=5), ev("2026-10-03", "1.1", points=4)]
    result = score(events, "2026-10", scheme, None)
    assert [line.counted for line in result.lines] == [D(5), D(5), D(0)]
    assert "D7" in result.lines[2].why
    (category,) = [c for c in result.categories if c.code == "办件"]
    assert (category.score, category.max) == (D(0), D(10))
    assert result_to_json(result)["categories"][0] == {"code": "办件", "title": "办件管理", "score": "0", "max": "10"}
    assert result.grade is None


def test_a_doubling_rule_costs_half_one_two_four_for_repeats_within_the_month():
    scheme = _window_like_scheme()
    events = [
        ev("2026-10-01", "4.1"),
        ev("2026-10-05", "4.1"),
        ev("2026-10-09", "4.1", occurrences=2),
        ev("2026-11-02", "4.1"),
    ]
    october = score(events, "2026-10", scheme, None)
    assert [line.counted for line in october.lines] == [D("0.5"), D(1), D(6)]
    assert "D9" in october.lines[2].why
    assert score(events, "2026-11", scheme, None).deductions == D("0.5")


def test_severe_items_come_from_the_total_outside_the_category_maxima_and_bar_the_red_flag():
    scheme = _window_like_scheme()
    events = [ev("2026-10-01", "1.1", points=5), ev("2026-10-02", "1.1", points=5), ev("2026-10-03", "S1")]
    result = score(events, "2026-10", scheme, None)
    assert result.score == D(80)
    assert not result.eligible_red_flag
    assert score(events, "2026-11", scheme, None).eligible_red_flag
    assert result_to_json(result)["eligible_red_flag"] is False


# --- helpers -----------------------------------------------------------------------------------------------------


def _window_data() -> dict:
    from scoring.common import parse_fixture_text

    return copy.deepcopy(parse_fixture_text((ROOT / "fixtures/schemes/baolin-window-staff.yaml").read_bytes()))


def _judged_scheme():
    data = _window_data()
    data["deductions"].append(
        {"code": "X", "category": "管理规范", "text": "测试", "points": {"min": "0.1", "max": 200}, "source": "test"}
    )
    return load_scheme(data)


def _window_like_scheme():
    return load_scheme(
        {
            "code": "window-like",
            "version": 1,
            "title": "窗口月考核（测试）",
            "source": "test",
            "subject": "window",
            "applies_to": ["centre_window"],
            "base": 100,
            "consequences": {"no_red_flag": {"text": "取消当月和年度评先资格", "blocks_red_flag": True}},
            "categories": [
                {"code": "办件", "title": "办件管理", "kind": "deduction", "max": 10},
                {"code": "网络", "title": "网络管理", "kind": "deduction", "max": 10},
                {"code": "严重", "title": "倒扣分", "kind": "deduction"},
            ],
            "deductions": [
                {"code": "1.1", "category": "办件", "text": "t", "points": {"min": 1, "max": 5}, "source": "t"},
                {
                    "code": "4.1",
                    "category": "网络",
                    "text": "t",
                    "points": "0.5",
                    "doubling_per": "month",
                    "source": "t",
                },
                {
                    "code": "S1",
                    "category": "严重",
                    "text": "t",
                    "points": 10,
                    "consequences": ["no_red_flag"],
                    "source": "t",
                },
            ],
        }
    )
