"""Apply a rubric's ranking rule to a set of scored subjects (docs/rubrics.md §4.4).

Example: 成都细则 第十一条(一) — within each circle (圈层), at most 30% of the subjects are rated 优秀. The rule is data
in the rubric (:class:`~scoring.rubric.model.RankingRule`); this module is the pure function over the totals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from scoring.common import Problem

from .engine import AnswerError
from .model import RankingRule, Rubric


@dataclass(frozen=True)
class RankEntry:
    subject: str
    group: str | None
    total: Decimal
    band: str | None
    eligible: bool = True  # False for a result with excellence_barred (取消评先评优资格)


@dataclass(frozen=True)
class Ranked:
    subject: str
    group: str | None
    total: Decimal
    rank: int  # 1-based within the group, ties share a rank (1, 2, 2, 4)
    band: str | None  # after the ranking
    excellent: bool
    note: str


def _entry(raw: RankEntry | tuple, index: int) -> RankEntry:
    if isinstance(raw, RankEntry):
        return raw
    if isinstance(raw, tuple) and len(raw) in (4, 5):
        return RankEntry(*raw)
    raise AnswerError([Problem(f"[{index}]", "排名条目应为 (考核对象, 分组, 总分, 等次[, 可评优]) ")])


def group_limit(rule: RankingRule, size: int) -> int:
    """How many subjects of a group of ``size`` may be excellent: share rounded down (不超过), and the count cap."""
    limits = []
    if rule.max_share is not None:
        limits.append(int((rule.max_share * size).to_integral_value(rounding=ROUND_FLOOR)))
    if rule.max_count is not None:
        limits.append(rule.max_count)
    return min(limits) if limits else size


def _candidate(e: RankEntry, rule: RankingRule, veto_band: str | None, threshold: bool) -> bool:
    return e.eligible and (veto_band is None or e.band != veto_band) and (not threshold or e.band == rule.excellent)


def apply_ranking(rubric: Rubric, entries: Iterable[RankEntry | tuple]) -> list[Ranked]:
    """Rank each group by total and hand out ``rubric.ranking.excellent`` within the group's limit.

    Entries are :class:`RankEntry` or tuples ``(subject, group, total, band[, eligible])``. Candidates are the eligible
    subjects whose band is not the rubric's ``veto_band`` and — when ``excellent`` is also one of the rubric's bands —
    whose band already is ``excellent``; those left out then get ``demote_to``. Subjects tied on total are selected
    together or not at all, so the limit is never exceeded; once a tie is left out, no lower total is selected. The
    result keeps the input order.
    """
    rule = rubric.ranking
    if rule is None:
        raise ValueError(f"考核标准 {rubric.code} 没有排名规则（ranking）")
    veto_band = rubric.veto_band
    threshold = rule.excellent in {b.label for b in rubric.bands}
    items = [_entry(raw, index) for index, raw in enumerate(entries)]
    problems = []
    names = {g.name for g in rule.groups}
    for index, e in enumerate(items):
        if not isinstance(e.total, Decimal):
            problems.append(Problem(f"[{index}]", f"“{e.subject}”的总分应为 Decimal"))
        if names and e.group not in names:
            problems.append(Problem(f"[{index}]", f"“{e.subject}”的{rule.within or '分组'}“{e.group}”不在规则中"
                                                  f"（可用：{'、'.join(g.name for g in rule.groups)}）"))
    if problems:
        raise AnswerError(problems)

    outcome: dict[int, Ranked] = {}
    for group in dict.fromkeys(e.group for e in items):
        members = sorted((i for i, e in enumerate(items) if e.group == group), key=lambda i: -items[i].total)
        limit = group_limit(rule, len(members))
        where = f"{group}共 {len(members)} 个，{rule.excellent}名额 {limit} 个" if group else \
            f"共 {len(members)} 个，{rule.excellent}名额 {limit} 个"

        chosen: set[int] = set()
        left_out: set[int] = set()
        position = 0
        while position < len(members):
            tied = [i for i in members[position:] if items[i].total == items[members[position]].total]
            position += len(tied)
            wanted = [i for i in tied if _candidate(items[i], rule, veto_band, threshold)]
            if not wanted:
                continue
            if not left_out and len(chosen) + len(wanted) <= limit:
                chosen.update(wanted)
            else:
                left_out.update(wanted)

        for i in members:
            e = items[i]
            rank = 1 + sum(1 for j in members if items[j].total > e.total)
            if i in chosen:
                band, note = rule.excellent, f"第 {rank} 名，评为{rule.excellent}（{where}）"
            elif i in left_out:
                band = rule.demote_to if threshold else e.band
                note = f"第 {rank} 名，超出{rule.excellent}名额（{where}）" + (
                    f"，等次改为“{band}”" if threshold else "")
            else:
                band, note = e.band, f"第 {rank} 名"
                if threshold and e.band == rule.excellent:  # not a candidate, so it cannot keep 优秀
                    band = rule.demote_to
                    note += f"，不具备评{rule.excellent}资格，等次改为“{band}”"
                elif not e.eligible:
                    note += "，已取消评先评优资格"
                elif veto_band is not None and e.band == veto_band:
                    note += f"，{veto_band}"
            outcome[i] = Ranked(e.subject, e.group, e.total, rank, band, i in chosen, note)
    return [outcome[i] for i in range(len(items))]


