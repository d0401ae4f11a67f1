"""The form ↔ answer sheet adapter: every rule type's input, storage without floats, unreadable input in Chinese."""

from decimal import Decimal

import pytest
from django.http import QueryDict

from assessment import answers as A
from scoring.rubric import load_rubric, score

RUBRIC = load_rubric({
    "code": "adapter-demo", "version": 1, "title": "演示", "subject": "centre", "source": "演示", "points": 20,
    "sections": [{"title": "基本", "points": 20, "source": "宝林镇方案 印发通知", "items": [{
        "title": "项目", "points": 20, "source": "宝林镇方案 印发通知", "criteria": [
            {"rule": "all_or_nothing", "text": "甲", "points": 2},
            {"rule": "tiered", "text": "乙", "points": 3, "tiers": [
                {"points": 3, "label": "一级"}, {"points": 2, "label": "二级"}, {"points": 1, "label": "三级"}]},
            {"rule": "per_unit", "text": "丙", "points": 3, "unit_points": Decimal("0.5")},
            {"rule": "deduct_per_missing", "text": "丁", "points": 4, "per_missing": 1},
            {"rule": "judged", "text": "戊", "points": 3},
            {"rule": "per_level", "text": "己", "points": 3, "levels": [
                {"name": "县级", "points": Decimal("0.5")}, {"name": "省级", "min": 1, "points": 2}]},
            {"rule": "veto", "text": "庚", "points": 2},
        ]}]}],
    "veto_band": "取消", "bands": [{"min": 10, "label": "好"}, {"label": "差"}],
})


def form(values: dict[str, str]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data[key] = value
    return data


@pytest.mark.parametrize(("inputs", "expected"), [
    ({"a:1.1.1": "1"}, {"1.1.1": True}),
    ({"a:1.1.1": "0"}, {"1.1.1": False}),
    ({"a:1.1.2": "2"}, {"1.1.2": Decimal("2")}),
    ({"a:1.1.3": "5"}, {"1.1.3": 5}),
    ({"a:1.1.4": "２"}, {"1.1.4": 2}),  # full-width digit from a Chinese input method
    ({"a:1.1.5": "2.5"}, {"1.1.5": Decimal("2.5")}),
    ({"a:1.1.6:0": "2", "a:1.1.6:1": "1.5，2"}, {"1.1.6": {"县级": 2, "省级": [Decimal("1.5"), Decimal("2")]}}),
    ({"a:1.1.6:0": "0"}, {"1.1.6": {"县级": 0}}),
    ({"a:1.1.6:1": "0"}, {"1.1.6": {"省级": []}}),
    ({"a:1.1.7": "0"}, {"1.1.7": False}),
    ({"a:1.1.1": "", "a:1.1.5": "  "}, {}),  # empty inputs are unanswered
])
def test_each_rule_type_reads_its_input(inputs, expected):
    answers, errors = A.parse_form(RUBRIC, form(inputs))
    assert errors == {}
    assert answers == expected
    score(RUBRIC, answers)  # the engine accepts what the adapter produces


@pytest.mark.parametrize(("inputs", "code", "message"), [
    ({"a:1.1.3": "两项"}, "1.1.3", "不是数字"),
    ({"a:1.1.3": "1.5"}, "1.1.3", "不是整数"),
    ({"a:1.1.4": "-1"}, "1.1.4", "不能为负数"),
    ({"a:1.1.5": "NaN"}, "1.1.5", "不是数字"),
    ({"a:1.1.5": "1" * 100}, "1.1.5", "输入过长"),
    ({"a:1.1.1": "yes"}, "1.1.1", "达到"),
])
def test_unreadable_input_gets_a_chinese_message_under_its_code(inputs, code, message):
    answers, errors = A.parse_form(RUBRIC, form(inputs))
    assert code not in answers
    assert message in errors[code]


def test_answers_are_stored_as_json_numbers_and_read_back_as_exact_decimals():
    answers = {"1.1.2": Decimal("2"), "1.1.5": Decimal("2.5"), "1.1.6": {"省级": [Decimal("1.5")]}, "1.1.1": True}
    stored = A.to_storage(answers)
    assert stored == {"1.1.2": 2, "1.1.5": 2.5, "1.1.6": {"省级": [1.5]}, "1.1.1": True}
    back = A.from_storage(stored)
    assert back["1.1.5"] == Decimal("2.5") and isinstance(back["1.1.5"], Decimal)
    assert score(RUBRIC, back).total == score(RUBRIC, answers).total


def test_saved_answers_show_in_the_inputs_and_read_back_the_same():
    answers = {"1.1.1": True, "1.1.2": Decimal("2"), "1.1.3": 4, "1.1.6": {}, "1.1.5": Decimal("0.5")}
    raw = A.raw_values(RUBRIC, answers)
    assert raw["1.1.1"] == "1" and raw["1.1.2"] == "2" and raw["1.1.6"] == ["0", ""] and raw["1.1.7"] == ""
    data = form({A.answer_name(code): value for code, value in raw.items() if isinstance(value, str)})
    data["a:1.1.6:0"], data["a:1.1.6:1"] = raw["1.1.6"]
    again, errors = A.parse_form(RUBRIC, data)
    assert errors == {}
    assert all(A.same_answer(again.get(code), answers.get(code)) for code in answers)


def test_a_ranged_level_saved_as_a_count_shows_as_its_upper_bound_per_measure_and_scores_the_same():
    """The engine also takes a count for a ranged level (each measure at the upper bound, docs/rubrics.md §7.2);
    the form shows it as that many upper-bound marks, so saving the form again keeps the score."""
    answers = {"1.1.6": {"县级": 1, "省级": 2}}
    raw = A.raw_values(RUBRIC, answers)
    assert raw["1.1.6"] == ["1", "2, 2"]
    again, errors = A.parse_form(RUBRIC, form({"a:1.1.6:0": raw["1.1.6"][0], "a:1.1.6:1": raw["1.1.6"][1]}))
    assert errors == {} and again == {"1.1.6": {"县级": 1, "省级": [Decimal("2"), Decimal("2")]}}
    assert score(RUBRIC, again).criterion("1.1.6").score == score(RUBRIC, answers).criterion("1.1.6").score == 3
    assert A.describe(RUBRIC.criterion("1.1.6"), answers["1.1.6"]) == "县级 1 项；省级 2 项（每项按上限 2 分计）"
    assert A.raw_values(RUBRIC, {"1.1.6": {"省级": 0}})["1.1.6"] == ["", "0"]  # "0": no measure
