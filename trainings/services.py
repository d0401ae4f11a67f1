"""Writes: trainings, their attendance lists, and the decision on a deduction proposal.

Every function validates in full (Chinese ``ValidationError``, nothing saved), saves in a transaction and records
who did what with before/after (core.audit). The staff event of a confirmed proposal is recorded by
``staff_scoring.services.decide_attendance`` (the floor above), which calls :func:`decide` with the recording as
``on_confirm``: the state change and the event are one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from centers.models import ServiceCentre, Station
from core import audit, revisions
from library import selectors as library_selectors
from trainings import selectors
from trainings.models import UNEXCUSED, Attendance, Presence, Review, Training, TrainingKind
from trainings.workflow import CENTRE, PROPOSAL

MAX_TOPIC = 200
MAX_ORGANISER = 100


def _snapshot(training: Training) -> dict[str, Any]:
    return {"centre": training.centre_id, "station": training.station_id, "date": training.date,
            "kind": training.kind, "topic": training.topic, "organiser": training.organiser, "note": training.note,
            "materials": sorted(training.materials.values_list("pk", flat=True)) if training.pk else []}


def check_materials(documents, *, centre: ServiceCentre, station: Station | None) -> list[str]:
    """Materials must be the organiser's own documents in the library (the centre's, or the station's)."""
    owner = station or centre
    allowed = set(library_selectors.documents_of(owner).values_list("pk", flat=True))
    return [f"资料「{d.title}」不属于{owner.name}的资料库" for d in documents if d.pk not in allowed]


def check_training(values: Mapping[str, Any], *, centre: ServiceCentre, station: Station | None) -> dict[str, list[str]]:
    """Field → Chinese problems of a training's fields (empty when they are fine)."""
    errors: dict[str, list[str]] = {}
    if station is not None and station.centre_id != centre.pk:
        errors.setdefault("station", []).append(gettext("便民服务站须属于该便民服务中心"))
    if not isinstance(values.get("date"), dt.date):
        errors.setdefault("date", []).append(gettext("请填写日期"))
    elif not 2000 <= values["date"].year <= 2100:
        errors.setdefault("date", []).append(gettext("日期应在 2000—2100 年之间"))
    if values.get("kind") not in TrainingKind.values:
        errors.setdefault("kind", []).append(gettext("类型应为%(items)s之一") % {"items": '、'.join(TrainingKind.labels)})
    for name, label, limit in (("topic", "主题", MAX_TOPIC), ("organiser", "组织者", MAX_ORGANISER)):
        text = (values.get(name) or "").strip()
        if not text:
            errors.setdefault(name, []).append(gettext("请填写%(label)s") % {"label": label})
        elif len(text) > limit:
            errors.setdefault(name, []).append(gettext("%(label)s最多 %(limit)s 个字") % {"label": label, "limit": limit})
    return errors


class DuplicateTraining(ValidationError):
    """A training of the same centre, date, kind, topic and organiser is already recorded: they are one meeting
    (``Training`` constraint ``training_once``), whose attendance is changed on its page, not recorded again."""

    def __init__(self, key: tuple):
        day, kind, topic, _organiser = key
        super().__init__(gettext("该培训或会议已登记（%(date)s %(kind)s「%(topic)s」），请在该培训的页面上修改出席情况") % {
            "date": f"{day:%Y-%m-%d}", "kind": TrainingKind(kind).label, "topic": topic})
        self.key = key


def recorded(centre: ServiceCentre, keys) -> set[tuple]:
    """Which of ``keys`` (date, kind, topic, organiser — stripped) the centre has recorded already."""
    keys = set(keys)
    if not keys:
        return set()
    found = Training.objects.filter(centre=centre, date__in={k[0] for k in keys}).values_list(
        "date", "kind", "topic", "organiser")
    return keys & set(found)


@transaction.atomic
def create_training(*, centre: ServiceCentre, station: Station | None = None, date: dt.date, kind: str, topic: str,
                    organiser: str, note: str = "", materials=(), actor) -> Training:
    """Record a training; one already recorded (same centre, date, kind, topic, organiser) is ``DuplicateTraining``."""
    values = {"date": date, "kind": kind, "topic": topic, "organiser": organiser}
    errors = check_training(values, centre=centre, station=station)
    materials = list(materials)
    problems = check_materials(materials, centre=centre, station=station) if not errors else []
    if problems:
        errors["materials"] = problems
    if errors:
        raise ValidationError(errors)
    key = (date, kind, topic.strip(), organiser.strip())
    if recorded(centre, [key]):
        raise DuplicateTraining(key)
    try:
        with transaction.atomic():  # the same meeting recorded at the same moment (two imports): the other one won
            training = Training.objects.create(
                centre=centre, station=station, date=date, kind=kind, topic=key[2], organiser=key[3],
                note=(note or "").strip(), created_by=actor if actor is not None and actor.is_authenticated else None)
    except IntegrityError:
        raise DuplicateTraining(key) from None
    if materials:
        training.materials.set(materials)
    audit.record(actor=actor, action="登记培训与会议", target=training, after=_snapshot(training),
                 summary=str(training))
    return training


def check_presence(training: Training, presence: Mapping[int, str], *, today: dt.date | None = None,
                   current: Mapping[int, Attendance] | None = None, allowed: set[int] | None = None) -> list[str]:
    """Chinese problems of an attendance list for ``training`` (staff id → presence)."""
    today = today or timezone.localdate()
    problems = []
    if presence and training.date > today:
        problems.append(gettext("培训日期为 %(date)s，当天或之后才能登记出席情况") % {"date": f'{training.date:%Y-%m-%d}'})
    current = current or {}
    names = {a.staff_id: a.staff.name for a in current.values()}
    for staff_id, status in presence.items():
        if status not in Presence.values:
            problems.append(gettext("出席情况「%(status)s」无效：应为%(items)s之一") % {"status": status, "items": '、'.join(Presence.labels)})
        if allowed is not None and staff_id not in allowed:
            problems.append(gettext("编号为 %(staff_id)s 的人员不在本中心及所属站点的人员名单中") % {"staff_id": staff_id})
    for staff_id, row in current.items():
        if row.review in (Review.CONFIRMED, Review.DISMISSED) and presence.get(staff_id) != row.presence:
            problems.append(gettext("%(name)s 的扣分建议已处理（%(review)s），出席情况不能再改；如有错误请走申诉或撤销扣分记录") % {"name": names.get(staff_id, staff_id), "review": row.get_review_display()})
    return problems


def _apply(training: Training, presence: Mapping[int, str], current: dict[int, Attendance]) -> tuple[dict, dict]:
    before = {str(k): [a.presence, a.review] for k, a in current.items()}
    after = {}
    for staff_id, row in current.items():
        if staff_id not in presence:
            row.delete()
    for staff_id, status in presence.items():
        row = current.get(staff_id) or Attendance(training=training, staff_id=staff_id)
        if not row.pk or row.presence != status:
            row.presence = status
            if row.review in (Review.NONE, Review.PENDING):
                row.review = Review.PENDING if status in UNEXCUSED else Review.NONE
            row.save()
        after[str(staff_id)] = [row.presence, row.review]
    return before, after


@transaction.atomic
def save_attendance(training: Training, *, presence: Mapping[int, str], revision: Any, actor,
                    today: dt.date | None = None) -> Training:
    """Replace the attendance list of ``training`` (staff id → presence; a person left out is taken off the list).

    An unexcused status (迟到, 早退, 请假未批准, 缺席) proposes a deduction; a status changed back withdraws a
    proposal still pending; a decided proposal fixes its row. Refuses a stale list (``StaleEdit``), people outside
    the centre's roster, a list for a training not yet held."""
    locked = revisions.locked_at(Training.objects.all(), pk=training.pk, revision=revision, what="该培训的出席名单")
    current = {a.staff_id: a for a in locked.attendances.select_related("staff")}
    allowed = {p.pk for p in selectors.roster(locked)}
    problems = check_presence(locked, presence, today=today, current=current, allowed=allowed)
    if problems:
        raise ValidationError(problems)
    before, after = _apply(locked, presence, current)
    locked.revision += 1
    locked.save(update_fields=["revision"])
    audit.record(actor=actor, action="登记出席情况", target=locked, before=before, after=after, summary=str(locked))
    return locked


@transaction.atomic
def decide(attendance: Attendance, *, action: str, actor, reason: str = "",
           on_confirm: Callable[[Attendance], Any] | None = None) -> Attendance:
    """Confirm or dismiss a pending proposal, under a row lock, by the table ``trainings.workflow.PROPOSAL``.

    The caller has checked that ``actor`` runs the centre (the director, or the admin). ``on_confirm`` (given by
    ``staff_scoring``) records the staff event inside this transaction; if it refuses, nothing changes."""
    locked = Attendance.objects.select_for_update(of=("self",)).select_related("training", "staff").get(
        pk=attendance.pk)
    PROPOSAL.move(locked.review, action, CENTRE, locked, reason=reason)
    before = {"review": locked.review, "presence": locked.presence}
    target = PROPOSAL.get(action).after(locked.review)
    outcome = on_confirm(locked) if action == "confirm" and on_confirm is not None else None
    locked.review = target
    locked.reviewed_by = actor if actor is not None and actor.is_authenticated else None
    locked.reviewed_at = timezone.now()
    locked.review_reason = (reason or "").strip()
    locked.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_reason"])
    audit.record(actor=actor, action="处理培训考勤扣分建议", target=locked, before=before,
                 after={"review": locked.review, "event": getattr(outcome, "pk", None)}, reason=locked.review_reason,
                 summary=str(locked))
    return locked
