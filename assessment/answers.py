"""The evaluation form ↔ the engine's answer sheet (docs/rubrics.md §7.2), and the facts that pre-fill it.

* ``to_storage`` / ``from_storage``: answers in a JSONField. JSON has no Decimal, and the engine refuses floats, so a
  Decimal is written as a JSON number (an int when whole) and every JSON float is read back as the exact Decimal of
  its shortest text (``0.5`` → ``Decimal("0.5")``). Answers are on grids of 0.1 or coarser, so nothing is lost.
* ``parse_form`` turns the posted inputs (one per criterion, one per level of a per-level criterion) into answers;
  an empty input is *unanswered*. Unreadable input gives a Chinese message under the criterion's code; everything
  else is the engine's job (``score`` raises ``AnswerError`` with one message per bad code).
* ``raw_values`` is the reverse, for showing saved answers in the inputs.
* ``subject_facts`` computes the facts of ``scoring.rubric.facts.FACTS`` that this project knows for a subject.

Input names: ``a:<code>`` (``a:<code>:<level index>`` per level), ``n:<code>`` note, ``r:<code>`` override reason.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from scoring.common import fmt, number_problem
from scoring.rubric.facts import FACTS
from scoring.rubric.model import (
    ALL_OR_NOTHING,
    DEDUCT_PER_MISSING,
    JUDGED,
    PER_LEVEL,
    PER_UNIT,
    TIERED,
    VETO,
    Criterion,
    Rubric,
)

BOOL_RULES = (ALL_OR_NOTHING, VETO)
COUNT_RULES = (PER_UNIT, DEDUCT_PER_MISSING)
MAX_INPUT = 40  # characters; anything longer is not a score
_SPLIT = re.compile(r"[\s,，、;；]+")


def answer_name(code: str, level: int | None = None) -> str:
    return f"a:{code}" if level is None else f"a:{code}:{level}"


def note_name(code: str) -> str:
    return f"n:{code}"


def reason_name(code: str) -> str:
    return f"r:{code}"


# ----------------------------------------------------------------------------------------------- storage


def to_storage(value: Any) -> Any:
    """Answers (or facts) with Decimals → plain JSON values (numbers stay numbers)."""
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        return value
    if isinstance(value, dict):
        return {str(k): to_storage(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_storage(v) for v in value]
    return str(value)


def from_storage(value: Any) -> Any:
    """Stored JSON → the engine's answers: floats become exact Decimals."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: from_storage(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_storage(v) for v in value]
    return value


def same_answer(a: Any, b: Any) -> bool:
    """Two answers equal as the engine reads them (``2`` and ``2.0``, ``{"县级": 0}`` and ``{}`` alike)."""
    return _canonical(from_storage(to_storage(a))) == _canonical(from_storage(to_storage(b)))


def _canonical(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | Decimal):
        return Decimal(value).normalize()
    if isinstance(value, dict):
        return tuple(sorted((k, _canonical(v)) for k, v in value.items() if v not in (0, [], None)))
    if isinstance(value, list):
        return tuple(_canonical(v) for v in value)
    return value


# -------------------------------------------------------------------------------------------------- forms


class _Unreadable(ValueError):
    pass


def _decimal(text: str) -> Decimal:
    text = unicodedata.normalize("NFKC", text).strip()  # full-width digits from a Chinese input method
    if len(text) > MAX_INPUT:
        raise _Unreadable("输入过长")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _Unreadable(f"“{text}”不是数字") from None
    if not value.is_finite():
        raise _Unreadable(f"“{text}”不是数字")
    if number_problem(value):
        raise _Unreadable(f"“{text}”：{number_problem(value)}")
    if value < 0:
        raise _Unreadable("不能为负数")
    return value


def _count(text: str) -> int:
    value = _decimal(text)
    if value != value.to_integral_value():
        raise _Unreadable(f"“{text.strip()}”不是整数，请填写项数/次数")
    return int(value)


def _parse_criterion(c: Criterion, data) -> Any:
    """The answer for one criterion from the posted data; None when left empty."""
    if c.rule == PER_LEVEL:
        levels: dict[str, Any] = {}
        for index, level in enumerate(c.levels):
            raw = (data.get(answer_name(c.code, index)) or "").strip()
            if not raw:
                continue
            if level.ranged:  # "0": no measure at this level
                marks = [_decimal(piece) for piece in _SPLIT.split(raw) if piece]
                levels[level.name] = [] if marks == [0] else marks
            else:
                levels[level.name] = _count(raw)
        return levels or None
    raw = (data.get(answer_name(c.code)) or "").strip()
    if not raw:
        return None
    if c.rule in BOOL_RULES:
        if raw not in ("1", "0"):
            raise _Unreadable("请选择“达到”或“未达到”")
        return raw == "1"
    if c.rule in COUNT_RULES:
        return _count(raw)
    if c.rule in (TIERED, JUDGED):
        return _decimal(raw)
    raise _Unreadable("未知的计分规则")  # pragma: no cover - the loader knows every rule


def parse_form(rubric: Rubric, data) -> tuple[dict[str, Any], dict[str, str]]:
    """(answers, errors by code) from a POST; unreadable inputs are left out of the answers."""
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for _, _, criterion in rubric.iter_criteria():
        try:
            value = _parse_criterion(criterion, data)
        except _Unreadable as exc:
            errors[criterion.code] = str(exc)
            continue
        if value is not None:
            answers[criterion.code] = value
    return answers, errors


def raw_values(rubric: Rubric, answers: dict[str, Any]) -> dict[str, Any]:
    """What the inputs show for saved answers: a string per criterion, or a list of strings per level."""
    raw: dict[str, Any] = {}
    for _, _, c in rubric.iter_criteria():
        value = answers.get(c.code)
        if c.rule == PER_LEVEL:
            given = value if isinstance(value, dict) else {}
            row = []
            for level in c.levels:
                v = given.get(level.name)
                if v is None:
                    row.append("")
                elif isinstance(v, list):
                    row.append(", ".join(fmt(Decimal(x)) for x in v) or "0")
                elif level.ranged:  # a count of measures, each at the range's upper bound (docs/rubrics.md §7.2)
                    row.append(", ".join([fmt(level.points)] * int(v)) or "0")
                else:
                    row.append(str(v))
            if isinstance(value, dict) and not any(row) and row:
                row[0] = "0"  # answered, nothing at any level ("无")
            raw[c.code] = row
        elif value is None:
            raw[c.code] = ""
        elif isinstance(value, bool):
            raw[c.code] = "1" if value else "0"
        else:
            raw[c.code] = fmt(Decimal(value))
    return raw


def raw_from_post(rubric: Rubric, data) -> dict[str, Any]:
    """The inputs exactly as posted (kept on screen when a save is refused)."""
    raw: dict[str, Any] = {}
    for _, _, c in rubric.iter_criteria():
        if c.rule == PER_LEVEL:
            raw[c.code] = [(data.get(answer_name(c.code, i)) or "")[:MAX_INPUT] for i in range(len(c.levels))]
        else:
            raw[c.code] = (data.get(answer_name(c.code)) or "")[:MAX_INPUT]
    return raw


def describe(c: Criterion, value: Any) -> str:
    """A short Chinese reading of an answer, for the audit trail and the comparison page."""
    if value is None:
        return "未评"
    if isinstance(value, bool):
        return "达到" if value else "未达到"
    if isinstance(value, dict):
        parts = []
        for name, v in value.items():
            level = c.level(name)
            if isinstance(v, list):
                parts.append(f"{name} {'、'.join(fmt(Decimal(x)) for x in v)}")
            elif level is not None and level.ranged:
                parts.append(f"{name} {v} 项（每项按上限 {fmt(level.points)} 分计）")
            else:
                parts.append(f"{name} {v} 项")
        return "；".join(parts) or "无"
    if c.rule in COUNT_RULES:
        return f"{value} 项" if c.rule == PER_UNIT else f"缺 {value} 项"
    return f"{fmt(Decimal(value))} 分"


# -------------------------------------------------------------------------------------------------- facts


def subject_facts(subject, year: int | None = None, names=None) -> dict[str, Any]:
    """The facts this project computes for a centre or a station in ``year`` (default: this year; windows have
    none yet): ``names`` (default: every fact) limits the work to the facts a rubric binds.

    Centre facts come from ``centers`` (hall area, the 办不成事反映窗口); matter facts from ``matters.facts``; the
    rest from the providers registered in ``core.facts`` (trainings, staff, ratings and complaints, red flags,
    guidance), each asked only when one of its facts is wanted, in a fixed number of queries.
    """
    from centers.choices import WindowKind
    from centers.models import ServiceCentre, Station
    from core import facts as providers
    from matters.facts import facts_for, guides_published, station_online_proxy

    wanted = set(FACTS) if names is None else set(names)
    facts: dict[str, Any] = {}
    if isinstance(subject, ServiceCentre):
        if subject.hall_area is not None:
            facts["centre.hall_area_m2"] = Decimal(subject.hall_area)
        if wanted & {"centre.cannot_do_window_present", "centre.comprehensive_window_present"}:
            kinds = set(subject.windows.filter(active=True).values_list("kind", flat=True))
            facts["centre.cannot_do_window_present"] = WindowKind.CANNOT_DO in kinds
            facts["centre.comprehensive_window_present"] = WindowKind.COMPREHENSIVE in kinds
    if isinstance(subject, ServiceCentre | Station):
        if wanted & {name for name in FACTS if name.startswith("matters.")}:
            facts.update(facts_for(subject))
            facts["matters.guides_published"] = guides_published(subject)
            if isinstance(subject, Station):
                facts["matters.station_online_proxy"] = station_online_proxy(subject)
        facts.update(providers.compute(subject, year or timezone.localdate().year, wanted))
    return facts


def fact_links(rubric: Rubric, subject, year: int) -> dict[str, str]:
    """Fact name → the page listing the rows behind its value (core.facts providers), for the facts ``rubric`` binds."""
    from core import facts as providers

    names = {c.fact for _, _, c in rubric.iter_criteria() if c.fact}
    return {name: link for name in names if (link := providers.rows_link(name, subject, year))}


def bound_facts(rubric: Rubric, facts: dict[str, Any]) -> dict[str, Any]:
    """Only the facts some criterion of the rubric is bound to."""
    wanted = {c.fact for _, _, c in rubric.iter_criteria() if c.fact}
    return {name: value for name, value in facts.items() if name in wanted}
