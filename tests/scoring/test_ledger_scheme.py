"""The scheme format: what loads, and how a bad scheme is refused (every problem, its path, in Chinese)."""

from __future__ import annotations

import copy
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.common import DefinitionError
from scoring.ledger import content_hash, load_scheme, windowed_rule_codes

ROOT = Path(__file__).resolve().parents[2]


def minimal() -> dict:
    return {
        "code": "test-scheme",
        "version": 1,
        "title": "测试方案",
        "source": "test",
        "subject": "staff",
        "applies_to": ["centre_window"],
        "base": 100,
        "levels": {"local": "本地", "national": "国家级"},
        "consequences": {"no_excellence": {"text": "取消年度评优资格", "blocks_top_grade": True}},
        "categories": [
            {"code": "纪律", "title": "纪律", "kind": "deduction"},
            {"code": "加分", "title": "加分", "kind": "bonus"},
        ],
        "deductions": [{"code": "1", "category": "纪律", "text": "迟到", "points": 3, "source": "test:1"}],
        "bonuses": [
            {
                "code": "B1",
                "category": "加分",
                "text": "报道",
                "levels": {"local": 4, "national": 20},
                "once_per": "deed",
                "source": "t",
            }
        ],
        "grades": [
            {
                "categories": ["公务员编制"],
                "bands": [
                    {"min": 100, "label": "优秀"},
                    {"min": 90, "label": "称职"},
                    {"min": None, "label": "不称职"},
                ],
            }
        ],
    }


def problems_of(data) -> list[str]:
    with pytest.raises(DefinitionError) as info:
        load_scheme(data)
    return [str(p) for p in info.value.problems]


def test_a_minimal_scheme_loads_with_decimal_points():
    scheme = load_scheme(minimal())
    assert scheme.code == "test-scheme"
    assert scheme.version == 1
    assert scheme.rules["1"].points == Decimal("3")
    assert scheme.rules["B1"].levels == {"local": Decimal("4"), "national": Decimal("20")}
    assert isinstance(scheme.base, Decimal)


def test_a_scheme_loads_from_yaml_text_with_decimals_never_floats():
    text = """
code: yaml-scheme
version: 2
title: t
source: s
subject: staff
applies_to: [station]
base: 100
categories: [{code: a, title: a, kind: deduction}]
deductions: [{code: 1, category: a, text: t, points: 0.5, source: s}]
"""
    scheme = load_scheme(text)
    assert scheme.rules["1"].points == Decimal("0.5")
    assert type(scheme.rules["1"].points) is Decimal
    assert scheme.grades == ()


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda d: d.update(colour="red"), "colour", "未知字段"),
        (lambda d: d["deductions"][0].update(pointz=3), "deductions[0].pointz", "未知字段"),
        (lambda d: d.pop("code"), "code", "缺少必填字段"),
        (lambda d: d.update(version="1"), "version", "整数"),
        (lambda d: d.update(version=0), "version", "不小于 1"),
        (lambda d: d.update(code="Bad Code"), "code", "小写字母"),
        (lambda d: d.update(subject="person"), "subject", "不认识的取值"),
        (lambda d: d.update(applies_to=["hall"]), "applies_to[0]", "不认识的取值"),
        (lambda d: d["deductions"][0].update(category="作风"), "deductions[0].category", "不认识的类别"),
        (lambda d: d["deductions"][0].update(category="加分"), "deductions[0].category", "加分类别"),
        (lambda d: d["deductions"][0].update(points=Decimal("0.25")), "deductions[0].points", "1 位小数"),
        (lambda d: d["deductions"][0].update(points=-3), "deductions[0].points", "应大于 0"),
        (lambda d: d["deductions"][0].update(points="three"), "deductions[0].points", "应为数字"),
        (lambda d: d["deductions"][0].update(levels={"local": 1}), "deductions[0]", "恰好给出"),
        (lambda d: d["deductions"][0].pop("points"), "deductions[0]", "恰好给出"),
        (
            lambda d: d["deductions"][0].update(aggravated={"min": 40, "max": 25}),
            "deductions[0].aggravated",
            "大于 max",
        ),
        (lambda d: d["deductions"][0].update(aggravated={"min": 25}), "deductions[0].aggravated", "同时给出"),
        (lambda d: d["deductions"][0].update(aggravated={}), "deductions[0].aggravated", "扣分范围"),
        (lambda d: d["deductions"][0].update(consequences=["jail"]), "deductions[0].consequences[0]", "不认识的后果"),
        (
            lambda d: d["deductions"][0].update(
                thresholds=[{"count": 2, "per": "decade", "consequences": ["no_excellence"]}]
            ),
            "deductions[0].thresholds[0].per",
            "不认识的取值",
        ),
        (
            lambda d: d["deductions"][0].update(caps=[{"max": 0, "per": "quarter"}]),
            "deductions[0].caps[0].max",
            "应大于 0",
        ),
        (
            lambda d: d["deductions"][0].update(occurrences_per_day=Decimal("1.5")),
            "deductions[0].occurrences_per_day",
            "整数",
        ),
        (lambda d: d["deductions"][0].update(credit_month=12), "deductions[0].credit_month", "once_per: year"),
        (lambda d: d["bonuses"][0]["levels"].update(galactic=99), "bonuses[0].levels.galactic", "不认识的级别"),
        (lambda d: d["bonuses"].append(copy.deepcopy(d["bonuses"][0])), "bonuses[1].code", "重复"),
        (lambda d: d["bonuses"][0].update(once_per="week"), "bonuses[0].once_per", "不认识的取值"),
        (lambda d: d["grades"][0]["bands"][1].update(min=100), "grades[0].bands[1].min", "从高到低"),
        (lambda d: d["grades"][0]["bands"][2].update(min=80), "grades[0].bands", "min: null"),
        (lambda d: d["grades"][0]["bands"][0].update(min=None), "grades[0].bands[0].min", "最后一个等次"),
        (lambda d: d.update(bonus_cap={"max": 30, "per": "deed"}), "bonus_cap.per", "不认识的取值"),
        (
            lambda d: d["categories"].append({"code": "纪律", "title": "x", "kind": "deduction"}),
            "categories[2].code",
            "重复",
        ),
    ],
)
def test_a_bad_scheme_is_refused_with_the_path_and_a_chinese_message(change, path, words):
    data = minimal()
    change(data)
    problems = problems_of(data)
    assert any(p.startswith(f"{path}:") and words in p for p in problems), problems


def test_every_problem_is_listed_at_once():
    data = minimal()
    data.pop("title")
    data["deductions"][0]["points"] = "x"
    data["deductions"][0]["colour"] = "red"
    data["bonuses"][0]["levels"]["galactic"] = 1
    problems = problems_of(data)
    paths = {p.split(":")[0] for p in problems}
    assert {"title", "deductions[0].points", "deductions[0].colour", "bonuses[0].levels.galactic"} <= paths


def test_a_scheme_that_is_not_a_mapping_is_refused():
    assert problems_of(["code"]) == ["应为键值表（对象），实际是 列表"]


def test_bad_yaml_is_refused_in_chinese_naming_the_line():
    problems = problems_of("code: [unclosed\nversion: 1\n")
    assert "YAML/JSON 格式错误" in problems[0]


def test_a_referring_rule_takes_no_settings_of_its_own():
    data = minimal()
    data["deductions"].append(
        {
            "code": "27",
            "category": "纪律",
            "text": "回访",
            "refers": True,
            "caps": [{"max": 1, "per": "year"}],
            "source": "s",
        }
    )
    problems = problems_of(data)
    assert any(p.startswith("deductions[1].caps:") and "被指向细则" in p for p in problems), problems


def test_a_referring_rule_needs_a_deduction_rule_to_point_at():
    data = minimal()
    data["deductions"] = [{"code": "27", "category": "纪律", "text": "回访", "refers": True, "source": "s"}]
    assert any("没有可指向的扣分细则" in p for p in problems_of(data))


def test_the_content_hash_ignores_key_order_and_number_spelling_but_not_content():
    data = minimal()
    reordered = dict(reversed(list(data.items())))
    respelled = copy.deepcopy(data)
    respelled["base"] = Decimal("100.0")
    changed = copy.deepcopy(data)
    changed["deductions"][0]["points"] = 4
    assert content_hash(data) == content_hash(reordered) == content_hash(respelled)
    assert content_hash(data) != content_hash(changed)
    assert load_scheme(data).content_hash == content_hash(data)


def test_the_content_hash_leaves_out_citations_notes_and_descriptions_but_not_a_caps_note():
    data = minimal()
    cited = copy.deepcopy(data)
    cited.update(source="另一出处", description="说明", notes=["说明一"])
    cited["deductions"][0].update(source="另一出处", note="备注")
    cited["bonuses"][0]["source"] = "另一出处"
    cited["categories"][0]["source"] = "另一出处"
    cited["grades"][0]["source"] = "另一出处"
    assert content_hash(cited) == content_hash(data) == load_scheme(cited).content_hash
    capped = copy.deepcopy(data)
    capped["deductions"][0]["caps"] = [{"max": 6, "per": "month"}]
    noted = copy.deepcopy(capped)
    noted["deductions"][0]["caps"][0]["note"] = "每月最多6分"  # printed beside the capped points
    assert len({content_hash(data), content_hash(capped), content_hash(noted)}) == 3


def test_the_version_is_an_integer_and_the_code_a_slug():
    scheme = load_scheme(minimal())
    assert (scheme.code, scheme.version) == ("test-scheme", 1)


def test_windowed_rules_say_why_and_plain_rules_say_nothing():
    scheme = load_scheme(minimal())
    assert windowed_rule_codes(scheme) == {"B1"}
    assert "D17" in scheme.rules["B1"].windowed_because[0]
    assert scheme.rules["1"].windowed_because == ()


def test_a_category_with_a_maximum_makes_its_rules_windowed():
    data = minimal()
    data["categories"][0]["max"] = 10
    scheme = load_scheme(data)
    assert "1" in windowed_rule_codes(scheme)


def test_the_ledger_package_imports_no_django():
    code = "import sys, scoring.ledger; bad = [m for m in sys.modules if m.split('.')[0] == 'django']; sys.exit(1 if bad else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
