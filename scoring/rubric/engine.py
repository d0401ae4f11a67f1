"""Score an answer sheet against a rubric (docs/rubrics.md §2–§4, §7.2). Pure, Decimal throughout.

:func:`score` validates the whole sheet first: any invalid answer raises :class:`AnswerError` listing every problem
by criterion code, and nothing is scored. Each criterion is scored by one small function per rule type that returns
the points *earned* (base, bonus) or *taken* (deduction) — never negative, never above the criterion's points — and
a short Chinese note; items, sections, parts, the total and the band are then added up with their caps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scoring.common import ZERO, Problem, fmt

from .model import (
    ALL_OR_NOTHING,
    BAR_EXCELLENCE,
    BONUS,
    DEDUCT_PER_MISSING,
    DEDUCTION,
    JUDGED,
    LIMIT_BONUS,
    PER_LEVEL,
    PER_UNIT,
    TIERED,
    VETO,
    VOID,
    Criterion,
    Item,
    Rubric,
    Section,
)


@dataclass
class AnswerError(Exception):
    """An answer sheet (or fact values, or ranking entries) that cannot be scored; one Problem per bad code."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass(frozen=True)
class CriterionResult:
    code: str
    rule: str
    text: str
    score: Decimal  # the signed contribution to the total (negative for a deduction)
    max: Decimal  # the best possible contribution (0 for a deduction)
    note: str
    answered: bool
    veto_failed: bool = False


@dataclass(frozen=True)
class ItemResult:
    code: str
    title: str
    label: str | None
    score: Decimal
    max: Decimal
    criteria: tuple[CriterionResult, ...]
    note: str = ""


@dataclass(frozen=True)
class SectionResult:
    code: str
    title: str
    role: str
    score: Decimal
    max: Decimal
    items: tuple[ItemResult, ...]
    note: str = ""


@dataclass(frozen=True)
class PartResult:
    title: str
    sections: tuple[str, ...]
    score: Decimal
    max: Decimal


@dataclass(frozen=True)
class RubricResult:
    rubric: str
    version: int
    title: str
    total: Decimal
    max: Decimal
    band: str | None
    vetoes: tuple[str, ...]  # codes of failed veto criteria, whatever their effect
    excellence_barred: bool
    unanswered: tuple[str, ...]
    sections: tuple[SectionResult, ...]
    parts: tuple[PartResult, ...] = ()
    notes: tuple[str, ...] = ()  # band-level explanations (veto, excellence barred)

    def criterion(self, code: str) -> CriterionResult | None:
        return next((c for s in self.sections for i in s.items for c in i.criteria if c.code == code), None)

    def item(self, code: str) -> ItemResult | None:
        return next((i for s in self.sections for i in s.items if i.code == code), None)

    def section(self, code: str) -> SectionResult | None:
        return next((s for s in self.sections if s.code == code), None)


class _Bad(Exception):
    """One invalid answer; its message becomes a Problem under the criterion's code."""


# -- reading answer values -------------------------------------------------------------------------------------
def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise _Bad("此处应为数值，不是 true/false")
    if isinstance(value, float):
        raise _Bad(f"数值 {value!r} 是浮点数；请以 JSON 数字（按精确小数读取）或 Decimal 提供")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    raise _Bad(f"应为数值，而不是 {value!r}")


def _count(value: Any, what: str = "数量") -> int:
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or isinstance(value, float):
        raise _Bad(f"{what}应为不小于 0 的整数，而不是 {value!r}")
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise _Bad(f"{what}应为整数，而不是 {value}")
        value = int(value)
    if value < 0:
        raise _Bad(f"{what}不能为负数（{value}）")
    return value


def _grid_text(low: Decimal | None, high: Decimal, step: Decimal) -> str:
    if low is None:
        return f"0—{fmt(high)} 之间、步长 {fmt(step)} 的数值"
    return f"0，或 {fmt(low)}—{fmt(high)} 之间、步长 {fmt(step)} 的数值"


def _on_grid(value: Decimal, low: Decimal | None, high: Decimal, step: Decimal) -> bool:
    if value == ZERO:
        return True
    base = low if low is not None else ZERO
    return base <= value <= high and (value - base) % step == ZERO


# -- one function per rule type: (criterion, value, taking) -> (raw points, note) --------------------------------
# ``taking`` is True in a deduction section: the value says how much is taken, and the note speaks of 扣分.
def _capped(total: Decimal, cap: Decimal, detail: str, taking: bool) -> tuple[Decimal, str]:
    """``detail`` (e.g. "5 项 × 0.5") adds up to ``total``; the criterion counts at most ``cap``."""
    if total > cap:
        verdict = f"扣 {fmt(cap)} 分" if taking else f"按 {fmt(cap)} 分计"
        return cap, f"{detail} = {fmt(total)} 分,超过上限 {fmt(cap)} 分,{verdict}"
    if taking:
        return total, f"{detail} 分,扣 {fmt(total)} 分"
    return total, f"{detail} = {fmt(total)} 分"


def _score_tiered(c: Criterion, value: Any, taking: bool) -> tuple[Decimal, str]:
    points = _number(value)
    for tier in c.tiers:
        if tier.points == points:
            return points, "" if points == c.points else f"{tier.label},得 {fmt(points)} 分"
    if points == ZERO:
        return ZERO, "未达到任何档次,得 0 分"
    choices = "、".join(fmt(t.points) for t in c.tiers) + ("" if any(t.points == ZERO for t in c.tiers) else "、0")
    raise _Bad(f"{fmt(points)} 不是本标准的档次分值（可选：{choices}）")


def _score_per_unit(c: Criterion, value: Any, taking: bool) -> tuple[Decimal, str]:
    units = _count(value, "项数" if not taking else "次数")
    if c.max_units is not None and units > c.max_units:
        raise _Bad(f"项数 {units} 超过本标准可计的最多 {c.max_units} 项")
    if units == 0:
        return ZERO, "" if taking else "0 项,得 0 分"
    detail = f"{units} {'次' if taking else '项'} × {fmt(c.unit_points)}"
    return _capped(units * c.unit_points, c.points, detail, taking)


def _score_per_level(c: Criterion, value: Any, taking: bool) -> tuple[Decimal, str]:
    """A count per fixed level; per ranged level (D5) either the list of points given, one per measure, or a count
    of measures, each then counted at the range's upper bound (the note says so)."""
    names = "、".join(lv.name for lv in c.levels)
    if not isinstance(value, Mapping):
        raise _Bad(f"应为以级别名称为键的对象（级别：{names}）")
    total = ZERO
    pieces: list[str] = []
    at_upper: list[str] = []  # ranged levels given as a count
    for name, given in value.items():
        level = c.level(name)
        if level is None:
            raise _Bad(f"未知级别“{name}”（可用：{names}）")
        if not level.ranged:
            count = _count(given, f"“{name}”的条数")
            if count:
                total += count * level.points
                pieces.append(f"{name} {count} × {fmt(level.points)}")
            continue
        if not isinstance(given, list):
            try:
                count = _count(given, f"“{name}”的项数")
            except _Bad as exc:
                raise _Bad(f"{exc}；“{name}”每项分值由考核人员在 {fmt(level.min)}—{fmt(level.points)} 之间选定，"
                           f"请给出每项所得分值的列表，如 [{fmt(level.points)}]，或只给项数（每项按上限 "
                           f"{fmt(level.points)} 分计）") from None
            if count:
                total += count * level.points
                pieces.append(f"{name} {count} × {fmt(level.points)}")
                at_upper.append(f"{name} {count} 项,未给分值,按每项上限 {fmt(level.points)} 分计")
            continue
        marks = []
        for mark in given:
            mark = _number(mark)
            if not (level.min <= mark <= level.points and (mark - level.min) % level.step == ZERO):
                raise _Bad(f"“{name}”每项分值应在 {fmt(level.min)}—{fmt(level.points)} 之间、步长 {fmt(level.step)}，"
                           f"而不是 {fmt(mark)}")
            marks.append(mark)
        if marks:
            total += sum(marks, ZERO)
            pieces.append(f"{name} {len(marks)} 项({' + '.join(fmt(m) for m in marks)})")
    if not pieces:
        return ZERO, "" if taking else "无,得 0 分"
    points, note = _capped(total, c.points, " + ".join(pieces), taking)
    return points, ";".join([*at_upper, note])


def _score_deduct_per_missing(c: Criterion, value: Any, taking: bool) -> tuple[Decimal, str]:
    missing = _count(value, "缺少的项数")
    if missing == 0:
        return c.points, ""
    deduction = missing * c.per_missing
    if deduction >= c.points:
        return ZERO, f"少 {missing} 项,应扣 {fmt(deduction)} 分,扣完为止,得 0 分"
    return c.points - deduction, f"少 {missing} 项,扣 {fmt(deduction)} 分"


def _score_judged(c: Criterion, value: Any, taking: bool) -> tuple[Decimal, str]:
    points = _number(value)
    if not _on_grid(points, c.min, c.points, c.step):
        raise _Bad(f"{fmt(points)} 不可用：应为{_grid_text(c.min, c.points, c.step)}")
    if taking:
        return points, f"扣 {fmt(points)} 分" if points > ZERO else ""
    return points, "" if points == c.points else f"评定 {fmt(points)} 分(满分 {fmt(c.points)} 分)"


RULE_SCORERS: dict[str, Callable[[Criterion, Any, bool], tuple[Decimal, str]]] = {
    TIERED: _score_tiered,
    PER_UNIT: _score_per_unit,
    PER_LEVEL: _score_per_level,
    DEDUCT_PER_MISSING: _score_deduct_per_missing,
    JUDGED: _score_judged,
}


def _veto_note(c: Criterion, rubric: Rubric) -> str:
    if c.effect == BAR_EXCELLENCE:
        return "未通过:取消评先评优资格"
    return f"一票否决项未通过:等次为“{rubric.veto_band}”"


def _score_criterion(rubric: Rubric, section: Section, c: Criterion, value: Any) -> CriterionResult:
    taking = section.role == DEDUCTION
    best = ZERO if taking else c.points
    if value is None:
        return CriterionResult(c.code, c.rule, c.text, ZERO, best, "未作答,未扣分" if taking else "未作答,按 0 分计",
                               answered=False)
    veto_failed = False
    if isinstance(value, bool):
        # For any criterion: true = full marks (met), false = 0 (not met). A deduction's full marks = nothing taken.
        if taking:
            raw = ZERO if value else c.points
            note = "" if value else f"扣 {fmt(c.points)} 分(按最多扣分计)"
        else:
            raw = c.points if value else ZERO
            note = "" if value else "未达到要求,得 0 分"
        if c.rule == VETO and not value:
            veto_failed = True
            note = _veto_note(c, rubric) + (",本项得 0 分" if c.points > ZERO else "")
    elif c.rule in (ALL_OR_NOTHING, VETO):
        raise _Bad("应为 true（达到）或 false（未达到）")
    else:
        raw, note = RULE_SCORERS[c.rule](c, value, taking)
    return CriterionResult(c.code, c.rule, c.text, -raw if taking else raw, best, note, answered=True,
                           veto_failed=veto_failed)


# -- adding up -------------------------------------------------------------------------------------------------
def _item_result(item: Item, taking: bool, criteria: list[CriterionResult]) -> ItemResult:
    total = sum((c.score for c in criteria), ZERO)
    note = ""
    if item.capped and abs(total) > item.points:
        note = f"本项合计 {fmt(abs(total))} 分,超过上限 {fmt(item.points)} 分,按 {fmt(item.points)} 分计"
        total = -item.points if taking else item.points
    return ItemResult(item.code, item.title, item.label, total, ZERO if taking else item.points, tuple(criteria),
                      note)


def _section_result(section: Section, items: list[ItemResult], bonus_counted: Decimal) -> SectionResult:
    total = sum((i.score for i in items), ZERO)
    note = ""
    if section.role == DEDUCTION:
        taken = -total
        if section.limit == LIMIT_BONUS and taken > bonus_counted:
            note = (f"减分合计 {fmt(taken)} 分,超过实得加分 {fmt(bonus_counted)} 分,"
                    f"按 {fmt(bonus_counted)} 分计(减分总数不超过加分总数)")
            total = -bonus_counted
    elif (section.role == BONUS or section.capped) and total > section.points:
        what = "加分合计" if section.role == BONUS else "本部分合计"
        limit = "加分上限" if section.role == BONUS else "上限"
        note = f"{what} {fmt(total)} 分,超过{limit} {fmt(section.points)} 分,按 {fmt(section.points)} 分计"
        total = section.points
    return SectionResult(section.code, section.title, section.role, total, section.max, tuple(items), note)


def score(rubric: Rubric, answers: Mapping[str, Any]) -> RubricResult:
    """Score ``answers`` (criterion code → value, docs/rubrics.md §7.2); raise AnswerError if any is invalid."""
    if not isinstance(answers, Mapping):
        raise AnswerError([Problem("", "答卷应为以评估标准编号（如 1.1.1）为键的 JSON 对象")])
    problems: list[Problem] = []
    criterion_codes = {c.code for _, _, c in rubric.iter_criteria()}
    other_codes = {s.code: "评估内容" for s in rubric.sections} | {i.code: "评估项目" for _, i in rubric.iter_items()}
    for key in answers:
        if key in criterion_codes:
            continue
        if key in other_codes:
            problems.append(Problem(str(key), f"“{key}”是{other_codes[key]}编号，请按评估标准编号（如 {key}.1）作答"))
        else:
            problems.append(Problem(str(key), f"未知的评估标准编号“{key}”"))

    scored: dict[str, CriterionResult] = {}
    for section, _, criterion in rubric.iter_criteria():
        try:
            scored[criterion.code] = _score_criterion(rubric, section, criterion, answers.get(criterion.code))
        except _Bad as exc:
            problems.append(Problem(criterion.code, str(exc)))
    if problems:
        raise AnswerError(problems)

    # Bonuses are counted (with their caps) before deductions, which may be limited by them.
    section_results: dict[str, SectionResult] = {}
    bonus_counted = ZERO
    for section in sorted(rubric.sections, key=lambda s: s.role == DEDUCTION):
        taking = section.role == DEDUCTION
        items = [_item_result(item, taking, [scored[c.code] for c in item.criteria]) for item in section.items]
        result = _section_result(section, items, bonus_counted)
        if section.role == BONUS:
            bonus_counted += result.score
        section_results[section.code] = result
    sections = tuple(section_results[s.code] for s in rubric.sections)
    total = sum((s.score for s in sections), ZERO)

    all_results = [scored[c.code] for _, _, c in rubric.iter_criteria()]
    failed = [(c, scored[c.code]) for _, _, c in rubric.iter_criteria() if scored[c.code].veto_failed]
    band = rubric.band_for(total)
    notes: list[str] = []
    voids = [c.code for c, _ in failed if c.effect == VOID]
    barred = [c.code for c, _ in failed if c.effect == BAR_EXCELLENCE]
    if voids:
        band = rubric.veto_band
        notes.append(f"一票否决项 {'、'.join(voids)} 未通过，等次为“{rubric.veto_band}”（总分 {fmt(total)} 不变）")
    if barred:
        notes.append(f"{'、'.join(barred)} 未通过：取消评先评优资格")
        r = rubric.ranking
        if not voids and r is not None and band == r.excellent and r.demote_to is not None:
            notes.append(f"等次由“{r.excellent}”降为“{r.demote_to}”")
            band = r.demote_to

    parts = tuple(
        PartResult(p.title, p.sections, sum((section_results[code].score for code in p.sections), ZERO), p.points)
        for p in rubric.parts
    )
    return RubricResult(
        rubric=rubric.code, version=rubric.version, title=rubric.title, total=total, max=rubric.points, band=band,
        vetoes=tuple(c.code for c, _ in failed), excellence_barred=bool(barred),
        unanswered=tuple(r.code for r in all_results if not r.answered), sections=sections, parts=parts,
        notes=tuple(notes),
    )
