"""Builders for small rubrics used by the rubric tests (docs/rubrics.md)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from scoring.rubric import load_rubric


def one_criterion_data(criterion: dict[str, Any], *, role: str = "base", **top: Any) -> dict[str, Any]:
    """A valid rubric around one criterion (as section 1 / item 1.1 / criterion 1.1.1, or in a bonus/deduction)."""
    points = Decimal(str(criterion["points"]))
    criterion = {"text": "测试标准", **criterion}
    item = {"title": "测试项目", "points": criterion["points"], "source": "宝林镇方案 附件1 组织领导·组织机构落实", "criteria": [criterion]}
    if role == "base":
        sections = [{"title": "测试内容", "points": criterion["points"], "source": "宝林镇方案 附件1 组织领导", "items": [item]}]
        total = points
    else:
        base = {"title": "基本分", "points": 10, "source": "咸阳细则 第六条(一)", "items": [
            {"title": "基本", "points": 10, "source": "咸阳细则 第六条(一)", "criteria": [
                {"rule": "judged", "text": "基本分", "points": 10}]}]}
        extra: dict[str, Any] = {"title": "加分" if role == "bonus" else "减分", "role": role, "source": "咸阳细则 第七条(一)",
                                 "items": [item]}
        if role == "bonus":
            extra["points"] = criterion["points"]
            total = Decimal(10) + points
        else:
            total = Decimal(10)
        sections = [base, extra]
    data = {"code": "test-rubric", "version": 1, "title": "测试", "subject": "centre", "source": "测试",
            "points": total, "sections": sections}
    if criterion.get("rule") == "veto" and criterion.get("effect", "void") == "void":
        data["veto_band"] = "取消评星资格"
    data.update(top)
    return data


def scheme_data() -> dict[str, Any]:
    """Base 10 + bonus (cap 5) + deduction limited by the bonus, like 咸阳细则 in small."""
    return {
        "code": "test-scheme", "version": 1, "title": "加减分测试", "subject": ["township", "department"],
        "source": "咸阳细则", "points": 15,
        "sections": [
            {"title": "基本分", "points": 10, "source": "咸阳细则 第六条(一)", "items": [
                {"title": "基本", "points": 10, "source": "咸阳细则 第六条(一)", "criteria": [
                    {"rule": "judged", "text": "基本分", "points": 10}]}]},
            {"title": "加分", "role": "bonus", "points": 5, "source": "咸阳细则 第七条", "items": [
                {"title": "网上", "label": "(二)", "points": 4, "source": "咸阳细则 第七条(二)", "criteria": [
                    {"rule": "judged", "text": "加1-4分", "points": 4, "min": 1}]},
                {"title": "调研", "label": "(三)", "points": 4, "source": "咸阳细则 第七条(三)", "criteria": [
                    {"rule": "per_level", "text": "市级每篇0.5", "points": 4, "levels": [
                        {"name": "市级", "points": "0.5"}, {"name": "省级", "points": 1},
                        {"name": "国家级", "points": "1.5"}]}]},
            ]},
            {"title": "减分", "role": "deduction", "limit": "bonus", "source": "咸阳细则 第八条", "items": [
                {"title": "两头受理", "label": "(一)", "points": 2, "source": "咸阳细则 第八条(一)", "criteria": [
                    {"rule": "judged", "text": "扣1-2分", "points": 2, "min": 1}]},
                {"title": "通报批评", "label": "(四)", "points": 20, "source": "咸阳细则 第八条(四)", "criteria": [
                    {"rule": "per_unit", "text": "每次扣3分", "points": 20, "unit_points": 3}]},
            ]},
        ],
    }


@pytest.fixture
def one_criterion():
    def build(criterion: dict[str, Any], **kwargs: Any):
        return load_rubric(one_criterion_data(copy.deepcopy(criterion), **kwargs))

    return build
