"""Demo evaluations for ``seed_demo``: in the demo county, last year's finalised self-assessments and acceptance
inspections of every centre, this year's inspections (finalised for some centres, a draft for one), station
evaluations, a submitted window spot check, and a guidance record made from lost items, with open, overdue and
closed rectification items. Everything goes through the services (audit included). Deterministic for a given
seed; running it again keeps the data (a county that already has evaluations is left alone).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from assessment import answers as A
from assessment import services
from assessment.models import Evaluation, EvaluationKind, RubricVersion
from assessment.rubrics import RUBRICS, rubric_of
from centers.demo import DemoCounty
from core.definitions import import_definition, latest_published
from scoring.rubric.model import ALL_OR_NOTHING, DEDUCT_PER_MISSING, JUDGED, PER_LEVEL, PER_UNIT, TIERED, VETO

DEMO_RUBRICS = ("baolin-centre", "baolin-station", "meishan-window")


def _rubric(code: str) -> RubricVersion:
    version = latest_published(RUBRICS, code)
    if version is None:
        path = settings.FIXTURES_DIR / "rubrics" / f"{code}.yaml"
        version = import_definition(RUBRICS, path.read_bytes(), source_name=path.name, publish=True).obj
    return version


def sample_answers(version: RubricVersion, rng: random.Random, quality: float) -> dict[str, Any]:
    """A complete answer sheet: each criterion met with probability ``quality``, otherwise partly or not at all."""
    out: dict[str, Any] = {}
    for section, _, c in rubric_of(version).iter_criteria():
        good = rng.random() < quality
        taking = section.role == "deduction"
        if c.rule in (ALL_OR_NOTHING, VETO):
            out[c.code] = good or (c.rule == VETO and rng.random() < 0.8)
        elif c.rule == TIERED:
            out[c.code] = c.tiers[0].points if good else c.tiers[min(1, len(c.tiers) - 1)].points
        elif c.rule == PER_UNIT:
            full = int(-(-c.points // c.unit_points))
            out[c.code] = 0 if taking and good else (rng.randint(1, 2) if taking else (full if good else full // 2))
        elif c.rule == DEDUCT_PER_MISSING:
            out[c.code] = 0 if good else rng.randint(1, 3)
        elif c.rule == JUDGED:
            if taking:
                out[c.code] = Decimal(0) if good else (c.min or c.step)
            else:
                out[c.code] = c.points if good else max(Decimal(0), c.points - c.step * rng.randint(1, 2))
        elif c.rule == PER_LEVEL:
            fixed = [lv for lv in c.levels if not lv.ranged]
            out[c.code] = {fixed[0].name: rng.randint(1, 3)} if fixed and good else {}
    return out


def _post(version: RubricVersion, answers: dict[str, Any], revision: int, extra: dict[str, str]) -> dict[str, str]:
    rubric = rubric_of(version)
    raw = A.raw_values(rubric, answers)
    data = {"revision": str(revision), **extra}
    for _, _, c in rubric.iter_criteria():
        if c.rule == PER_LEVEL:
            for i, value in enumerate(raw[c.code]):
                data[A.answer_name(c.code, i)] = value
        else:
            data[A.answer_name(c.code)] = raw[c.code]
    return data


def _evaluate(*, actor, subject, version, kind, period, on, rng, quality, state, remarks="") -> Evaluation:
    evaluation = services.evaluation_start(actor=actor, subject=subject, rubric=version, kind=kind, period=period,
                                           evaluated_on=on).evaluation
    answers = sample_answers(version, rng, quality)
    extra = {"remarks": remarks}
    for code in evaluation.prefilled:
        if not A.same_answer(answers.get(code), A.from_storage(evaluation.prefilled[code])):
            extra[A.reason_name(code)] = "现场核实，以实际进驻情况为准"
    lost = [code for code, value in answers.items() if value is False or value == {}]
    for code in lost[:3]:
        extra[A.note_name(code)] = rng.choice(["现场未见相关资料", "标识未按要求设置", "制度未上墙公示"])
    services.evaluation_save(actor=actor, evaluation=evaluation, revision=evaluation.revision,
                             data=_post(version, answers, evaluation.revision, extra))
    evaluation.refresh_from_db()
    if state in ("submitted", "finalised"):
        services.evaluation_move(actor=actor, evaluation=evaluation, action="submit")
    if state == "finalised":
        services.evaluation_move(actor=actor, evaluation=evaluation, action="finalise")
    evaluation.refresh_from_db()
    return evaluation


def _user(username: str, display_name: str, role: str, **ties) -> User:
    """The demo account seed_demo makes right after the app seeders (made here first, same fields, same password)."""
    from accounts.demo import _account

    return _account(username, display_name, role, **ties)


def demo_rubrics() -> dict[str, RubricVersion]:
    """The rubrics the demo evaluates against (loaded and published when missing); seed_demo loads them first, so
    that the library's seeder can tag documents to their items."""
    return {code: _rubric(code) for code in DEMO_RUBRICS}


@transaction.atomic
def seed(counties: list[DemoCounty], rng: random.Random) -> None:
    main = counties[0]
    if Evaluation.objects.filter(centre__region__parent=main.county).exists():
        return
    versions = demo_rubrics()
    inspector = _user("inspector", "县考核组 李明", Role.INSPECTOR, region=main.county)
    first = main.centres[0]
    director = _user("director", f"{first.region.name}中心主任", Role.DIRECTOR, centre=first)
    today = timezone.localdate()
    this_year, last_year = today.year, today.year - 1
    for index, centre in enumerate(main.centres):
        boss = director if centre.pk == first.pk else User.objects.filter(centre=centre, role=Role.DIRECTOR).first()
        boss = boss or _user(f"director-{centre.region.code}", f"{centre.region.name}中心主任", Role.DIRECTOR,
                             centre=centre)
        version = versions["baolin-centre"]
        _evaluate(actor=boss, subject=centre, version=version, kind=EvaluationKind.SELF, period=last_year,
                  on=date(last_year, 11, 10 + index), rng=rng, quality=0.93, state="finalised",
                  remarks="已按标准逐项自查，佐证材料已整理归档。")
        _evaluate(actor=inspector, subject=centre, version=version, kind=EvaluationKind.ACCEPTANCE, period=last_year,
                  on=date(last_year, 12, 2 + index), rng=rng, quality=0.82, state="finalised",
                  remarks="总体达到示范中心建设要求，个别项目需整改。")
        if index < 2:
            _evaluate(actor=boss, subject=centre, version=version, kind=EvaluationKind.SELF, period=this_year,
                      on=today - timedelta(days=40 - index), rng=rng, quality=0.95, state="finalised")
            _evaluate(actor=inspector, subject=centre, version=version, kind=EvaluationKind.SPOT, period=this_year,
                      on=today - timedelta(days=30 - index), rng=rng, quality=0.9, state="finalised")
        else:
            _evaluate(actor=inspector, subject=centre, version=version, kind=EvaluationKind.ACCEPTANCE,
                      period=this_year, on=today, rng=rng, quality=0.85, state="draft")
    for index, station in enumerate([s for s in main.stations if s.centre_id == first.pk][:3]):
        version = versions["baolin-station"]
        _evaluate(actor=director, subject=station, version=version, kind=EvaluationKind.SELF, period=this_year,
                  on=today - timedelta(days=20 + index), rng=rng, quality=0.9, state="finalised")
        _evaluate(actor=inspector, subject=station, version=version, kind=EvaluationKind.SPOT, period=this_year,
                  on=today - timedelta(days=10 + index), rng=rng, quality=0.8,
                  state="finalised" if index < 2 else "submitted")
    window = first.windows.order_by("number").first()
    if window is not None:
        _evaluate(actor=inspector, subject=window, version=versions["meishan-window"], kind=EvaluationKind.UNANNOUNCED,
                  period=this_year, on=today - timedelta(days=5), rng=rng, quality=0.85, state="submitted")
    _guidance(first, inspector, director, today)


def _guidance(centre, inspector: User, director: User, today: date) -> None:
    """A guidance record from the first centre's acceptance inspection: open, overdue and closed items."""
    inspection = (Evaluation.objects.filter(centre=centre, subject_kind="centre", kind=EvaluationKind.ACCEPTANCE,
                                            state="finalised").order_by("period").first())
    if inspection is None:
        return
    record, _ = services.rectifications_from_evaluation(actor=inspector, evaluation=inspection, limit_days=15,
                                                        owner=str(director))
    record.participants = "县考核组 李明 县行政审批局 考核组组长\n县考核组 王芳 县政务服务中心 科员"
    services.guidance_save(actor=inspector, record=record)
    items = list(record.items.order_by("pk"))
    if not items:
        items = [services.rectification_add(actor=inspector, record=record, problem="大厅导视标识不完整",
                                            measure="增设交通指引牌和大厅导视图", owner=str(director), limit_days=15)]
    for position, item in enumerate(items):
        if position % 3 == 0:
            services.rectification_move(actor=director, item=item, action="report",
                                        text="已按要求整改到位，附整改前后照片。")
            services.rectification_move(actor=inspector, item=item, action="accept", text="现场复核，整改到位。")
        elif position % 3 == 1:
            services.rectification_move(actor=director, item=item, action="report", text="已完成整改，请复核。")
    fresh = services.guidance_save(actor=inspector, record=_new_record(today), unit=centre)
    services.rectification_add(actor=inspector, record=fresh, problem="自助服务区设备故障未及时报修",
                               measure="建立设备巡检台账，每日巡检", owner=str(director), limit_days=10)


def _new_record(today: date):
    from assessment.models import GuidanceRecord

    return GuidanceRecord(guided_on=today - timedelta(days=3), participants="县考核组 李明 县行政审批局 考核组组长",
                            problems="自助服务区设备故障未及时报修；部分窗口未摆放评价二维码。",
                            suggestions="建立设备巡检制度，统一摆放评价二维码。")
