"""Scoring an answer sheet: every rule type and its edges, composites, bonuses and deductions, vetoes, bad answers."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from scoring.rubric import AnswerError, load_rubric, prefill, result_to_json, score

from .conftest import one_criterion_data, scheme_data

D = Decimal

AON = {"rule": "all_or_nothing", "points": 2}
TIERED = {"rule": "tiered", "points": 3, "tiers": [
    {"points": 3, "label": "一级标准"}, {"points": 2, "label": "二级标准"}, {"points": 1, "label": "三级标准"}]}
TIERED_ZERO = {"rule": "tiered", "points": 6, "tiers": [
    {"points": 6, "label": "梳理并公布"}, {"points": 3, "label": "公布"}, {"points": 0, "label": "未梳理、公布"}]}
PER_UNIT = {"rule": "per_unit", "points": 3, "unit_points": "0.5"}
PER_UNIT_3 = {"rule": "per_unit", "points": 6, "unit_points": 3, "max_units": 10}
PER_LEVEL = {"rule": "per_level", "points": 3, "levels": [
    {"name": "县级", "points": "0.5"}, {"name": "市级", "points": 1},
    {"name": "省级及以上", "min": 1, "points": 2, "step": "0.5"}]}
MISSING = {"rule": "deduct_per_missing", "points": 10, "per_missing": 1}
JUDGED = {"rule": "judged", "points": 2}
JUDGED_03 = {"rule": "judged", "points": "0.9", "step": "0.3"}
JUDGED_RANGE = {"rule": "judged", "points": 5, "min": 1}
VETO = {"rule": "veto", "points": 2}
VETO_0 = {"rule": "veto", "points": 0}

# (case, criterion, answer, expected score, a fragment of the note or "" for no note)
RULE_CASES = [
    ("all-or-nothing met", AON, True, "2", ""),
    ("all-or-nothing not met", AON, False, "0", "未达到要求"),
    ("tiered top", TIERED, 3, "3", ""),
    ("tiered middle", TIERED, 2, "2", "二级标准,得 2 分"),
    ("tiered bottom", TIERED, 1, "1", "三级标准"),
    ("tiered 0 always allowed", TIERED, 0, "0", "未达到任何档次"),
    ("tiered listed 0", TIERED_ZERO, 0, "0", "未梳理、公布"),
    ("tiered true is the top tier", TIERED_ZERO, True, "6", ""),
    ("tiered false is 0", TIERED_ZERO, False, "0", "未达到要求"),
    ("per unit below the cap", PER_UNIT, 5, "2.5", "5 项 × 0.5 = 2.5 分"),
    ("per unit cap exactly reached", PER_UNIT, 6, "3", "6 项 × 0.5 = 3 分"),
    ("per unit over the cap", PER_UNIT, 8, "3", "超过上限 3 分,按 3 分计"),
    ("per unit none", PER_UNIT, 0, "0", "0 项"),
    ("per unit integral decimal", PER_UNIT, D("2"), "1", "2 项"),
    ("per unit 3 each, max 6", PER_UNIT_3, 1, "3", "1 项 × 3 = 3 分"),
    ("per unit 3 each, over", PER_UNIT_3, 3, "6", "超过上限 6 分"),
    ("per level fixed levels", PER_LEVEL, {"县级": 1, "市级": 1}, "1.5", "县级 1 × 0.5 + 市级 1 × 1 = 1.5 分"),
    ("per level ranged level (D5)", PER_LEVEL, {"省级及以上": [D("1.5")]}, "1.5", "省级及以上 1 项(1.5)"),
    ("per level cap exactly", PER_LEVEL, {"市级": 1, "省级及以上": [2]}, "3", "= 3 分"),
    ("per level over the cap", PER_LEVEL, {"县级": 2, "省级及以上": [2, D("1.5")]}, "3", "超过上限 3 分"),
    ("per level empty", PER_LEVEL, {}, "0", "无"),
    ("per level zero counts", PER_LEVEL, {"县级": 0, "省级及以上": []}, "0", "无"),
    ("per level true is the cap", PER_LEVEL, True, "3", ""),
    ("missing none", MISSING, 0, "10", ""),
    ("missing some", MISSING, 3, "7", "少 3 项,扣 3 分"),
    ("missing floor exactly", MISSING, 10, "0", "扣完为止"),
    ("missing beyond the floor", MISSING, 12, "0", "应扣 12 分,扣完为止,得 0 分"),
    ("missing true means none missing", MISSING, True, "10", ""),
    ("missing false is 0", MISSING, False, "0", ""),
    ("judged full", JUDGED, 2, "2", ""),
    ("judged 0.5 step", JUDGED, D("1.5"), "1.5", "评定 1.5 分(满分 2 分)"),
    ("judged 0", JUDGED, 0, "0", "评定 0 分"),
    ("judged 0.3 step", JUDGED_03, D("0.6"), "0.6", "评定 0.6 分"),
    ("judged 0.3 step top", JUDGED_03, D("0.9"), "0.9", ""),
    ("judged range minimum", JUDGED_RANGE, 1, "1", ""),
    ("judged range 0 still allowed", JUDGED_RANGE, 0, "0", ""),
    ("judged range on step", JUDGED_RANGE, D("4.5"), "4.5", ""),
    ("veto passed", VETO, True, "2", ""),
    ("veto failed", VETO, False, "0", "一票否决项未通过"),
    ("zero-point veto passed", VETO_0, True, "0", ""),
]


@pytest.mark.parametrize(("case", "criterion", "answer", "expected", "note"), RULE_CASES,
                         ids=[c[0] for c in RULE_CASES])
def test_each_rule_scores_as_documented(one_criterion, case, criterion, answer, expected, note):
    result = score(one_criterion(criterion), {"1.1.1": answer})
    c = result.criterion("1.1.1")
    assert c.score == D(expected)
    assert c.max == D(str(criterion["points"]))
    assert result.total == D(expected)
    if note:
        assert note in c.note
    elif expected == str(criterion["points"]):
        assert c.note == ""


# A ranged level (D5: 省级及以上 1–2 per measure) may also be given as a count of measures: each then counts at the
# range's upper bound, and the note says so. (case, criterion, answer, expected score, the exact note)
PER_LEVEL_TWO_RANGES = {"rule": "per_level", "points": 5, "levels": [
    {"name": "市级", "points": 1}, {"name": "省级", "min": 1, "points": 2},
    {"name": "国家级", "min": 2, "points": 3, "step": "0.5"}]}
UPPER = "未给分值,按每项上限"
RANGED_COUNT_CASES = [
    ("count for a ranged level", PER_LEVEL, {"省级及以上": 1}, "2",
     f"省级及以上 1 项,{UPPER} 2 分计;省级及以上 1 × 2 = 2 分"),
    ("count with a fixed level", PER_LEVEL, {"县级": 1, "省级及以上": 1}, "2.5",
     f"省级及以上 1 项,{UPPER} 2 分计;县级 1 × 0.5 + 省级及以上 1 × 2 = 2.5 分"),
    ("count reaching the cap exactly", PER_LEVEL, {"市级": 1, "省级及以上": 1}, "3",
     f"省级及以上 1 项,{UPPER} 2 分计;市级 1 × 1 + 省级及以上 1 × 2 = 3 分"),
    ("count over the cap", PER_LEVEL, {"省级及以上": 2}, "3",
     f"省级及以上 2 项,{UPPER} 2 分计;省级及以上 2 × 2 = 4 分,超过上限 3 分,按 3 分计"),
    ("integral decimal count", PER_LEVEL, {"省级及以上": D("1")}, "2",
     f"省级及以上 1 项,{UPPER} 2 分计;省级及以上 1 × 2 = 2 分"),
    ("count 0 is none", PER_LEVEL, {"省级及以上": 0}, "0", "无,得 0 分"),
    ("the list form is unchanged", PER_LEVEL, {"省级及以上": [D("1.5")]}, "1.5", "省级及以上 1 项(1.5) = 1.5 分"),
    ("count for one ranged level, list for another", PER_LEVEL_TWO_RANGES, {"省级": 1, "国家级": [D("2.5")]}, "4.5",
     f"省级 1 项,{UPPER} 2 分计;省级 1 × 2 + 国家级 1 项(2.5) = 4.5 分"),
    ("list, count and fixed together over the cap", PER_LEVEL_TWO_RANGES,
     {"市级": 1, "省级": [1, D("1.5")], "国家级": 1}, "5",
     f"国家级 1 项,{UPPER} 3 分计;市级 1 × 1 + 省级 2 项(1 + 1.5) + 国家级 1 × 3 = 6.5 分,超过上限 5 分,按 5 分计"),
    ("counts for two ranged levels", PER_LEVEL_TWO_RANGES, {"省级": 1, "国家级": 1}, "5",
     f"省级 1 项,{UPPER} 2 分计;国家级 1 项,{UPPER} 3 分计;省级 1 × 2 + 国家级 1 × 3 = 5 分"),
]


@pytest.mark.parametrize(("case", "criterion", "answer", "expected", "note"), RANGED_COUNT_CASES,
                         ids=[c[0] for c in RANGED_COUNT_CASES])
def test_a_ranged_level_given_as_a_count_scores_its_upper_bound(one_criterion, case, criterion, answer, expected,
                                                                 note):
    c = score(one_criterion(criterion), {"1.1.1": answer}).criterion("1.1.1")
    assert (c.score, c.note) == (D(expected), note)


def test_a_ranged_level_count_in_a_deduction_takes_the_upper_bound(one_criterion):
    result = score(one_criterion(PER_LEVEL, role="deduction"), {"2.1.1": {"县级": 1, "省级及以上": 1}})
    c = result.criterion("2.1.1")
    assert c.score == D("-2.5") and c.note.startswith(f"省级及以上 1 项,{UPPER} 2 分计;") and "扣 2.5 分" in c.note


# (case, criterion, bad answer, a fragment of the message)
INVALID_CASES = [
    ("all-or-nothing wants a boolean", AON, 2, "true"),
    ("veto wants a boolean", VETO, "通过", "true"),
    ("not a tier", TIERED, D("2.5"), "不是本标准的档次分值"),
    ("tier above the maximum", TIERED, 4, "不是本标准的档次分值"),
    ("negative count", PER_UNIT, -1, "不能为负数"),
    ("fractional count", PER_UNIT, D("1.5"), "应为整数"),
    ("count as text", PER_UNIT, "3", "整数"),
    ("too many units", PER_UNIT_3, 11, "最多 10 项"),
    ("per level is not an object", PER_LEVEL, 2, "以级别名称为键"),
    ("unknown level", PER_LEVEL, {"乡级": 1}, "未知级别“乡级”"),
    ("ranged level given a fractional count", PER_LEVEL, {"省级及以上": D("1.5")}, "或只给项数（每项按上限 2 分计）"),
    ("ranged level given a negative count", PER_LEVEL, {"省级及以上": -1}, "不能为负数"),
    ("ranged level given a count as text", PER_LEVEL, {"省级及以上": "1"}, "请给出每项所得分值的列表"),
    ("ranged level given a boolean", PER_LEVEL, {"省级及以上": True}, "项数"),
    ("ranged level out of range", PER_LEVEL, {"省级及以上": [D("2.5")]}, "1—2 之间"),
    ("ranged level off the step", PER_LEVEL, {"省级及以上": [D("1.2")]}, "步长 0.5"),
    ("fixed level negative", PER_LEVEL, {"市级": -1}, "不能为负数"),
    ("missing count negative", MISSING, -2, "不能为负数"),
    ("judged above the maximum", JUDGED, 3, "0—2 之间"),
    ("judged off the 0.5 step", JUDGED, D("1.2"), "步长 0.5"),
    ("judged off the 0.3 step", JUDGED_03, D("0.5"), "步长 0.3"),
    ("judged under its minimum", JUDGED_RANGE, D("0.5"), "0，或 1—5 之间"),
    ("judged negative", JUDGED, -1, "不可用"),
    ("python float refused", JUDGED, 1.5, "浮点数"),
    ("text refused", JUDGED, "1.5", "应为数值"),
]


@pytest.mark.parametrize(("case", "criterion", "answer", "message"), INVALID_CASES, ids=[c[0] for c in INVALID_CASES])
def test_an_invalid_answer_raises_naming_its_code(one_criterion, case, criterion, answer, message):
    with pytest.raises(AnswerError) as exc:
        score(one_criterion(criterion), {"1.1.1": answer})
    [problem] = exc.value.problems
    assert problem.path == "1.1.1"
    assert message in problem.message
    assert "1.1.1" in str(exc.value)


def test_unknown_codes_and_every_problem_are_listed(one_criterion):
    rubric = one_criterion(JUDGED)
    with pytest.raises(AnswerError) as exc:
        score(rubric, {"1.1.1": 7, "9.9.9": True, "1.1": True, "1": 2})
    by_code = {p.path: p.message for p in exc.value.problems}
    assert set(by_code) == {"1.1.1", "9.9.9", "1.1", "1"}
    assert "未知的评估标准编号" in by_code["9.9.9"]
    assert "评估项目编号" in by_code["1.1"]
    assert "评估内容编号" in by_code["1"]


def test_answers_must_be_an_object(one_criterion):
    with pytest.raises(AnswerError):
        score(one_criterion(AON), [True])


def test_a_blank_sheet_scores_zero_and_lists_every_criterion(one_criterion):
    rubric = load_rubric(scheme_data())
    result = score(rubric, {})
    assert result.total == 0
    assert result.unanswered == ("1.1.1", "2.1.1", "2.2.1", "3.1.1", "3.2.1")
    assert all(c.note.startswith("未作答") for s in result.sections for i in s.items for c in i.criteria)
    assert [s.max for s in result.sections] == [10, 5, 0]


def test_an_unanswered_deduct_per_missing_scores_zero_not_full(one_criterion):
    result = score(one_criterion(MISSING), {"1.1.1": None})
    assert result.total == 0
    assert result.unanswered == ("1.1.1",)


def test_a_veto_fails_even_with_a_full_total(one_criterion):
    data = one_criterion_data(VETO_0, bands=[{"min": 2, "label": "五星级"}, {"label": "未评星"}])
    data["sections"][0]["items"][0]["criteria"].insert(0, {"rule": "judged", "text": "满分项", "points": 2})
    data["sections"][0]["items"][0]["points"] = 2
    data["sections"][0]["points"] = 2
    data["points"] = 2
    rubric = load_rubric(data)

    passed = score(rubric, {"1.1.1": 2, "1.1.2": True})
    assert (passed.total, passed.band, passed.vetoes) == (D(2), "五星级", ())

    failed = score(rubric, {"1.1.1": 2, "1.1.2": False})
    assert failed.total == failed.max == 2
    assert failed.band == "取消评星资格"
    assert failed.vetoes == ("1.1.2",)
    assert "取消评星资格" in failed.notes[0]


def test_an_unanswered_veto_is_not_a_failed_veto(one_criterion):
    result = score(one_criterion(VETO), {})
    assert result.vetoes == ()
    assert result.unanswered == ("1.1.1",)


def test_bar_excellence_drops_the_excellent_band_and_is_listed():
    data = one_criterion_data({"rule": "veto", "points": 0, "effect": "bar_excellence"})
    data["sections"][0]["items"][0]["criteria"].insert(0, {"rule": "judged", "text": "x", "points": 10})
    data["sections"][0]["items"][0]["points"] = data["sections"][0]["points"] = data["points"] = 10
    data["bands"] = [{"min": 9, "label": "优秀"}, {"min": 6, "label": "合格"}, {"label": "不合格"}]
    data["ranking"] = {"excellent": "优秀", "max_share": "0.3", "demote_to": "合格"}
    rubric = load_rubric(data)
    result = score(rubric, {"1.1.1": 10, "1.1.2": False})
    assert result.band == "合格"
    assert result.excellence_barred is True
    assert result.vetoes == ("1.1.2",)
    assert score(rubric, {"1.1.1": 10, "1.1.2": True}).band == "优秀"


# -- base + bonus − deduction (咸阳细则, 成都细则) ------------------------------------------------------------------------
# (case, answers, bonus section score, deduction section score, total, a fragment of the deduction section note)
SCHEME_CASES = [
    ("no bonus, no deduction", {"1.1.1": 8}, "0", "0", "8", ""),
    ("bonus under the cap", {"1.1.1": 8, "2.1.1": 3, "2.2.1": {"市级": 1}}, "3.5", "0", "11.5", ""),
    ("bonus cap exactly reached", {"1.1.1": 8, "2.1.1": 4, "2.2.1": {"省级": 1}}, "5", "0", "13", ""),
    ("bonus over the cap", {"1.1.1": 8, "2.1.1": 4, "2.2.1": {"国家级": 2}}, "5", "0", "13", ""),
    ("deduction under the bonus", {"1.1.1": 8, "2.1.1": 4, "3.1.1": D("1.5")}, "4", "-1.5", "10.5", ""),
    ("deduction equal to the bonus", {"1.1.1": 8, "2.1.1": 3, "3.2.1": 1}, "3", "-3", "8", ""),
    ("deductions capped at the bonus", {"1.1.1": 8, "2.1.1": 2, "3.1.1": 2, "3.2.1": 2}, "2", "-2", "8",
     "减分合计 8 分,超过实得加分 2 分,按 2 分计"),
    ("no bonus, so no deduction counts", {"1.1.1": 8, "3.2.1": 1}, "0", "0", "8", "超过实得加分 0 分"),
    ("capped bonus limits the deductions", {"1.1.1": 10, "2.1.1": 4, "2.2.1": {"国家级": 3}, "3.2.1": 3}, "5", "-5",
     "10", "按 5 分计"),
    ("deduction true takes nothing", {"1.1.1": 8, "2.1.1": 4, "3.1.1": True}, "4", "0", "12", ""),
    ("deduction false takes its maximum", {"1.1.1": 8, "2.1.1": 4, "3.1.1": False}, "4", "-2", "10", ""),
]


@pytest.mark.parametrize(("case", "answers", "bonus", "deduction", "total", "note"), SCHEME_CASES,
                         ids=[c[0] for c in SCHEME_CASES])
def test_base_plus_bonus_minus_deductions(case, answers, bonus, deduction, total, note):
    result = score(load_rubric(scheme_data()), answers)
    assert result.section("2").score == D(bonus)
    assert result.section("3").score == D(deduction)
    assert result.total == D(total)
    assert result.max == 15
    if note:
        assert note in result.section("3").note
    if D(bonus) > 5 or "over the cap" in case:
        assert "超过加分上限 5 分" in result.section("2").note


def test_deduction_criteria_show_negative_scores_and_zero_maxima():
    result = score(load_rubric(scheme_data()), {"1.1.1": 10, "2.1.1": 4, "3.1.1": 2, "3.2.1": 1})
    taken = result.criterion("3.1.1")
    assert (taken.score, taken.max, taken.note) == (D(-2), D(0), "扣 2 分")
    per_time = result.criterion("3.2.1")
    assert (per_time.score, per_time.note) == (D(-3), "1 次 × 3 分,扣 3 分")
    js = result_to_json(result)
    assert js["sections"][2]["max"] == "0"
    assert js["sections"][2]["items"][1]["criteria"][0] == {"code": "3.2.1", "score": "-3", "max": "0",
                                                           "note": "1 次 × 3 分,扣 3 分"}


def test_composite_parts_add_up_their_sections():
    data = scheme_data()
    data["parts"] = [{"title": "基本分", "sections": ["1"], "points": 10},
                     {"title": "加分", "sections": ["2"], "points": 5}]
    result = score(load_rubric(data), {"1.1.1": D("9.5"), "2.1.1": 2})
    assert [(p.title, p.score, p.max) for p in result.parts] == [("基本分", D("9.5"), D(10)), ("加分", D(2), D(5))]


def test_capped_item_and_section_count_at_most_their_points():
    data = one_criterion_data(AON)
    item = data["sections"][0]["items"][0]
    item["criteria"].append({"rule": "all_or_nothing", "text": "另一项", "points": 2})
    item["capped"] = True
    result = score(load_rubric(data), {"1.1.1": True, "1.1.2": True})
    assert result.item("1.1").score == 2
    assert "超过上限 2 分" in result.item("1.1").note


def test_bands_include_their_minimum(one_criterion):
    rubric = one_criterion(JUDGED, bands=[{"min": "1.5", "label": "达标"}, {"label": "未达标"}])
    assert score(rubric, {"1.1.1": D("1.5")}).band == "达标"
    assert score(rubric, {"1.1.1": 1}).band == "未达标"
    assert score(one_criterion(JUDGED), {"1.1.1": 1}).band is None


def test_scoring_does_not_change_the_answers(one_criterion):
    answers = {"1.1.1": {"省级及以上": [2]}}
    before = copy.deepcopy(answers)
    score(one_criterion(PER_LEVEL), answers)
    assert answers == before


# -- facts ---------------------------------------------------------------------------------------------------------
def test_prefill_turns_facts_into_answers():
    data = one_criterion_data({**MISSING, "fact": "matters.required_missing"})
    rubric = load_rubric(data)
    assert prefill(rubric, {"matters.required_missing": 2}) == {"1.1.1": 2}
    assert prefill(rubric, {}) == {}
    assert score(rubric, prefill(rubric, {"matters.required_missing": 2})).total == 8


def test_prefill_picks_the_tier_a_quantity_reaches():
    tiered = copy.deepcopy(TIERED)
    for tier, at_least in zip(tiered["tiers"], (300, 200, 120), strict=True):
        tier["at_least"] = at_least
    rubric = load_rubric(one_criterion_data({**tiered, "fact": "centre.hall_area_m2"}))
    assert prefill(rubric, {"centre.hall_area_m2": D("250.5")}) == {"1.1.1": 2}
    assert prefill(rubric, {"centre.hall_area_m2": 300}) == {"1.1.1": 3}
    assert prefill(rubric, {"centre.hall_area_m2": 80}) == {"1.1.1": 0}


@pytest.mark.parametrize(("facts", "message"), [
    ({"matters.required_missing": -1}, "不小于 0 的整数"),
    ({"matters.required_missing": True}, "整数"),
    ({"matters.nonexistent": 1}, "未知的事实名称"),
])
def test_prefill_refuses_bad_fact_values(facts, message):
    rubric = load_rubric(one_criterion_data({**MISSING, "fact": "matters.required_missing"}))
    with pytest.raises(AnswerError) as exc:
        prefill(rubric, facts)
    assert message in str(exc.value)
