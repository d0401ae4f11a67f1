"""The engine's result laid out for a page: sections → items → criteria, each criterion with its input, its score,
its note, its evidence and whether it was computed. Templates only print these rows; every number comes from
``scoring.rubric.score`` (the single source of truth), never from template arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assessment import answers as A
from scoring.common import ZERO, Problem, fmt
from scoring.rubric import AnswerError, CriterionResult, ItemResult, RubricResult, SectionResult, result_to_json, score
from scoring.rubric.facts import FACTS
from scoring.rubric.model import DEDUCTION, PER_LEVEL, TIERED, Criterion, Item, Level, Rubric, Section


def dom_id(code: str) -> str:
    return code.replace(".", "-")


# ---------------------------------------------------------------------------------------------- scoring


def score_lenient(rubric: Rubric, answers: dict[str, Any]) -> tuple[RubricResult | None, dict[str, str]]:
    """Score, leaving out (as unanswered) the answers the engine refuses; (result, messages by code)."""
    try:
        return score(rubric, answers), {}
    except AnswerError as exc:
        errors = _problems(exc.problems)
    kept = {code: value for code, value in answers.items() if code not in errors}
    try:
        return score(rubric, kept), errors
    except AnswerError as exc:  # pragma: no cover - the answers left are valid by construction
        errors.update(_problems(exc.problems))
        return None, errors


def _problems(problems: Iterable[Problem]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for p in problems:
        errors[p.path] = f"{errors[p.path]}；{p.message}" if p.path in errors else p.message
    return errors


def result_fields(result: RubricResult) -> dict[str, Any]:
    """What an evaluation stores of a result (computed by the engine, never by hand)."""
    data = result_to_json(result)
    data["parts"] = [{"title": p.title, "score": fmt(p.score), "max": fmt(p.max)} for p in result.parts]
    data["notes"] = list(result.notes)
    data["section_notes"] = {s.code: s.note for s in result.sections if s.note}
    return {
        "total": result.total, "max_total": result.max, "band": result.band or "", "vetoes": list(result.vetoes),
        "excellence_barred": result.excellence_barred, "unanswered": len(result.unanswered), "result": data,
    }


# ------------------------------------------------------------------------------------------------- rows


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class LevelInput:
    index: int
    level: Level
    raw: str
    name: str


@dataclass
class CriterionRow:
    criterion: Criterion
    item: Item
    section: Section
    result: CriterionResult | None
    raw: Any = ""
    choices: list[Choice] = field(default_factory=list)
    levels: list[LevelInput] = field(default_factory=list)
    computed: bool = False
    fact_label: str = ""
    fact_value: str = ""
    fact_link: str = ""  # the page listing the rows behind the fact's value (core.facts)
    prefill_text: str = ""
    overridden: bool = False
    note: str = ""
    reason: str = ""
    evidence: list = field(default_factory=list)
    error: str = ""
    answer_text: str = ""

    @property
    def code(self) -> str:
        return self.criterion.code

    @property
    def dom(self) -> str:
        return dom_id(self.criterion.code)

    @property
    def name(self) -> str:
        return A.answer_name(self.criterion.code)

    @property
    def note_name(self) -> str:
        return A.note_name(self.criterion.code)

    @property
    def reason_name(self) -> str:
        return A.reason_name(self.criterion.code)

    @property
    def basis(self) -> str:
        return self.criterion.basis or self.item.basis or ""

    @property
    def taking(self) -> bool:
        return self.section.role == DEDUCTION

    @property
    def lost(self) -> Decimal:
        """Points lost (base, bonus) or taken (deduction)."""
        if self.result is None:
            return ZERO
        return -self.result.score if self.taking else self.result.max - self.result.score


@dataclass
class ItemRow:
    item: Item
    result: ItemResult | None
    criteria: list[CriterionRow]
    documents: list = field(default_factory=list)  # library evidence (assessment.evidence.DocumentRow)
    photos: list = field(default_factory=list)  # on-site items: the last finalised evaluation's photos

    @property
    def dom(self) -> str:
        return dom_id(self.item.code)


@dataclass
class SectionRow:
    section: Section
    result: SectionResult | None
    items: list[ItemRow]

    @property
    def dom(self) -> str:
        return dom_id(self.section.code)

    @property
    def max(self) -> Decimal:
        return self.section.max


def _choices(c: Criterion) -> list[Choice]:
    if c.rule != TIERED:
        return []
    choices = [Choice(fmt(t.points), f"{t.label}（{fmt(t.points)} 分）") for t in c.tiers]
    if not any(t.points == ZERO for t in c.tiers):
        choices.append(Choice("0", "均未达到（0 分）"))
    return choices


def build(
    rubric: Rubric,
    *,
    result: RubricResult | None,
    raw: dict[str, Any] | None = None,
    answers: dict[str, Any] | None = None,
    prefilled: dict[str, Any] | None = None,
    facts: dict[str, Any] | None = None,
    notes: dict[str, str] | None = None,
    reasons: dict[str, str] | None = None,
    evidence: dict[str, list] | None = None,
    errors: dict[str, str] | None = None,
) -> list[SectionRow]:
    """The rows of a sheet. ``raw`` (input texts) defaults to the answers' own; ``prefilled``/``facts`` mark
    computed criteria (and whether the answer now differs from what was computed)."""
    answers = answers or {}
    raw = raw if raw is not None else A.raw_values(rubric, answers)
    prefilled, facts = prefilled or {}, facts or {}
    notes, reasons, evidence, errors = notes or {}, reasons or {}, evidence or {}, errors or {}
    sections = []
    for section in rubric.sections:
        s_result = result.section(section.code) if result else None
        items = []
        for item in section.items:
            i_result = result.item(item.code) if result else None
            rows = []
            for c in item.criteria:
                computed = c.code in prefilled
                row = CriterionRow(
                    criterion=c, item=item, section=section,
                    result=result.criterion(c.code) if result else None,
                    raw=raw.get(c.code, ""), choices=_choices(c), computed=computed,
                    note=notes.get(c.code, ""), reason=reasons.get(c.code, ""),
                    evidence=evidence.get(c.code, []), error=errors.get(c.code, ""),
                    answer_text=A.describe(c, answers.get(c.code)),
                )
                if c.rule == PER_LEVEL:
                    values = row.raw if isinstance(row.raw, list) else [""] * len(c.levels)
                    row.levels = [LevelInput(i, lv, values[i] if i < len(values) else "", A.answer_name(c.code, i))
                                  for i, lv in enumerate(c.levels)]
                if computed:
                    fact = FACTS.get(c.fact or "")
                    row.fact_label = fact.description if fact else (c.fact or "")
                    value = facts.get(c.fact or "")
                    row.fact_value = _fact_text(value)
                    row.prefill_text = A.describe(c, A.from_storage(prefilled[c.code]))
                    row.overridden = not A.same_answer(answers.get(c.code), A.from_storage(prefilled[c.code]))
                rows.append(row)
            items.append(ItemRow(item, i_result, rows))
        sections.append(SectionRow(section, s_result, items))
    return sections


def _fact_text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return "—"
    if isinstance(value, float | Decimal):
        return fmt(Decimal(repr(value)) if isinstance(value, float) else value)
    return str(value)


def attach_fact_links(sections: list[SectionRow], links: dict[str, str]) -> list[SectionRow]:
    """Put on each computed row the address of the rows behind its fact (``answers.fact_links``)."""
    for section in sections:
        for item in section.items:
            for row in item.criteria:
                if row.computed:
                    row.fact_link = links.get(row.criterion.fact or "", "")
    return sections


def attach_library(sections: list[SectionRow], documents: dict[str, list], photos: dict[str, list] | None = None):
    """Put each item's library documents (and last photos) on its row; returns ``sections``."""
    photos = photos or {}
    for section in sections:
        for item in section.items:
            item.documents = documents.get(item.item.code, [])
            item.photos = photos.get(item.item.code, [])
    return sections


def criteria_rows(sections: list[SectionRow]) -> Iterable[CriterionRow]:
    for s in sections:
        for i in s.items:
            yield from i.criteria
