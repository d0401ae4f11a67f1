"""The rubric fixtures against the seed text: totals, several items by hand, and every citation checked."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.common import fmt
from scoring.rubric import load_rubric, result_to_json, score
from tests.seedplaces import covers, needs_seeds, place, squeeze, text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "rubrics"
D = Decimal


def rubric(code: str):
    return load_rubric((FIXTURES / f"{code}.yaml").read_bytes())


def all_met(r) -> dict:
    return {c.code: True for _, _, c in r.iter_criteria()}


def test_every_fixture_in_the_directory_loads_with_a_unique_code_and_version():
    seen = set()
    files = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    assert {"baolin-centre.yaml", "baolin-station.yaml"} <= {p.name for p in files}
    for path in files:
        r = load_rubric(path.read_bytes())
        assert (r.code, r.version) not in seen, path.name
        seen.add((r.code, r.version))


# -- Baolin centre (宝林镇方案 附件1) ------------------------------------------------------------------------------------
def test_baolin_centre_totals_match_the_seed():
    r = rubric("baolin-centre")
    assert (r.code, r.version, r.subjects, r.points) == ("baolin-centre", 3, ("centre",), D(100))
    assert [(s.title, s.points) for s in r.sections] == [
        ("组织领导", 6), ("场地建设", 21), ("事项进驻", 23), ("信息公开", 10),
        ("人员管理", 13), ("统一规范", 18), ("线上线下融合", 6), ("创新亮点", 3)]
    assert [len(s.items) for s in r.sections] == [3, 9, 5, 4, 4, 5, 2, 1]
    assert [(b.label, b.min) for b in r.bands] == [("达标", D(90)), ("未达标", None)]  # D6


def test_baolin_centre_items_read_as_the_seed_says():
    r = rubric("baolin-centre")
    area = r.criterion("2.3.1")  # 宝林镇方案 附件1 场地建设·大厅建设面积 一级 3 / 二级 2 / 三级 1
    assert (area.rule, [t.points for t in area.tiers]) == ("tiered", [3, 2, 1])
    windows = [c.points for c in r.section("2").items[4].criteria]  # 宝林镇方案 附件1 场地建设·窗口设置: 4 + 2 + 1
    assert (r.section("2").items[4].title, windows) == ("窗口设置", [4, 2, 1])
    required = r.criterion("3.2.1")  # 宝林镇方案 附件1 事项进驻·应进必进 应进必进 10分, 少一项扣1分, 扣完为止
    assert (required.rule, required.points, required.per_missing, required.fact) == (
        "deduct_per_missing", 10, 1, "matters.required_missing")
    life = r.criterion("3.3.1")  # 宝林镇方案 附件1 事项进驻·拓展便民服务范围 进驻一项得0.5分, 满分3分
    assert (life.rule, life.unit_points, life.points, life.fact) == ("per_unit", D("0.5"), 3,
                                                                      "matters.life_services_count")
    flow = r.criterion("3.4.1")  # 宝林镇方案 附件1 事项进驻·优化办事流程: 6 / 3 / 0
    assert [t.points for t in flow.tiers] == [6, 3, 0]
    rules = r.criterion("6.1.1")  # 宝林镇方案 附件1 统一规范·规范窗口制度 每一项得0.5分, 满分4分
    assert (rules.rule, rules.unit_points, rules.points) == ("per_unit", D("0.5"), 4)
    innovation = r.criterion("8.1.1")  # 宝林镇方案 附件1 创新亮点·具体措施 + D5
    assert [(lv.name, lv.min, lv.points) for lv in innovation.levels] == [
        ("县级", None, D("0.5")), ("市级", None, 1), ("省级及以上", 1, 2)]
    assert innovation.points == 3


def test_baolin_centre_scores_a_realistic_sheet():
    r = rubric("baolin-centre")
    answers = all_met(r) | {
        "2.3.1": 2,  # 二级标准
        "3.2.1": 3,  # three matters not stationed
        "3.3.1": 5,  # five life services → 2.5
        "3.4.1": 3,  # list published, flow not optimised
        "6.1.1": 6,  # six systems → 3
        "8.1.1": {"县级": 1, "省级及以上": [D("1.5")]},
        "6.5.1": False,
    }
    result = score(r, answers)
    assert result.criterion("3.2.1").note == "少 3 项,扣 3 分"
    assert [s.score for s in result.sections] == [6, 20, D("16.5"), 10, 13, 15, 6, 2]
    assert result.total == D("88.5")
    assert result.band == "未达标"
    assert score(r, answers | {"6.5.1": True}).band == "达标"  # 90.5: "90分以上" includes 90 (D2)


def test_baolin_centre_all_met_is_100_and_blank_is_0_with_every_maximum():
    r = rubric("baolin-centre")
    full = score(r, all_met(r))
    assert (full.total, full.band, full.unanswered) == (D(100), "达标", ())
    blank = result_to_json(score(r, {}))
    assert (blank["total"], blank["max"], blank["band"]) == ("0", "100", "未达标")
    assert [s["max"] for s in blank["sections"]] == ["6", "21", "23", "10", "13", "18", "6", "3"]
    assert len(blank["unanswered"]) == 50
    assert blank["sections"][1]["items"][4] == {
        "code": "2.5", "title": "窗口设置", "score": "0", "max": "7", "criteria": [
            {"code": "2.5.1", "score": "0", "max": "4", "note": "未作答,按 0 分计"},
            {"code": "2.5.2", "score": "0", "max": "2", "note": "未作答,按 0 分计"},
            {"code": "2.5.3", "score": "0", "max": "1", "note": "未作答,按 0 分计"}]}


# -- Baolin station (宝林镇方案 附件2) -----------------------------------------------------------------------------------
def test_baolin_station_totals_match_the_seed():
    r = rubric("baolin-station")
    assert (r.code, r.subjects, r.points) == ("baolin-station", ("station",), D(100))
    assert [(s.title, s.points) for s in r.sections] == [
        ("场地建设", 18), ("服务事项", 10), ("信息公开", 13), ("人员管理", 15),
        ("统一规范", 10), ("为民代办", 20), ("保障措施", 8), ("创新亮点", 6)]
    assert [len(s.items) for s in r.sections] == [5, 1, 6, 3, 2, 2, 1, 1]
    assert [(b.label, b.min) for b in r.bands] == [("达标", D(90)), ("未达标", None)]


def test_baolin_station_items_read_as_the_seed_says():
    r = rubric("baolin-station")
    innovation = r.criterion("8.1.1")  # 宝林镇方案 附件2 创新亮点·具体措施 有一项得3分。满分6分
    assert (innovation.rule, innovation.unit_points, innovation.points) == ("per_unit", 3, 6)
    assert [c.points for c in r.section("6").items[0].criteria] == [10, 5]  # 宝林镇方案 附件2 为民代办·精准服务
    assert [c.points for c in r.section("5").items[1].criteria] == [3, 2]  # 宝林镇方案 附件2 统一规范·规范监督管理
    assert r.criterion("7.1.1").points == 8  # 宝林镇方案 附件2 保障措施·经费保障 "8)"
    assert r.criterion("2.1.1").fact == "matters.station_proxy_list_present"
    result = score(r, all_met(r) | {"8.1.1": 3, "5.2.2": False})
    assert result.criterion("8.1.1").note == "3 项 × 3 = 9 分,超过上限 6 分,按 6 分计"
    assert (result.total, result.band) == (D(98), "达标")


# -- every citation against the seed text ---------------------------------------------------------------------------
# tests/seedplaces.py: each element's lines in the scraped text, and the check that its citation names them.
CORRECTED = re.compile(r"作“(.*)”,正文为更正后的正式表述")


def seed_reading(criterion) -> str:
    """The criterion's text as the document's scrape reads it: the text itself, or — where a later version shows the
    corrected official wording (docs/rubrics.md) — the reading its note keeps (作“…”,正文为更正后的正式表述)."""
    found = CORRECTED.search(criterion.note or "")
    return found.group(1) if found else criterion.text


def title_is_cited(title: str, note: str | None, lines: str) -> bool:
    """Verbatim, or — for a title that lost characters in the scrape — the scraped form quoted in the note (“务管理”)
    is in the lines and in the title as read (服务管理)."""
    if squeeze(title) in lines:
        return True
    return any(q in lines and q in title for q in re.findall(r"“([^”]+)”", note or ""))


FIXTURE_FILES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


@needs_seeds
@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.name for p in FIXTURE_FILES])
def test_every_title_text_and_number_is_in_the_cited_seed_lines(path):
    """docs/rubrics.md §1.1, §11: titles and texts are verbatim phrases of the cited lines (whitespace aside)."""
    r = load_rubric(path.read_bytes())

    def cited(element: str, source: str | None) -> str:
        where = place(path.name, element)
        assert source is None or covers(source, *where), f"{element}: {source} does not name {where}"
        return squeeze(text(*where))

    for section in r.sections:
        assert title_is_cited(section.title, section.note, cited(section.code, section.source)), f"{section.code} title"
        for item in section.items:
            lines = cited(item.code, item.source)
            assert title_is_cited(item.title, item.note, lines), f"{item.code} title"
            assert fmt(item.points) in lines or section.role == "deduction", f"{item.code} points"
            seed, section_start, _ = place(path.name, section.code)
            item_end = place(path.name, item.code)[2]
            before = squeeze(text(seed, min(section_start, item_end), item_end))
            for criterion in item.criteria:
                said = cited(criterion.code, criterion.source)
                where = f"{criterion.code} ({criterion.source})"
                if not (criterion.rule == "veto" and criterion.points == 0):  # a condition in the transcriber's words
                    assert squeeze(seed_reading(criterion)) in said, where
                if criterion.basis:
                    assert squeeze(criterion.basis) in before, f"{where} basis"
                if criterion.rule == "all_or_nothing":
                    assert fmt(criterion.points) in criterion.text, where
                if criterion.rule == "per_unit":
                    assert f"{fmt(criterion.unit_points)}分" in said, where
                    assert fmt(criterion.points) in said or section.role == "deduction", where
                if criterion.rule == "deduct_per_missing":
                    assert f"扣{fmt(criterion.per_missing)}分" in said, where
                if criterion.rule == "per_level":
                    assert all(level.name in said for level in criterion.levels), where
                for tier in criterion.tiers:
                    tier_text = cited(f"{criterion.code} {tier.label}", tier.source) if tier.source else said
                    assert f"{fmt(tier.points)}分" in tier_text, f"{where} tier {tier.label}"
                    if tier.source:
                        assert squeeze(tier.label) in tier_text, f"{where} tier {tier.label}"
