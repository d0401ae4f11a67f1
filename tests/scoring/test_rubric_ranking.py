"""Ranking within groups with a cap on 优秀 (成都细则 第十一条(一): at most 30% per circle)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.rubric import AnswerError, RankEntry, apply_ranking, load_rubric
from scoring.rubric.ranking import group_limit

from .conftest import scheme_data

D = Decimal
CIRCLES = [
    {"name": "第一圈", "members": ["锦江区", "青羊区", "金牛区", "武侯区", "成华区", "高新区"], "source": "成都细则 第四条"},
    {"name": "第二圈", "members": ["龙泉驿区", "青白江区", "新都区", "温江区", "双流县", "郫县"], "source": "成都细则 第四条"},
    {"name": "第三圈", "members": ["都江堰市", "彭州市", "邛崃市", "崇州市", "金堂县", "大邑县", "蒲江县", "新津县"],
     "source": "成都细则 第四条"},
]


def chengdu(**ranking):
    data = scheme_data()
    data["ranking"] = {"within": "圈层", "groups": CIRCLES, "excellent": "优秀", "max_share": "0.3",
                       "source": "成都细则 第十一条(一)", **ranking}
    return load_rubric(data)


def by_subject(ranked):
    return {r.subject: r for r in ranked}


@pytest.mark.parametrize(("size", "limit"), [(1, 0), (3, 0), (4, 1), (6, 1), (7, 2), (8, 2), (10, 3), (20, 6)])
def test_at_most_30_percent_rounded_down(size, limit):
    assert group_limit(chengdu().ranking, size) == limit


def test_each_circle_gets_its_own_share_of_excellent():
    rubric = chengdu()
    entries = [(name, "第三圈", D(90 - i), None) for i, name in enumerate(CIRCLES[2]["members"])]
    entries += [(name, "第一圈", D(80 + i), None) for i, name in enumerate(CIRCLES[0]["members"])]
    result = by_subject(apply_ranking(rubric, entries))
    assert [s for s, r in result.items() if r.excellent] == ["都江堰市", "彭州市", "高新区"]
    assert result["高新区"].rank == 1 and result["锦江区"].rank == 6
    assert result["都江堰市"].band == "优秀" and result["邛崃市"].band is None
    assert "名额 2 个" in result["都江堰市"].note
    assert [r.subject for r in apply_ranking(rubric, entries)] == [e[0] for e in entries]  # input order kept


def test_a_tie_at_the_limit_is_left_out_rather_than_exceeding_it():
    rubric = chengdu()
    entries = [("都江堰市", "第三圈", D(95), None), ("彭州市", "第三圈", D(90), None), ("邛崃市", "第三圈", D(90), None),
               ("崇州市", "第三圈", D(85), None), ("金堂县", "第三圈", D(80), None), ("大邑县", "第三圈", D(70), None),
               ("蒲江县", "第三圈", D(60), None)]
    result = by_subject(apply_ranking(rubric, entries))
    assert [s for s, r in result.items() if r.excellent] == ["都江堰市"]
    assert (result["彭州市"].rank, result["邛崃市"].rank, result["崇州市"].rank) == (2, 2, 4)
    assert "超出优秀名额" in result["彭州市"].note
    assert not result["崇州市"].excellent  # a lower total never jumps over a left-out tie


def test_barred_and_vetoed_subjects_are_skipped():
    data = scheme_data()
    data["veto_band"] = "取消评星资格"
    data["ranking"] = {"excellent": "优秀", "max_count": 1}
    rubric = load_rubric(data)
    entries = [RankEntry("甲", None, D(99), None, eligible=False), RankEntry("乙", None, D(98), "取消评星资格"),
               RankEntry("丙", None, D(90), None)]
    result = by_subject(apply_ranking(rubric, entries))
    assert [s for s, r in result.items() if r.excellent] == ["丙"]
    assert "取消评先评优资格" in result["甲"].note
    assert result["乙"].band == "取消评星资格"


def test_when_excellent_is_a_band_the_extra_ones_are_demoted():
    data = scheme_data()
    data["bands"] = [{"min": 14, "label": "优秀"}, {"min": 9, "label": "合格"}, {"label": "不合格"}]
    data["ranking"] = {"excellent": "优秀", "max_count": 1, "demote_to": "合格"}
    rubric = load_rubric(data)
    entries = [("甲", None, D(15), "优秀"), ("乙", None, D("14.5"), "优秀"), ("丙", None, D(13), "合格"),
               ("丁", None, D(14), "优秀", False)]
    result = by_subject(apply_ranking(rubric, entries))
    assert {s: (r.band, r.excellent) for s, r in result.items()} == {
        "甲": ("优秀", True), "乙": ("合格", False), "丙": ("合格", False), "丁": ("合格", False)}
    assert "等次改为“合格”" in result["乙"].note


def test_an_unknown_circle_is_refused():
    with pytest.raises(AnswerError) as exc:
        apply_ranking(chengdu(), [("锦江区", "第四圈", D(90), None)])
    assert "第四圈" in str(exc.value)


def test_the_rule_lists_which_circle_a_subject_is_in():
    assert chengdu().ranking.group_of("温江区") == "第二圈"
    assert chengdu().ranking.group_of("眉山市") is None


def test_a_rubric_without_a_ranking_rule_cannot_rank():
    with pytest.raises(ValueError, match="没有排名规则"):
        apply_ranking(load_rubric(scheme_data()), [])
