"""Loading a rubric: what is refused (every problem, with its path and code, in Chinese), canonical form and hash."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from scoring.common import DefinitionError
from scoring.rubric import canonical_json, content_hash, load_rubric, result_to_json, rubric_to_data, score

from .conftest import one_criterion_data, scheme_data

ROOT = Path(__file__).resolve().parents[2]
C0 = "sections[0].items[0].criteria[0]"


def problems_of(data) -> list:
    with pytest.raises(DefinitionError) as exc:
        load_rubric(data)
    return exc.value.problems


def aon() -> dict:
    return one_criterion_data({"rule": "all_or_nothing", "points": 2})


def edit(fn):
    data = aon()
    fn(data)
    return data


def crit(data) -> dict:
    return data["sections"][0]["items"][0]["criteria"][0]


def item(data) -> dict:
    return data["sections"][0]["items"][0]


# (case, broken data, expected path, a fragment of the message)
BROKEN = [
    ("unknown rule type", edit(lambda d: crit(d).update(rule="bonus_points")), f"{C0}.rule", "未知的规则类型"),
    ("missing rule", edit(lambda d: crit(d).pop("rule")), f"{C0}.rule", "缺少必填字段 rule"),
    ("unknown top-level field", edit(lambda d: d.update(pass_mark=90)), "pass_mark", "未知字段"),
    ("unknown section field", edit(lambda d: d["sections"][0].update(weight=1)), "sections[0].weight", "未知字段"),
    ("unknown item field", edit(lambda d: item(d).update(pionts=1)), "sections[0].items[0].pionts", "未知字段"),
    ("field of another rule", edit(lambda d: crit(d).update(unit_points=1)), f"{C0}.unit_points", "未知字段"),
    ("missing text", edit(lambda d: crit(d).pop("text")), f"{C0}.text", "缺少必填字段 text"),
    ("criteria do not add up to the item", edit(lambda d: item(d).update(points=3)), "sections[0].items[0].points",
     "与各标准分值之和 2"),
    ("items do not add up to the section", edit(lambda d: d["sections"][0].update(points=3)), "sections[0].points",
     "与各项目分值之和 2"),
    ("sections do not add up to the rubric", edit(lambda d: d.update(points=100)), "points", "各评估内容满分之和 2"),
    ("float points", edit(lambda d: crit(d).update(points=0.5)), f"{C0}.points", "浮点数"),
    ("text points", edit(lambda d: crit(d).update(points="两分")), f"{C0}.points", "应为数字"),
    ("negative points", edit(lambda d: crit(d).update(points=-2)), f"{C0}.points", "大于 0"),
    ("version is not an integer", edit(lambda d: d.update(version="1.0")), "version", "整数"),
    ("version zero", edit(lambda d: d.update(version=0)), "version", "不小于 1"),
    ("bad code", edit(lambda d: d.update(code="Baolin Centre")), "code", "小写字母"),
    ("unknown subject", edit(lambda d: d.update(subject="county")), "subject", "未知的考核对象类型"),
    ("stated code does not match its position", edit(lambda d: item(d).update(code="1.2")),
     "sections[0].items[0].code", "位置编号 '1.1'"),
    ("malformed source", edit(lambda d: item(d).update(source="附件1第209行")), "sections[0].items[0].source",
     "应以文件简称开头"),
    ("source without a document's short name", edit(lambda d: item(d).update(source="附件1 第25条")),
     "sections[0].items[0].source", "docs/domain.md §10"),
    ("missing source", edit(lambda d: item(d).pop("source")), "sections[0].items[0].source", "缺少必填字段 source"),
    ("unknown fact", edit(lambda d: crit(d).update(fact="matters.nonexistent")), f"{C0}.fact", "未知的事实"),
    ("fact of the wrong kind", edit(lambda d: crit(d).update(fact="matters.required_missing")), f"{C0}.fact",
     "不能用于 all_or_nothing"),
    ("unknown role", edit(lambda d: d["sections"][0].update(role="extra")), "sections[0].role", "未知的 role"),
    ("limit on a base section", edit(lambda d: d["sections"][0].update(limit="bonus")), "sections[0].limit",
     "只用于减分部分"),
    ("empty items", edit(lambda d: d["sections"][0].update(items=[])), "sections[0].items", "不能为空"),
    ("criteria not a list", edit(lambda d: item(d).update(criteria={"a": 1})), "sections[0].items[0].criteria",
     "应为列表"),
    ("capped is not a boolean", edit(lambda d: item(d).update(capped="yes")), "sections[0].items[0].capped",
     "true 或 false"),
]


@pytest.mark.parametrize(("case", "data", "path", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_rubric_is_refused_with_its_path(case, data, path, message):
    problems = problems_of(data)
    matching = [p for p in problems if p.path == path]
    assert matching, [str(p) for p in problems]
    assert any(message in p.message for p in matching), [str(p) for p in matching]


def rule_data(criterion: dict, **kw) -> dict:
    return one_criterion_data(criterion, **kw)


# (case, criterion, expected path suffix under C0, message fragment)
RULE_BROKEN = [
    ("tier above the maximum", {"rule": "tiered", "points": 3, "tiers": [
        {"points": 4, "label": "a"}, {"points": 3, "label": "b"}]}, "tiers[0].points", "超过本标准满分"),
    ("first tier below the maximum", {"rule": "tiered", "points": 3, "tiers": [
        {"points": 2, "label": "a"}, {"points": 1, "label": "b"}]}, "tiers[0].points", "应等于本标准满分"),
    ("tiers not decreasing", {"rule": "tiered", "points": 3, "tiers": [
        {"points": 3, "label": "a"}, {"points": 3, "label": "b"}]}, "tiers[1].points", "严格递减"),
    ("tiers missing", {"rule": "tiered", "points": 3}, "tiers", "缺少必填字段 tiers"),
    ("half the thresholds", {"rule": "tiered", "points": 3, "tiers": [
        {"points": 3, "label": "a", "at_least": 300}, {"points": 1, "label": "b"}]}, "tiers[1].at_least", "at_least"),
    ("quantity fact without thresholds", {"rule": "tiered", "points": 3, "fact": "centre.hall_area_m2", "tiers": [
        {"points": 3, "label": "a"}]}, "fact", "at_least"),
    ("unit above the cap", {"rule": "per_unit", "points": 3, "unit_points": 4}, "unit_points", "超过本标准满分"),
    ("zero unit", {"rule": "per_unit", "points": 3, "unit_points": 0}, "unit_points", "大于 0"),
    ("level above the cap", {"rule": "per_level", "points": 3, "levels": [{"name": "国家级", "points": 4}]},
     "levels[0].points", "超过本标准上限"),
    ("duplicate level", {"rule": "per_level", "points": 3, "levels": [
        {"name": "市级", "points": 1}, {"name": "市级", "points": 2}]}, "levels[1].name", "重复"),
    ("ranged level off its step", {"rule": "per_level", "points": 3, "levels": [
        {"name": "省级", "min": 1, "points": 2, "step": "0.3"}]}, "levels[0].points", "步长"),
    ("step without a range", {"rule": "per_level", "points": 3, "levels": [
        {"name": "省级", "points": 2, "step": "0.5"}]}, "levels[0].step", "min"),
    ("judged maximum off the step", {"rule": "judged", "points": 1, "step": "0.3"}, "points", "步长 0.3"),
    ("judged minimum above the maximum", {"rule": "judged", "points": 2, "min": 3}, "min", "高于满分"),
    ("zero per missing", {"rule": "deduct_per_missing", "points": 10, "per_missing": 0}, "per_missing", "大于 0"),
    ("unknown veto effect", {"rule": "veto", "points": 0, "effect": "cancel"}, "effect", "未知的否决效果"),
]


@pytest.mark.parametrize(("case", "criterion", "suffix", "message"), RULE_BROKEN, ids=[b[0] for b in RULE_BROKEN])
def test_rule_fields_are_checked(case, criterion, suffix, message):
    problems = problems_of(rule_data(criterion))
    matching = [p for p in problems if p.path == f"{C0}.{suffix}"]
    assert matching, [str(p) for p in problems]
    assert any(message in p.message for p in matching)
    assert all("标准 1.1.1" in p.message for p in matching)


def test_a_void_veto_needs_a_veto_band():
    data = rule_data({"rule": "veto", "points": 0})
    del data["veto_band"]
    assert any(p.path == "veto_band" for p in problems_of(data))


def test_every_problem_is_listed_at_once():
    data = aon()
    crit(data)["rule"] = "nonsense"
    item(data)["pionts"] = 1
    data["version"] = 0
    data["bands"] = [{"min": 80, "label": "合格"}, {"min": 90, "label": "优秀"}, {"label": "不合格"}]
    paths = {p.path for p in problems_of(data)}
    assert {f"{C0}.rule", "sections[0].items[0].pionts", "version", "bands[1].min"} <= paths


# -- bands, roles, parts, ranking ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("bands", "path", "message"), [
    ([{"min": 80, "label": "合格"}, {"min": 90, "label": "优秀"}, {"label": "不合格"}], "bands[1].min", "严格递减"),
    ([{"min": 90, "label": "达标"}, {"min": 0, "label": "未达标"}], "bands[1].min", "最后一个等次不设 min"),
    ([{"label": "达标"}, {"label": "未达标"}], "bands[0].min", "每个等次都须设 min"),
    ([{"min": 90, "label": "达标"}, {"label": "达标"}], "bands[1].label", "重复"),
])
def test_bands_must_be_ordered_and_open_at_the_bottom(bands, path, message):
    problems = problems_of(edit(lambda d: d.update(bands=bands)))
    assert any(p.path == path and message in p.message for p in problems), [str(p) for p in problems]


def test_sections_go_base_then_bonus_then_deduction():
    data = scheme_data()
    data["sections"][1], data["sections"][2] = data["sections"][2], data["sections"][1]
    assert any("顺序" in p.message for p in problems_of(data))


def test_a_deduction_section_has_no_points_and_a_bonus_cap_must_be_reachable():
    data = scheme_data()
    data["sections"][2]["points"] = 5
    data["sections"][1]["points"] = 9
    data["points"] = 19
    problems = {p.path: p.message for p in problems_of(data)}
    assert "减分部分不设 points" in problems["sections[2].points"]
    assert "上限无法达到" in problems["sections[1].points"]


def test_a_deduction_section_refuses_all_or_nothing_and_vetoes():
    data = scheme_data()
    data["sections"][2]["items"][0]["criteria"][0] = {"rule": "veto", "text": "x", "points": 2}
    assert any("减分部分不能使用 veto" in p.message for p in problems_of(data))


def test_limit_bonus_needs_a_bonus_section():
    data = scheme_data()
    del data["sections"][1]
    data["points"] = 10
    assert any("需要有加分部分" in p.message for p in problems_of(data))


def test_duplicate_item_labels_are_refused():
    data = scheme_data()
    data["sections"][2]["items"][0]["label"] = "(二)"
    assert any(p.path == "sections[2].items[0].label" and "重复" in p.message for p in problems_of(data))


@pytest.mark.parametrize(("parts", "message"), [
    ([{"title": "基本分", "sections": ["1"], "points": 9}], "不符"),
    ([{"title": "基本分", "sections": ["7"], "points": 10}], "不存在"),
    ([{"title": "a", "sections": ["1"], "points": 10}, {"title": "b", "sections": ["1"], "points": 10}], "已属于"),
])
def test_parts_must_add_up(parts, message):
    data = scheme_data()
    data["parts"] = parts
    assert any(message in p.message for p in problems_of(data))


@pytest.mark.parametrize(("ranking", "message"), [
    ({"excellent": "优秀"}, "max_share"),
    ({"excellent": "优秀", "max_share": "1.5"}, "0 与 1 之间"),
    ({"excellent": "优秀", "max_share": "0.3", "bands_fix": True}, "须设 demote_to"),
    ({"excellent": "优秀", "max_share": "0.3", "demote_to": "良好"}, "不需要 demote_to"),
    ({"excellent": "优秀", "max_count": 2, "groups": [{"name": "第一圈", "members": ["锦江区"]},
                                                      {"name": "第二圈", "members": ["锦江区"]}]}, "同时列在"),
])
def test_ranking_rules_are_checked(ranking, message):
    data = scheme_data()
    ranking = dict(ranking)
    if ranking.pop("bands_fix", False):
        data["bands"] = [{"min": 14, "label": "优秀"}, {"label": "合格"}]
    data["ranking"] = ranking
    assert any(message in p.message for p in problems_of(data)), [str(p) for p in problems_of(data)]


# -- text input ----------------------------------------------------------------------------------------------------
def test_bad_yaml_names_the_line():
    with pytest.raises(DefinitionError) as exc:
        load_rubric("code: x\nsections: [\n")
    assert "行" in str(exc.value)


def test_a_mapping_is_required():
    assert problems_of("- just\n- a list\n")[0].message.startswith("应为键值表")


def test_yaml_and_json_load_to_the_same_rubric():
    data = scheme_data()
    as_json = json.dumps(data, ensure_ascii=False, default=str)
    as_yaml = yaml.safe_dump(json.loads(as_json), allow_unicode=True, sort_keys=False)
    assert load_rubric(as_json) == load_rubric(as_yaml) == load_rubric(data)
    assert load_rubric(as_json.encode("utf-8")) == load_rubric(data)


# -- canonical form and hash ---------------------------------------------------------------------------------------
def test_the_canonical_form_loads_back_to_the_same_rubric():
    rubric = load_rubric(scheme_data())
    assert load_rubric(rubric_to_data(rubric)) == rubric
    assert load_rubric(canonical_json(rubric)) == rubric


def test_the_hash_ignores_form_and_follows_content():
    data = scheme_data()
    base = content_hash(load_rubric(data))
    reordered = dict(reversed(list(copy.deepcopy(data).items())))
    assert content_hash(load_rubric(reordered)) == base
    spelled = copy.deepcopy(data)
    spelled["sections"][0]["points"] = "10.0"
    spelled["sections"][0]["items"][0]["points"] = Decimal("10.00")
    assert content_hash(load_rubric(spelled)) == base
    defaults = copy.deepcopy(data)
    defaults["sections"][0]["items"][0]["criteria"][0]["step"] = "0.5"
    defaults["sections"][0]["role"] = "base"
    assert content_hash(load_rubric(defaults)) == base
    assert re.fullmatch(r"[0-9a-f]{64}", base)

    changed = copy.deepcopy(data)
    changed["sections"][0]["items"][0]["criteria"][0]["text"] = "基本分(改)"
    assert content_hash(load_rubric(changed)) != base
    renumbered = copy.deepcopy(data)
    renumbered["sections"][1]["items"][1]["criteria"][0]["levels"][0]["points"] = "0.3"
    assert content_hash(load_rubric(renumbered)) != base


def test_a_citation_of_a_document_and_the_former_seed_line_form_both_load_and_hash_alike():
    data = scheme_data()
    named = copy.deepcopy(data)
    named["sections"][0]["source"] = "剑阁细则 二(一)"
    lined = copy.deepcopy(data)
    lined["sections"][0]["source"] = "004 L179-181"  # versions stored before the documents were cited by name
    assert content_hash(load_rubric(named)) == content_hash(load_rubric(lined)) == content_hash(load_rubric(data))


def test_the_hash_leaves_out_citations_and_notes_but_not_what_a_sheet_prints():
    data = scheme_data()
    base = content_hash(load_rubric(data))
    cited = copy.deepcopy(data)
    cited["note"] = "出处已校订"
    cited["sections"][0]["source"] = cited["sections"][0]["items"][0]["source"] = data["sections"][1]["source"]
    cited["sections"][0]["items"][0]["note"] = "转录说明"
    cited["sections"][1]["items"][0]["criteria"][0].update(source=data["sections"][2]["source"], note="说明")
    assert load_rubric(cited) != load_rubric(data) and content_hash(load_rubric(cited)) == base
    based = copy.deepcopy(data)
    based["sections"][0]["items"][0]["basis"] = "《考核办法》第三条"
    assert content_hash(load_rubric(based)) != base


# -- the documentation ---------------------------------------------------------------------------------------------
def doc_blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", (ROOT / "docs" / "rubrics.md").read_text(encoding="utf-8"), re.S)


def test_the_full_example_in_the_docs_loads_and_scores_as_the_docs_say():
    [example] = [b for b in doc_blocks("yaml") if b.startswith("code: example-demo")]
    rubric = load_rubric(example)
    [answers_text] = [b for b in doc_blocks("json") if '"1.1.1": 2' in b]
    answers = json.loads(answers_text, parse_float=Decimal)
    result = score(rubric, answers)
    assert result.total == Decimal("33.7")
    assert result.band == "合格"
    assert [s.score for s in result.sections] == [16, Decimal("17.7"), Decimal("4.5"), Decimal("-4.5")]
    assert "超过上限 3 分" in result.criterion("1.2.1").note
    answers["4.2.1"] = 2
    limited = score(rubric, answers)
    assert limited.section("4").score == Decimal("-4.5")
    assert "超过实得加分 4.5 分" in limited.section("4").note


def test_the_json_example_in_the_docs_has_exactly_the_output_keys():
    [example] = [b for b in doc_blocks("json") if '"rubric": "baolin-centre"' in b]
    documented = json.loads(example)
    rubric = load_rubric((ROOT / "fixtures" / "rubrics" / "baolin-centre.yaml").read_bytes())
    actual = result_to_json(score(rubric, {}))
    assert set(documented) == set(actual)
    assert set(documented["sections"][0]) == set(actual["sections"][0])
    assert set(documented["sections"][0]["items"][0]) == set(actual["sections"][0]["items"][0])
    assert set(documented["sections"][0]["items"][0]["criteria"][0]) == \
        set(actual["sections"][0]["items"][0]["criteria"][0])
