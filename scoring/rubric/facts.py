"""The fixed registry of facts a criterion can be pre-filled from (docs/rubrics.md §5, docs/domain.md §4).

The Django side computes the values (from the matter catalogues, the centre's windows, …) and passes them to
:func:`prefill`; this module only names the facts, says which rule types each can fill, and turns values into
answers. The inspector may override a pre-filled answer (with a reason, recorded by the Django side).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from scoring.common import ZERO, Problem

from .model import ALL_OR_NOTHING, DEDUCT_PER_MISSING, PER_UNIT, TIERED, VETO

if TYPE_CHECKING:
    from .model import Rubric

COUNT = "count"  # a non-negative integer
FLAG = "flag"  # true / false
QUANTITY = "quantity"  # a non-negative number (e.g. m²)

KIND_RULES: dict[str, frozenset[str]] = {
    COUNT: frozenset({PER_UNIT, DEDUCT_PER_MISSING}),
    FLAG: frozenset({ALL_OR_NOTHING, VETO}),
    QUANTITY: frozenset({TIERED}),
}


@dataclass(frozen=True)
class Fact:
    name: str
    kind: str
    description: str
    origin: str  # where the system reads it, for people ("事项目录")

    @property
    def rules(self) -> frozenset[str]:
        return KIND_RULES[self.kind]


def _facts(*facts: Fact) -> dict[str, Fact]:
    return {f.name: f for f in facts}


FACTS: dict[str, Fact] = _facts(
    Fact("matters.required_missing", COUNT, "对照本镇进驻事项目录,未进驻便民服务中心受理并办理的事项数", "事项目录"),
    Fact("matters.life_services_count", COUNT, "进驻大厅的水、电、气、电视、通信、金融、邮政快递等生活服务事项数",
         "事项目录"),
    Fact("matters.stationed_catalogue_published", FLAG, "已印发本镇《进驻便民服务中心政务服务事项目录》", "事项目录"),
    Fact("matters.one_thing_list_published", FLAG, "已公布“一件事一次办”事项清单", "事项目录"),
    Fact("matters.catalogue_adjusted_12m", FLAG, "近12个月内事项清单有动态调整记录", "事项目录"),
    Fact("matters.station_proxy_list_present", FLAG, "本站已形成代办服务事项目录", "事项目录"),
    Fact("centre.cannot_do_window_present", FLAG, "设有“办不成事”反映窗口", "中心窗口设置"),
    Fact("centre.hall_area_m2", QUANTITY, "便民服务中心大厅面积(平方米)", "中心基本信息"),
)


def check_fact_value(fact: Fact, value: Any) -> str | None:
    """A Chinese message if ``value`` is not of the fact's kind, else None."""
    if fact.kind == FLAG:
        return None if isinstance(value, bool) else f"事实 {fact.name} 应为 true/false"
    if isinstance(value, bool) or isinstance(value, float):
        return f"事实 {fact.name} 应为{'整数' if fact.kind == COUNT else '数值'}(不接受布尔值或浮点数)"
    if fact.kind == COUNT:
        if not isinstance(value, int) or value < 0:
            return f"事实 {fact.name} 应为不小于 0 的整数"
        return None
    if not isinstance(value, int | Decimal) or Decimal(value) < ZERO:
        return f"事实 {fact.name} 应为不小于 0 的数值"
    return None


def prefill(rubric: Rubric, facts: Mapping[str, Any]) -> dict[str, Any]:
    """Answers (docs/rubrics.md §7.2) for every criterion bound to a fact given in ``facts``.

    Counts and flags are the answers themselves; a quantity picks the best tier whose ``at_least`` it reaches
    (0 if none). Facts not given are skipped. A value of the wrong kind, or an unknown fact name, raises AnswerError.
    """
    from .engine import AnswerError

    problems = [Problem(name, f"未知的事实名称 {name}") for name in facts if name not in FACTS]
    answers: dict[str, Any] = {}
    for _, _, criterion in rubric.iter_criteria():
        if criterion.fact is None or criterion.fact not in facts:
            continue
        fact = FACTS[criterion.fact]
        value = facts[criterion.fact]
        message = check_fact_value(fact, value)
        if message:
            problems.append(Problem(criterion.code, message))
            continue
        if fact.kind == QUANTITY:
            reached = [t.points for t in criterion.tiers if t.at_least is not None and Decimal(value) >= t.at_least]
            answers[criterion.code] = max(reached, default=ZERO)
        else:
            answers[criterion.code] = value
    if problems:
        raise AnswerError(problems)
    return answers
