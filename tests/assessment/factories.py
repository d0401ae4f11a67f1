"""Assessment test data built in code: published rubric versions, evaluations through the services, full answer
sheets, guidance records. ``walk_object`` makes (once per county) what the scope walk needs (tests/scopewalk.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings

from assessment import services
from assessment.models import Evaluation, EvaluationKind, GuidanceRecord, RubricVersion
from assessment.rubrics import RUBRICS, rubric_of
from core.definitions import import_definition
from scoring.rubric.model import ALL_OR_NOTHING, DEDUCT_PER_MISSING, JUDGED, PER_LEVEL, PER_UNIT, TIERED, VETO
from tests.factories import County


def published(code: str = "baolin-station") -> RubricVersion:
    path = settings.FIXTURES_DIR / "rubrics" / f"{code}.yaml"
    return import_definition(RUBRICS, path.read_bytes(), source_name=path.name, publish=True).obj


def publish_text(text: str) -> RubricVersion:
    return import_definition(RUBRICS, text, source_name="test.yaml", publish=True).obj


def full_answers(version: RubricVersion) -> dict[str, Any]:
    """Answers giving every criterion its full marks (nothing taken in a deduction section)."""
    out: dict[str, Any] = {}
    for section, _, c in rubric_of(version).iter_criteria():
        taking = section.role == "deduction"
        if c.rule in (ALL_OR_NOTHING, VETO):
            out[c.code] = True
        elif c.rule == TIERED:
            out[c.code] = c.points
        elif c.rule == PER_UNIT:
            out[c.code] = 0 if taking else int((c.points / c.unit_points).to_integral_value(rounding="ROUND_CEILING"))
        elif c.rule == DEDUCT_PER_MISSING:
            out[c.code] = 0
        elif c.rule == JUDGED:
            out[c.code] = Decimal(0) if taking else c.points
        elif c.rule == PER_LEVEL:
            out[c.code] = {}
    return out


def form_data(version: RubricVersion, answers: dict[str, Any], revision: int, **extra) -> dict[str, str]:
    """The POST of the evaluation form for ``answers`` (engine format)."""
    from assessment import answers as A

    rubric = rubric_of(version)
    raw = A.raw_values(rubric, answers)
    data = {"revision": str(revision)}
    for _, _, c in rubric.iter_criteria():
        if c.rule == PER_LEVEL:
            for i, value in enumerate(raw[c.code]):
                data[A.answer_name(c.code, i)] = value
        else:
            data[A.answer_name(c.code)] = raw[c.code]
    data.update(extra)
    return data


def evaluation(c: County, *, kind: str = EvaluationKind.SELF, subject=None, version: RubricVersion | None = None,
               period: int = 2025, actor=None, answers: dict | None = None, state: str = "draft",
               on: date | None = None) -> Evaluation:
    """An evaluation made through the services: started, optionally answered, submitted and finalised."""
    subject = subject if subject is not None else c.centre
    if version is None:
        kind_of = type(subject).__name__
        version = published({"ServiceCentre": "baolin-centre", "Station": "baolin-station",
                             "Window": "meishan-window"}[kind_of])
    actor = actor or (c.director if kind == EvaluationKind.SELF else c.inspector)
    started = services.evaluation_start(actor=actor, subject=subject, rubric=version, kind=kind, period=period,
                                        evaluated_on=on)
    assert not started.existing, f"{started.evaluation} is already open: finalise it or use another year or kind"
    obj = started.evaluation
    if answers is not None:
        reasons = {}
        for code in obj.prefilled:
            reasons[f"r:{code}"] = "现场核实与系统数据不一致"
        services.evaluation_save(actor=actor, evaluation=obj, revision=obj.revision,
                                 data=form_data(version, answers, obj.revision, **reasons))
        obj.refresh_from_db()
    if state in ("submitted", "finalised"):
        services.evaluation_move(actor=actor, evaluation=obj, action="submit")
    if state == "finalised":
        services.evaluation_move(actor=actor, evaluation=obj, action="finalise")
    obj.refresh_from_db()
    return obj


def guidance(c: County, *, station=None, on: date | None = None, actor=None) -> GuidanceRecord:
    record = GuidanceRecord(guided_on=on or date(2025, 6, 3), participants="李明 县行政审批局 考核组组长",
                            problems="窗口标识不统一", suggestions="统一窗口标识")
    return services.guidance_save(actor=actor or c.inspector, record=record, unit=station or c.centre)


def walk_object(kind: str, c: County) -> int:
    """One object of each kind inside the county, made once (the scope walk asks for each argument separately)."""
    evaluation_ = Evaluation.objects.filter(centre=c.centre, kind=EvaluationKind.SELF).order_by("pk").first()
    if evaluation_ is None:
        evaluation_ = evaluation(c, version=published("baolin-centre"))
    if kind == "evaluation":
        return evaluation_.pk
    if kind == "evidence":
        existing = evaluation_.evidence.first()
        if existing is None:
            from django.core.files.uploadedfile import SimpleUploadedFile

            existing = services.evidence_add(actor=c.director, evaluation=evaluation_, code="1.1.1",
                                             upload=SimpleUploadedFile("photo.png", png_bytes()))
        return existing.pk
    record = GuidanceRecord.objects.filter(centre=c.centre).order_by("pk").first() or guidance(c)
    if kind == "guidance":
        return record.pk
    if kind == "rectification":
        item = record.items.first() or services.rectification_add(
            actor=c.inspector, record=record, problem="窗口标识不统一", measure="统一更换", owner="主任",
            limit_days=10)
        return item.pk
    raise KeyError(kind)


def png_bytes(size: tuple[int, int] = (4, 3)) -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def score_of(version: RubricVersion, answers: dict):
    from scoring.rubric import score

    return score(rubric_of(version), answers)


def form_for(evaluation: Evaluation, answers: dict, revision: int | None = None, *, keep_computed: bool = True,
             **extra) -> dict[str, str]:
    """``form_data`` for ``answers``; computed (pre-filled) answers stay as computed unless ``keep_computed`` is
    False (then ``answers`` may override them, which needs a reason)."""
    from assessment import answers as A

    computed = A.from_storage(evaluation.prefilled)
    merged = {**answers, **computed} if keep_computed else {**computed, **answers}
    return form_data(evaluation.rubric, merged, evaluation.revision if revision is None else revision, **extra)


def effective(evaluation: Evaluation, answers: dict) -> dict:
    """The answers ``form_for`` posts (computed answers kept)."""
    from assessment import answers as A

    return {**answers, **A.from_storage(evaluation.prefilled)}


def county_rows(user, county):
    from assessment import reports

    return reports.county_overview(user, county)
