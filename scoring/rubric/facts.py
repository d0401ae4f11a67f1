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

from .model import ALL_OR_NOTHING, DEDUCT_PER_MISSING, DEFAULT_STEP, JUDGED, PER_UNIT, TIERED, VETO

if TYPE_CHECKING:
    from .model import Rubric

COUNT = "count"  # a non-negative integer
FLAG = "flag"  # true / false
QUANTITY = "quantity"  # a non-negative number (e.g. m²)
SHARE = "share"  # a share between 0 and 1 (a satisfaction rate), scored on a judged item by its stated formula

KIND_RULES: dict[str, frozenset[str]] = {
    COUNT: frozenset({PER_UNIT, DEDUCT_PER_MISSING}),
    # A judged item bound to a flag: the item's points when the data shows the requirement met, else 0 — the
    # inspector judges anything in between (with a reason, as for every computed answer).
    FLAG: frozenset({ALL_OR_NOTHING, VETO, JUDGED}),
    QUANTITY: frozenset({TIERED}),
    SHARE: frozenset({JUDGED}),
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
    Fact("matters.required_missing", COUNT, "对照本镇进驻事项目录，未进驻便民服务中心受理并办理的事项数", "事项目录"),
    Fact("matters.life_services_count", COUNT, "进驻大厅的水、电、气、电视、通信、金融、邮政快递等生活服务事项数",
         "事项目录"),
    Fact("matters.stationed_catalogue_published", FLAG, "已印发本镇《进驻便民服务中心政务服务事项目录》", "事项目录"),
    Fact("matters.one_thing_list_published", FLAG, "已公布“一件事一次办”事项清单", "事项目录"),
    Fact("matters.catalogue_adjusted_12m", FLAG, "近12个月内事项清单有动态调整记录", "事项目录"),
    Fact("matters.station_proxy_list_present", FLAG, "本站已形成代办服务事项目录", "事项目录"),
    Fact("centre.cannot_do_window_present", FLAG, "设有“办不成事”反映窗口", "中心窗口设置"),
    Fact("centre.hall_area_m2", QUANTITY, "便民服务中心大厅面积（平方米）", "中心基本信息"),
    Fact("centre.comprehensive_window_present", FLAG, "设有综合窗口", "中心窗口设置"),
    Fact("matters.station_online_proxy", FLAG, "本站已发布代办事项目录（定点办），且含网上可办（掌上办）事项", "事项目录"),
    Fact("matters.guides_published", FLAG, "已发布的进驻（代办）事项均有公开的办事指南（含办理流程）", "事项目录"),
    # Trainings and meetings (trainings.facts)
    Fact("trainings.regular_4", FLAG, "本年度组织（参加）业务、礼仪、岗前培训不少于4次", "培训与会议"),
    Fact("trainings.induction_for_new_staff", FLAG, "本年度新进人员均参加了岗前培训", "培训与会议"),
    Fact("trainings.window_staff_trained", FLAG, "窗口工作人员本年度均参加过培训（每年轮训一次）", "培训与会议"),
    # Staff on windows (centers.facts)
    Fact("staff.window_staff_one_year", FLAG, "窗口工作人员均固定到窗口工作一年以上", "工作人员"),
    Fact("staff.window_staff_two_years", FLAG, "窗口工作人员均在岗两年以上", "工作人员"),
    Fact("staff.windows_ab_backup", FLAG, "每个启用的窗口均有工作人员并设有B岗（AB岗）", "工作人员"),
    Fact("staff.windows_two_established", FLAG, "窗口在编（公务员或事业编制）工作人员不少于2人", "工作人员"),
    Fact("staff.post_cards_complete", FLAG, "在岗人员的单位、姓名、职务和照片齐全（可生成岗位牌）", "工作人员"),
    Fact("staff.station_agents_present", FLAG, "本站有在岗的村（社区）代办员", "工作人员"),
    # Ratings and complaints (feedback.facts)
    Fact("feedback.ratings_every_window", FLAG, "本年度每个启用的窗口都有好差评记录", "好差评"),
    Fact("feedback.qr_ratings_every_window", FLAG, "本年度每个启用的窗口都收到过扫评价二维码的评价", "好差评"),
    Fact("feedback.satisfaction_98", FLAG, "本年度好差评满意率达到98%", "好差评"),
    Fact("feedback.satisfaction_rate", SHARE, "本年度好差评满意率（群众满意度测评按满意率折算）", "好差评"),
    Fact("feedback.bad_rectified_15d", FLAG, "本年度差评均在整改时限（15个工作日，含延期）内整改完毕", "差评整改"),
    Fact("feedback.complaints_in_time", FLAG, "本年度投诉均在时限（5个或15个工作日）内答复", "投诉"),
    # Red flags (redflags.facts)
    Fact("redflags.ledger_every_month", FLAG, "本年度（至上月）每月都发布了流动红旗评选结果", "流动红旗"),
    # Guidance (assessment)
    Fact("guidance.received", FLAG, "本年度接受过上级业务指导（有指导记录）", "指导记录"),
    Fact("guidance.rectified_on_time", FLAG, "本年度到期的指导整改事项均按期整改完毕", "指导记录"),
)


def check_fact_value(fact: Fact, value: Any) -> str | None:
    """A Chinese message if ``value`` is not of the fact's kind, else None."""
    if fact.kind == FLAG:
        return None if isinstance(value, bool) else f"事实 {fact.name} 应为 true/false"
    if fact.kind == SHARE:
        ok = isinstance(value, int | Decimal) and not isinstance(value, bool) and ZERO <= Decimal(value) <= 1
        return None if ok else f"事实 {fact.name} 应为 0 到 1 之间的数值"
    if isinstance(value, bool) or isinstance(value, float):
        return f"事实 {fact.name} 应为{'整数' if fact.kind == COUNT else '数值'}（不接受布尔值或浮点数）"
    if fact.kind == COUNT:
        if not isinstance(value, int) or value < 0:
            return f"事实 {fact.name} 应为不小于 0 的整数"
        return None
    if not isinstance(value, int | Decimal) or Decimal(value) < ZERO:
        return f"事实 {fact.name} 应为不小于 0 的数值"
    return None


def judged_points(criterion, value: Any) -> Decimal:
    """A judged item's answer from a flag (its points, or 0) or a share (D19: points × share, rounded down to the
    item's step; below the item's ``min``, 0)."""
    if isinstance(value, bool):
        return criterion.points if value else ZERO
    step = criterion.step or DEFAULT_STEP
    points = (criterion.points * Decimal(value) / step).to_integral_value(rounding="ROUND_FLOOR") * step
    points = min(points, criterion.points)
    if criterion.min is not None and points < criterion.min:
        return ZERO
    return points


def prefill(rubric: Rubric, facts: Mapping[str, Any]) -> dict[str, Any]:
    """Answers (docs/rubrics.md §7.2) for every criterion bound to a fact given in ``facts``.

    Counts and flags are the answers themselves (a flag on a judged item: its points or 0; a share on a judged item:
    :func:`judged_points`); a quantity picks the best tier whose ``at_least`` it reaches
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
        elif criterion.rule == JUDGED:
            answers[criterion.code] = judged_points(criterion, value)
        else:
            answers[criterion.code] = value
    if problems:
        raise AnswerError(problems)
    return answers
