"""The county and city rubrics of 剑阁细则, 咸阳细则 and 成都细则 (篇1–篇3 of 县政务服务考核细则(3篇)) against the seed text.

Pure: no Django. Fixtures: jiange-department.yaml, jiange-township.yaml, county-base80.yaml (code county-base80),
chengdu-base70.yaml (code chengdu-base70); docs/rubrics.md §11.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.rubric import AnswerError, apply_ranking, load_rubric, result_to_json, run_score_rubric, score
from tests.seedplaces import covers, needs_seeds, place, text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "rubrics"
D = Decimal

FILES = {
    "jiange-department": "jiange-department.yaml",
    "jiange-township": "jiange-township.yaml",
    "county-base80": "county-base80.yaml",
    "chengdu-base70": "chengdu-base70.yaml",
}
needs_seed = needs_seeds


def rubric(code: str):
    return load_rubric((FIXTURES / FILES[code]).read_bytes())


def all_met(r) -> dict:
    """true for every criterion: full marks, every veto passed, nothing deducted (docs/rubrics.md §7.2)."""
    return {c.code: True for _, _, c in r.iter_criteria()}


def seed_line(number: int) -> str:
    """Line ``number`` of the scraped 剑阁细则、咸阳细则、成都细则 text, whitespace removed (tests/seedplaces.py)."""
    return re.sub(r"\s+", "", text("004", number))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# -- every fixture loads ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", list(FILES))
def test_each_fixture_loads_with_its_code_version_1_and_total_100(code):
    r = rubric(code)
    assert (r.code, r.version, r.points) == (code, 1, D(100))
    assert r.bands == ()  # none of the three texts gives score thresholds for grades
    assert sum((s.max for s in r.sections), D(0)) == D(100)


# -- 篇1 Jiange ------------------------------------------------------------------------------------------------------
def test_jiange_department_sections_and_items_as_the_seed_says():
    r = rubric("jiange-department")
    assert r.subjects == ("department",)
    assert [(s.title, s.points) for s in r.sections] == [
        ("标准化建设", 15), ("审批服务", 25), ("两集中、两到位", 20), ("行政效能", 35), ("互联网+政务服务", 5)]
    assert [[i.points for i in s.items] for s in r.sections] == [[5, 5, 5], [5] * 5, [5, 5, 10], [10, 15, 10], [3, 2]]
    assert [i.label for _, i in r.iter_items()] == [
        "1(1)", "1(2)", "1(3)", "2(1)", "2(2)", "2(3)", "2(4)", "2(5)", "3(1)", "3(2)", "3(3)",
        "4(1)", "4(2)", "4(3)", "5(1)", "5(2)"]
    # every item but 4(2) is one judged criterion, 0 to its maximum, step 0.5
    for _, item in r.iter_items():
        if item.label != "4(2)":
            [c] = item.criteria
            assert (c.rule, c.points, c.min, c.step) == ("judged", item.points, None, D("0.5"))


def test_jiange_township_sections_and_items_as_the_seed_says():
    r = rubric("jiange-township")
    assert r.subjects == ("township",)
    assert [(s.title, s.points) for s in r.sections] == [("标准化建设", 20), ("规范运行", 40), ("行政效能", 40)]
    assert [[i.points for i in s.items] for s in r.sections] == [[5, 10, 5], [10, 5, 5, 10, 10], [10, 10, 10, 10]]
    assert [i.title for i in r.section("1").items] == ["硬件建设", "网络设备维护", "领导及工作人员配备"]


@needs_seed
def test_jiange_overdue_items_read_the_seed_lines():
    dept, town = rubric("jiange-department"), rubric("jiange-township")
    item = dept.section("4").items[1]
    assert (item.code, item.label, place("jiange-department.yaml", "4.2")) == ("4.2", "4(2)", ("004", 55, 55))
    assert covers(item.source, "004", 55, 55), item.source
    assert "(15分)" in seed_line(55) and "(10分)" in seed_line(91)
    assert "2件次以上(含2件次)该项不得分" in seed_line(55) and "1件次该项得分减半" in seed_line(55)
    assert squeeze(dept.criterion("4.2.1").text) in seed_line(55)
    assert dept.criterion("4.2.3").text.rstrip("。") in seed_line(55)  # 年度作风效能评议达到合格以上等次
    assert "作风效能" not in seed_line(91)
    assert squeeze(town.criterion("3.2.1").text) in seed_line(91)
    assert "按比例扣分" in seed_line(57) and dept.criterion("4.3.1").rule == "judged"


def test_jiange_department_overdue_item_two_or_more_zero_one_half_and_no_excellence():
    r = rubric("jiange-department")
    item = r.section("4").items[1]
    assert [(c.rule, c.points, c.effect) for c in item.criteria] == [
        ("judged", 15, None), ("veto", 0, "bar_excellence"), ("veto", 0, "bar_excellence")]
    assert r.criterion("4.2.1").step == D("7.5")  # only 15 / 7.5 / 0
    full = all_met(r)
    assert (score(r, full).total, score(r, full).excellence_barred) == (D(100), False)

    two_or_more = score(r, full | {"4.2.1": 0})  # 2件次以上(含2件次): the item scores 0
    assert (two_or_more.item("4.2").score, two_or_more.total) == (0, D(85))

    one = score(r, full | {"4.2.1": D("7.5"), "4.2.2": False})  # 1件次: half, and no excellence
    assert (one.item("4.2").score, one.total, one.excellence_barred) == (D("7.5"), D("92.5"), True)
    assert one.vetoes == ("4.2.2",) and one.band is None
    assert one.criterion("4.2.2").note == "未通过:取消评先评优资格"

    with pytest.raises(AnswerError) as bad:  # nothing between full, half and 0
        score(r, full | {"4.2.1": 10})
    assert bad.value.problems[0].path == "4.2.1"

    # 年度作风效能评议 below 合格: excellence barred, the points unchanged
    conduct = score(r, full | {"4.2.3": False})
    assert (conduct.total, conduct.excellence_barred, conduct.vetoes) == (D(100), True, ("4.2.3",))


def test_jiange_township_overdue_item_without_the_conduct_condition():
    r = rubric("jiange-township")
    item = r.section("3").items[1]
    assert (item.label, item.points) == ("3(2)", 10)
    assert [(c.rule, c.points, c.effect) for c in item.criteria] == [("judged", 10, None), ("veto", 0, "bar_excellence")]
    full = all_met(r)
    assert score(r, full | {"3.2.1": 0}).total == D(90)
    half = score(r, full | {"3.2.1": 5, "3.2.2": False})
    assert (half.item("3.2").score, half.total, half.excellence_barred) == (5, D(95), True)
    with pytest.raises(AnswerError):
        score(r, full | {"3.2.1": D("7.5")})


def test_jiange_judged_items_take_any_half_point_and_a_blank_sheet_is_zero():
    r = rubric("jiange-township")
    result = score(r, all_met(r) | {"1.2.1": D("8.5"), "3.4.1": 7})  # 信息目标任务 70% → 7
    assert result.total == D("95.5")
    assert result.criterion("1.2.1").note == "评定 8.5 分(满分 10 分)"
    blank = result_to_json(score(r, {}))
    assert (blank["total"], [s["max"] for s in blank["sections"]]) == ("0", ["20", "40", "40"])


# -- 篇2 Xianyang: base 80 + bonus ≤ 20 − deductions ≤ bonus --------------------------------------------------------
def test_county_base80_sections_as_the_seed_says():
    r = rubric("county-base80")
    assert r.subjects == ("township", "department")
    assert [(s.title, s.role, s.points) for s in r.sections] == [
        ("实体中心规范化建设方面", "base", 30), ("网上政务服务中心建设方面", "base", 20),
        ("服务质量和效能方面", "base", 15), ("创新服务机制方面", "base", 15),
        ("加分原则", "bonus", 20), ("减分原则", "deduction", None)]
    assert sum(s.points for s in r.sections[:4]) == 80
    assert r.section("6").limit == "bonus"
    assert [i.points for i in r.section("5").items] == [5, 4, 4, 3, 4, 4, 2]
    assert [i.label for i in r.section("5").items] == [f"第七条({n})" for n in "一二三四五六七"]
    assert [i.label for i in r.section("6").items] == [f"第八条({n})" for n in "一二三四五六"]
    assert [(i.criteria[0].rule, i.points) for i in r.section("6").items] == [
        ("judged", 2), ("judged", 3), ("judged", 2), ("per_unit", 20), ("per_unit", 20), ("judged", 20)]


@needs_seed
def test_county_base80_items_read_the_seed_lines():
    r = rubric("county-base80")
    assert "基本得分共80分" in seed_line(179) and "其它加分累计不超过20分" in seed_line(179)
    assert "(15分)" in seed_line(149) and "(15分)" in seed_line(157)  # scraped "1 5分"
    online = r.criterion("5.2.1")  # 加1-4分
    assert (online.rule, online.min, online.points) == ("judged", 1, 4) and "加1-4分" in seed_line(187)
    papers = r.criterion("5.3.1")  # 市级每篇加0.5分,省级每篇加1分,国家级每篇加1.5分,累计加分不超过4分
    assert [(lv.name, lv.points) for lv in papers.levels] == [("市级", D("0.5")), ("省级", 1), ("国家级", D("1.5"))]
    praise = r.criterion("5.5.1")
    assert all(f"{lv.name}表彰的每次加" in seed_line(193) for lv in praise.levels)
    town_only = r.criterion("5.4.1")  # 镇政府 … 加1-3分
    assert (town_only.min, town_only.points) == (1, 3) and "加1-3分" in seed_line(191)
    tasks = r.criterion("5.7.1")
    assert (tasks.rule, tasks.unit_points, tasks.points) == ("per_unit", D("0.5"), 2)
    notice = r.criterion("6.4.1")  # 每次扣3分, no cap → the bonus cap
    assert (notice.unit_points, notice.points) == (3, 20) and "每次扣3分" in seed_line(207)
    assert "同一单位减分总数不超过加分总数" in seed_line(213)


def test_county_base80_full_bonus_gives_100_and_a_realistic_sheet():
    r = rubric("county-base80")
    full = score(r, all_met(r))  # bonus items add up to 26, counted 20
    assert (full.total, [s.score for s in full.sections]) == (D(100), [30, 20, 15, 15, 20, 0])
    assert "超过加分上限 20 分" in full.section("5").note

    sheet = {"1.1.1": 28, "2.1.1": 18, "3.1.1": 15, "4.1.1": D("13.5"),
             "5.1.1": 3, "5.2.1": 2, "5.3.1": {"市级": 2, "省级": 1}, "5.4.1": 0,
             "5.5.1": {"区(市)县党委、政府和市级部门": 1, "市委、市政府、省级部门": 1},
             "5.6.1": {"国家级媒体": 3}, "5.7.1": 5,
             "6.1.1": D("1.5"), "6.4.1": 2}
    result = score(r, sheet)
    assert [i.score for i in result.section("5").items] == [3, 2, 2, 0, D("1.5"), 4, 2]
    assert result.section("5").score == D("14.5")
    assert result.section("6").score == D("-7.5")
    assert result.total == D("81.5")  # 74.5 + 14.5 − 7.5
    assert result.criterion("6.4.1").note == "2 次 × 3 分,扣 6 分"


def test_county_base80_deductions_never_exceed_the_bonuses():
    r = rubric("county-base80")
    base = {"1.1.1": 30, "2.1.1": 20, "3.1.1": 15, "4.1.1": 15}
    no_bonus = score(r, base | {"6.4.1": 2, "6.5.1": 1, "6.6.1": 5})
    assert (no_bonus.section("6").score, no_bonus.total) == (0, D(80))
    some = score(r, base | {"5.2.1": 3, "5.7.1": 2, "6.4.1": 2, "6.2.1": 3})  # bonus 4, deductions 9
    assert (some.section("5").score, some.section("6").score, some.total) == (4, -4, D(80))
    assert "减分总数不超过加分总数" in some.section("6").note
    capped = score(r, all_met(r) | {"6.4.1": 7, "6.5.1": 7, "6.6.1": 20})  # 21 + 21 + 20 taken, bonus 20
    assert (capped.section("6").score, capped.total) == (-20, D(80))
    with pytest.raises(AnswerError):  # 扣1-2分: nothing below 1 but 0
        score(r, base | {"6.1.1": D("0.5")})


# -- 篇3 Chengdu: base 70 + bonus ≤ 30 − deductions ≤ bonus, ranking in circles ------------------------------------
def test_chengdu_sections_as_the_seed_says():
    r = rubric("chengdu-base70")
    assert r.subjects == ("centre",)
    assert [(s.title, s.role, s.points) for s in r.sections] == [
        ("基本分", "base", 70), ("加分原则", "bonus", 30), ("减分原则", "deduction", None)]
    assert r.section("3").limit == "bonus"
    assert [i.points for i in r.section("2").items] == [5, 5, 2, 4, 4, 4, 2, 2, 2]
    assert [i.label for i in r.section("2").items] == [f"第九条({n})" for n in "一二三四五六七八九"]
    assert [i.label for i in r.section("3").items] == [f"第十条({n})" for n in "一二三四五六七"]
    assert [(c.rule, c.unit_points) for _, _, c in r.iter_criteria() if c.code.startswith("3.")] == [
        ("per_unit", 2), ("per_unit", 2), ("per_unit", 2), ("per_unit", 2), ("per_unit", 5), ("per_unit", 3),
        ("judged", None)]


@needs_seed
def test_chengdu_items_read_the_seed_lines():
    r = rubric("chengdu-base70")
    assert "得基本分70分,其它加分累计不超过30分" in seed_line(293)
    assert squeeze(r.criterion("1.1.1").text) in seed_line(293)
    lead = r.criterion("2.1.1")  # 根据实际情况加1—5分
    assert (lead.rule, lead.min, lead.points) == ("judged", 1, 5) and "加1—5分" in seed_line(299)
    for code, line in (("2.3.1", 303), ("2.7.1", 315), ("2.8.1", 317), ("2.9.1", 319)):
        c = r.criterion(code)
        assert (c.rule, c.unit_points, c.points) == ("per_unit", D("0.5"), 2)
        assert "0.5分,累计加分不超过2分" in seed_line(line)
    assert "每次扣5分" in seed_line(331) and r.criterion("3.5.1").unit_points == 5
    assert "每项扣2分" in seed_line(323) and "每项扣2分" in seed_line(325)
    assert "不超过该圈层单位总数的30%" in seed_line(345)
    circles = r.ranking.groups
    assert [g.name for g in circles] == ["第一圈", "第二圈", "第三圈"]
    assert [len(g.members) for g in circles] == [6, 6, 8]
    assert all(m in seed_line(239) for g in circles for m in g.members)


def test_chengdu_full_bonus_gives_100_and_deductions_stop_at_the_bonus():
    r = rubric("chengdu-base70")
    full = score(r, all_met(r))
    assert (full.total, [s.score for s in full.sections]) == (D(100), [70, 30, 0])
    result = score(r, {"1.1.1": 65, "2.1.1": 4, "2.3.1": 5, "3.2.1": 2, "3.5.1": 1})
    assert result.section("2").score == 6  # 4 + min(2, 5 × 0.5)
    assert result.criterion("2.3.1").note == "5 项 × 0.5 = 2.5 分,超过上限 2 分,按 2 分计"
    assert (result.section("3").score, result.total) == (-6, D(65))  # 9 taken, limited to the bonus 6
    small = score(r, {"1.1.1": 70, "2.4.1": {"国家级": 1, "省级": 1}, "3.6.1": 1})  # 2.5 bonus, 3 taken
    assert (small.section("3").score, small.total) == (D("-2.5"), D(70))
    with pytest.raises(AnswerError):  # 加1—5分
        score(r, {"2.1.1": D("0.5")})


def test_chengdu_ranking_at_most_30_percent_excellent_per_circle():
    r = rubric("chengdu-base70")
    rule = r.ranking
    assert (rule.within, rule.excellent, rule.max_share, rule.demote_to) == ("圈层", "优秀", D("0.3"), None)
    assert (rule.group_of("锦江区"), rule.group_of("郫县"), rule.group_of("新津县")) == ("第一圈", "第二圈", "第三圈")
    totals = {
        "锦江区": 92, "青羊区": 90, "金牛区": 88, "武侯区": 85, "成华区": 80, "高新区": 95,  # 6 → 1 优秀
        "龙泉驿区": 93, "青白江区": 93, "新都区": 91, "温江区": 85, "双流县": 84, "郫县": 80,  # tie at the top → none
        "都江堰市": 96, "彭州市": 91, "邛崃市": 90, "崇州市": 88, "金堂县": 99, "大邑县": 85, "蒲江县": 82,
        "新津县": 81,  # 8 → 2 优秀; 金堂县 barred from excellence
    }
    entries = [(name, rule.group_of(name), D(total), None, name != "金堂县") for name, total in totals.items()]
    ranked = {x.subject: x for x in apply_ranking(r, entries)}
    excellent = sorted(name for name, x in ranked.items() if x.excellent)
    assert excellent == sorted(["高新区", "都江堰市", "彭州市"])
    assert all(ranked[name].band == "优秀" for name in excellent)
    assert (ranked["锦江区"].rank, ranked["锦江区"].band, ranked["锦江区"].excellent) == (2, None, False)
    assert (ranked["龙泉驿区"].rank, ranked["青白江区"].rank, ranked["新都区"].rank) == (1, 1, 3)
    assert not ranked["龙泉驿区"].excellent and not ranked["新都区"].excellent  # nobody jumps a left-out tie
    assert "超出优秀名额" in ranked["龙泉驿区"].note
    assert (ranked["金堂县"].rank, ranked["金堂县"].excellent) == (1, False)
    for group in ("第一圈", "第二圈", "第三圈"):
        size = sum(1 for x in ranked.values() if x.group == group)
        chosen = sum(1 for x in ranked.values() if x.group == group and x.excellent)
        assert chosen <= size * D("0.3")
    with pytest.raises(AnswerError):
        apply_ranking(r, [("某县", "第四圈", D(90), None)])


# -- run_score_rubric by code ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", list(FILES))
def test_run_score_rubric_by_code(tmp_path, code):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(all_met(rubric(code))), encoding="utf-8")
    exit_code, out = run_score_rubric(code, str(answers), "json", FIXTURES)
    assert exit_code == 0, out
    data = json.loads(out)
    assert (data["rubric"], data["version"], data["total"], data["max"], data["band"]) == (code, 1, "100", "100", None)
    assert data["vetoes"] == [] and data["unanswered"] == []
    exit_code, text = run_score_rubric(code, str(answers), "text", FIXTURES)
    assert exit_code == 0 and "总分：100 / 100" in text
