"""Meishan five-star centre and window rubrics (眉山意见 附件1, 附件2, 星级评定 眉山意见 三(二)) against the seed text.

Pure: no Django, no database. The seed-citation test in test_rubric_fixtures.py also checks every title and text.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.common import fmt
from scoring.rubric import AnswerError, load_rubric, result_to_json, run_score_rubric, score
from tests.seedplaces import covers, needs_seeds, place, text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "rubrics"
D = Decimal

CENTRE_SECTIONS = [  # the seven 类别 of 附件1, their items (序号) and the sums of their points
    ("办公场地标准化", 1, 17, D(20)), ("服务工作标准化", 18, 29, D(14)), ("电子政务标准化", 30, 39, D(7)),
    ("服务管理标准化", 40, 54, D("15.5")), ("服务体系标准化", 55, 63, D(10)), ("自身建设规范化", 64, 70, D("6.5")),
    ("强化工作保障", 71, 77, D(7)), ("群众满意度测评", None, None, D(10)), ("考评小组评定", None, None, D(10))]
WINDOW_SECTIONS = [  # the four 类别 of 附件2 (first characters lost in the scrape: 务管理, 务礼仪, 作纪律, 件管理)
    ("服务管理", 1, 10, D(33)), ("服务礼仪", 11, 18, D(21)), ("工作纪律", 19, 22, D(18)), ("物件管理", 23, 27, D(8)),
    ("群众满意度测评", None, None, D(10)), ("考评小组评定", None, None, D(10))]
CENTRE_VETOES = {"25": "2.8", "40": "4.1", "69": "6.6"}  # 备注 “一票否决”项: 眉山意见 附件1 第25项、第40项、第69项
WINDOW_VETOES = {"1": "1.1", "7": "1.7", "8": "1.8", "17": "2.7", "19": "3.1", "20": "3.2"}  # 眉山意见 附件2 第1项 … 第20项


def rubric(code: str):
    return load_rubric((FIXTURES / f"{code}.yaml").read_bytes())


def full(r) -> dict:
    return {c.code: True for _, _, c in r.iter_criteria()}


def codes_of(r) -> list[str]:
    return [c.code for _, _, c in r.iter_criteria()]


def item_by_label(r, label: str):
    return next(i for s in r.sections for i in s.items if i.label == label)


def write(tmp_path: Path, answers: dict) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return str(path)


# -- structure and totals ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("code", "subject", "layout", "count", "version"), [
    ("meishan-centre", "centre", CENTRE_SECTIONS, 77, 3),  # 第3版: facts bound (docs/trainings.md §4)
    ("meishan-window", "window", WINDOW_SECTIONS, 27, 2),
])
def test_totals_sections_and_labels_follow_the_seed(code, subject, layout, count, version):
    r = rubric(code)
    assert (r.code, r.version, r.subjects, r.points) == (code, version, (subject,), D(100))  # 第2版: panel step 0.1
    assert [(s.code, s.title, s.points) for s in r.sections] == [
        (str(k), title, points) for k, (title, _, _, points) in enumerate(layout, 1)]
    table = r.sections[:-2]
    assert sum(s.points for s in table) == 80  # 创建项目考核80分 (眉山意见 三(二))
    labels = [i.label for s in table for i in s.items]
    assert labels == [str(n) for n in range(1, count + 1)]
    for section, (_, first, last, _) in zip(table, layout, strict=False):
        assert [i.label for i in section.items] == [str(n) for n in range(first, last + 1)]
    for section in r.sections[-2:]:  # satisfaction and panel: one unlabelled item, one judged criterion, 10
        [item] = section.items
        [criterion] = item.criteria
        assert (item.label, item.title, criterion.rule, criterion.points, item.source) == (
            None, section.title, "judged", 10, "眉山意见 三(二)")
    assert [(p.title, p.sections, p.points) for p in r.parts] == [
        ("创建项目考核", tuple(s.code for s in table), 80),
        ("群众满意度测评", (str(len(layout) - 1),), 10),
        ("考评小组评定", (str(len(layout)),), 10)]
    assert [(b.label, b.min) for b in r.bands] == [("五星级", 95), ("四星级", 90), ("三星级", 85), ("未评星", None)]
    assert r.veto_band == "取消评星资格"


# -- every item against its seed line --------------------------------------------------------------------------------
def seed_line(code: str, item) -> str:
    """The item's row of the scraped table (tests/seedplaces.py), which its citation names."""
    seed, first, last = place(f"{code}.yaml", item.code)
    assert first == last and covers(item.source, seed, first, last), (item.code, item.source)
    return text(seed, first)


@needs_seeds
@pytest.mark.parametrize(("code", "vetoes"), [("meishan-centre", CENTRE_VETOES), ("meishan-window", WINDOW_VETOES)])
def test_each_item_has_the_points_and_veto_of_its_seed_row(code, vetoes):
    r = rubric(code)
    for section in r.sections[:-2]:
        for item in section.items:
            line = seed_line(code, item)  # one row per line: [类别] 序号 考评内容 分值 [备注]
            row = re.fullmatch(r"(?:\S+ )?(\d+) (.+?。) (\d+(?:\.\d+)?)\s*(.*?)\s*", line)
            assert row, item.code
            assert (row.group(1), D(row.group(3))) == (item.label, item.points), item.code
            assert item.criteria[0].text == row.group(2), item.code  # the whole 考评内容
            veto = [c for c in item.criteria if c.rule == "veto"]
            assert bool(veto) == ("一票否决" in row.group(4)) == (item.label in vetoes), item.code
            assert all(c.effect == "void" for c in veto)
            if veto:
                assert item.code == vetoes[item.label]
                assert item.note.startswith(f"备注:{row.group(4)}")
            elif item.label != "3":
                assert [c.rule for c in item.criteria] == ["judged"], item.code
                assert (item.criteria[0].step, item.criteria[0].min) == (D("0.5"), None)


def test_centre_items_read_as_the_seed_says():
    r = rubric("meishan-centre")
    area = item_by_label(r, "3")  # 眉山意见 附件1 第3项 备注: 一级达标得6分, 二级达标得3分, 三级达标得1分
    [c] = area.criteria
    assert (area.code, c.rule, [(t.label, t.points) for t in c.tiers]) == (
        "1.3", "tiered", [("一级达标", 6), ("二级达标", 3), ("三级达标", 1)])
    overdue = item_by_label(r, "25")  # 眉山意见 附件1 第25项, 2 分: judged, plus 0 分 veto “被省上通报”
    assert [(c.code, c.rule, c.points) for c in overdue.criteria] == [("2.8.1", "judged", 2), ("2.8.2", "veto", 0)]
    two = item_by_label(r, "40")  # 眉山意见 附件1 第40项, 2 分, 未达标取消评星资格: the requirement is the veto
    assert [(c.code, c.rule, c.points) for c in two.criteria] == [("4.1.1", "veto", 2)]
    clean = item_by_label(r, "69")  # 眉山意见 附件1 第69项, 2 分, 出现违纪案件
    assert [(c.code, c.rule, c.points) for c in clean.criteria] == [("6.6.1", "judged", 2), ("6.6.2", "veto", 0)]
    assert [(i.label, i.points) for i in (item_by_label(r, n) for n in ("5", "29", "42", "49", "62", "77"))] == [
        ("5", D("0.5")), ("29", 2), ("42", 2), ("49", 2), ("62", 2), ("77", 1)]
    assert r.section("5").points == 10 and "“8”" in r.section("5").note  # the stray 8 of 眉山意见 附件1 服务体系标准化 is not the points
    # 考评小组评定 is the average of the panel members' marks: one decimal, like 群众满意度测评 (第2版)
    assert r.criterion("8.1.1").step == D("0.1") and r.criterion("9.1.1").step == D("0.1")


def test_window_items_read_as_the_seed_says():
    r = rubric("meishan-window")
    rules = {label: [(c.code, c.rule, c.points) for c in item_by_label(r, label).criteria] for label in WINDOW_VETOES}
    assert rules == {
        "1": [("1.1.1", "veto", 4)],  # 眉山意见 附件2 第1项 未达到要求取消评星资格
        "7": [("1.7.1", "veto", 4)],  # 眉山意见 附件2 第7项 全年无有效投诉, 发生一次取消评星资格
        "8": [("1.8.1", "judged", 8), ("1.8.2", "veto", 0)],  # 眉山意见 附件2 第8项 被省上通报
        "17": [("2.7.1", "judged", 6), ("2.7.2", "veto", 0)],  # 眉山意见 附件2 第17项 被省、市纪检部门查实
        "19": [("3.1.1", "judged", 8), ("3.1.2", "veto", 0)],  # 眉山意见 附件2 第19项 被省、市纪检部门通报
        "20": [("3.2.1", "judged", 8), ("3.2.2", "veto", 0)],  # 眉山意见 附件2 第20项
    }
    assert [i.points for i in r.section("4").items] == [2, 2, 1, 2, 1]  # 眉山意见 附件2 第23–27项
    for section, scraped in zip(r.sections, ["务管理", "务礼仪", "作纪律", "件管理"], strict=False):
        assert f"“{scraped}”" in section.note and section.title.endswith(scraped)


# -- scoring -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("code", "satisfaction", "panel"), [
    ("meishan-centre", "8.1.1", "9.1.1"), ("meishan-window", "5.1.1", "6.1.1")])
def test_full_marks_is_100_five_stars_and_parts_are_80_10_10(code, satisfaction, panel):
    r = rubric(code)
    result = score(r, full(r))
    assert (result.total, result.band, result.vetoes, result.unanswered) == (D(100), "五星级", (), ())
    assert [(p.title, p.score, p.max) for p in result.parts] == [
        ("创建项目考核", 80, 80), ("群众满意度测评", 10, 10), ("考评小组评定", 10, 10)]
    numeric = {c.code: c.points for _, _, c in r.iter_criteria() if c.rule in ("judged", "tiered")}
    assert score(r, full(r) | numeric).total == 100
    # bands: "N分以上" includes N (D2)
    cases = [(D(7), D("7.5"), D("94.5"), "四星级"), (D("7.5"), D("7.5"), D(95), "五星级"), (D(5), D(5), D(90), "四星级"),
             (D("4.9"), D("0.5"), D("85.4"), "三星级"), (D(5), D(0), D(85), "三星级"), (D("4.5"), D(0), D("84.5"), "未评星")]
    for s, p, total, band in cases:
        result = score(r, full(r) | {satisfaction: s, panel: p})
        assert (result.total, result.band) == (total, band), (s, p)


@pytest.mark.parametrize(("code", "vetoes"), [("meishan-centre", CENTRE_VETOES), ("meishan-window", WINDOW_VETOES)])
def test_any_failed_veto_voids_the_stars_whatever_the_total(code, vetoes):
    r = rubric(code)
    veto_codes = [c.code for _, _, c in r.iter_criteria() if c.rule == "veto"]
    assert sorted({c.rsplit(".", 1)[0] for c in veto_codes}) == sorted(vetoes.values())
    for veto in veto_codes:
        result = score(r, full(r) | {veto: False})
        assert (result.band, result.vetoes) == ("取消评星资格", (veto,)), veto
        assert result.total == 100 - r.criterion(veto).points
        assert result.criterion(veto).note.startswith("一票否决项未通过")


def test_centre_realistic_sheet():
    r = rubric("meishan-centre")
    answers = full(r) | {
        "1.3.1": 3,  # 二级达标 → 3 (眉山意见 附件1 第3项)
        "1.5.1": 0,  # no parking: −0.5
        "2.8.1": D("1.5"),  # one overdue case, not notified by the province: judged 1.5, veto passed
        "8.1.1": D("9.6"), "9.1.1": D("9.5"),
    }
    result = score(r, answers)
    assert result.criterion("1.3.1").note == "二级达标,得 3 分"
    assert [p.score for p in result.parts] == [D(76), D("9.6"), D("9.5")]
    assert [s.score for s in result.sections] == [D("16.5"), D("13.5"), 7, D("15.5"), 10, D("6.5"), 7, D("9.6"),
                                                  D("9.5")]
    assert (result.total, result.band) == (D("95.1"), "五星级")
    assert score(r, answers | {"2.8.2": False}).band == "取消评星资格"
    assert score(r, answers | {"9.1.1": D("9.7")}).total == D("95.3")  # the panel's average, one decimal
    with pytest.raises(AnswerError) as err:
        score(r, answers | {"1.3.1": 2, "9.1.1": D("9.75"), "4.1.1": 2})
    assert {p.path for p in err.value.problems} == {"1.3.1", "9.1.1", "4.1.1"}


# -- the JSON result through run_score_rubric ----------------------------------------------------------------------
@pytest.mark.parametrize(("code", "maxima", "count"), [
    ("meishan-centre", ["20", "14", "7", "15.5", "10", "6.5", "7", "10", "10"], 81),
    ("meishan-window", ["33", "21", "18", "8", "10", "10"], 33),
])
def test_blank_sheet_lists_every_criterion_and_every_maximum(tmp_path, code, maxima, count):
    version = rubric(code).version
    r = rubric(code)
    status, out = run_score_rubric(code, write(tmp_path, {}), "json", FIXTURES)
    assert status == 0, out
    data = json.loads(out)
    assert (data["rubric"], data["version"], data["total"], data["max"], data["band"], data["vetoes"]) == (
        code, version, "0", "100", "未评星", [])
    assert data["unanswered"] == codes_of(r) and len(data["unanswered"]) == count
    assert [s["max"] for s in data["sections"]] == maxima
    assert [[i["max"] for i in s["items"]] for s in data["sections"]] == [
        [fmt(i.points) for i in s.items] for s in r.sections]
    notes = {c["note"] for s in data["sections"] for i in s["items"] for c in i["criteria"]}
    assert notes == {"未作答,按 0 分计"}
    assert result_to_json(score(r, {})) == data


@pytest.mark.parametrize(("code", "answers", "total", "band", "vetoes"), [
    ("meishan-centre", {"8.1.1": 7, "9.1.1": 7.5}, "94.5", "四星级", []),
    ("meishan-centre", {"6.6.2": False}, "100", "取消评星资格", ["6.6.2"]),
    ("meishan-window", {"5.1.1": 9.7, "6.1.1": 10, "1.8.1": 7.5}, "99.2", "五星级", []),
    ("meishan-window", {"1.7.1": False}, "96", "取消评星资格", ["1.7.1"]),
])
def test_run_score_rubric_json(tmp_path, code, answers, total, band, vetoes):
    sheet = {k: True for k in codes_of(rubric(code))} | answers
    status, out = run_score_rubric(code, write(tmp_path, sheet), "json", FIXTURES)
    assert status == 0, out
    data = json.loads(out)
    assert (data["total"], data["band"], data["vetoes"], data["unanswered"]) == (total, band, vetoes, [])
    status, text = run_score_rubric(code, write(tmp_path, sheet), "text", FIXTURES)
    assert status == 0 and f"等次：{band}" in text
