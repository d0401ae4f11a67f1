"""Writes: record, edit and revoke events; appeals and their decisions; duty officers; scheme versions (the XLSX
import of events: ``staff_scoring.imports``).

Every function validates in full (Chinese ``ValidationError``, nothing saved), saves in a transaction and records who
did what with before/after in the audit trail (core.audit). Who may call them is decided by the views through
``staff_scoring.selectors`` (scope D14 and the duty-officer grant); the services keep the invariants.

Other apps may record events too, e.g. a verified complaint becoming a deduction::

    from staff_scoring.services import record_event
    record_event(staff=person, rule="21", date=day, actor=request.user, note="投诉件 TS-2026-018 查证属实",
                 source=EventSource.SYSTEM)
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from centers.choices import PostType
from centers.models import ServiceCentre, Staff
from core import attachments, audit, revisions
from core.definitions import import_definition, publish_definition, shown_problems
from scoring.common import DefinitionError
from scoring.ledger import Event, EventError, validate_event
from staff_scoring.models import (
    Appeal,
    AppealStatus,
    DutyOfficer,
    EventKind,
    EventSource,
    EventStatus,
    SchemeVersion,
    StaffEvent,
)
from staff_scoring.schemes import SCHEMES, first_day, published_staff_versions, scheme_of, version_for_staff
from staff_scoring.workflow import APPEAL, CENTRE

DEFAULT_APPEAL_DAYS = 7
# What one record may carry, whichever way it comes in (the form, the XLSX import, a duty officer, a verified
# complaint, a training's attendance): an event is dated one day (docs/schemes.md §6, §11). Its 次数 counts what
# happened that day, so more than a month's days (31) is a slip of the keyboard (次数 99999 took a person to
# −299894), not a record; a longer run is recorded day by day or month by month, each on its own date. Its 天数
# (旷工, 1天按2次计) is an absence counted in working days, and no month has had more than 23 (weekends and the
# official holidays off, adjusted working weekends on: D11; 2004–2026 all stay within 23). These bounds belong to
# recording, not to the engine (scoring.ledger) nor to its SQL mirror (staff_scoring.setscores): they score any
# stored events, and a scheme's own caps (per month, quarter, year, deed) still trim what a record is worth.
MAX_OCCURRENCES = 31
MAX_DAYS = Decimal(23)
EDITABLE = ("date", "rule", "occurrences", "days", "level", "aggravated", "points", "deed", "refers_to", "note")
FIELD_LABELS = {
    "date": "日期", "rule": "细则", "occurrences": "次数", "days": "天数", "level": "级别",
    "aggravated": "造成不良影响/情节严重", "points": "分值", "deed": "事迹/事项标识", "refers_to": "对应细则",
    "note": "情况说明",
}
_ENGINE_WORDS = re.compile(r" ?\b(occurrences|days|level|aggravated|points|deed|refers_to)\b ?")


def appeal_days() -> int:
    """How many days after an event is recorded the staff member may appeal (setting ``STAFF_APPEAL_DAYS``)."""
    return int(getattr(settings, "STAFF_APPEAL_DAYS", DEFAULT_APPEAL_DAYS))


def appeal_deadline(event: StaffEvent) -> dt.date:
    return timezone.localdate(event.recorded_at) + dt.timedelta(days=appeal_days())


def can_appeal(event: StaffEvent, today: dt.date | None = None) -> bool:
    """Whether the staff member may still appeal this event: a deduction (a bonus leaves nothing to appeal), active,
    not appealed yet, within the deadline."""
    if event.kind != EventKind.DEDUCTION:
        return False
    try:
        event.appeal  # noqa: B018 - one appeal per event
        return False
    except Appeal.DoesNotExist:
        pass
    return event.is_active and (today or timezone.localdate()) <= appeal_deadline(event)


# --- events ----------------------------------------------------------------------------------------------------


def _friendly(message: str) -> str:
    """The engine's message with its field names in Chinese: "请在 points 中填写" → "请在「分值」中填写"."""
    return _ENGINE_WORDS.sub(lambda m: f"「{FIELD_LABELS[m[1]]}」", message)


# Which form field an engine message is about: the first entry with a matching word wins.
_FIELD_WORDS = [
    ("refers_to", ("refers_to",)),
    ("days", ("days", "按天")),
    ("occurrences", ("occurrences",)),
    ("deed", ("deed", "事迹")),
    ("level", ("level", "级别")),
    ("points", ("points", "分/次", "每次", "分值")),
    ("aggravated", ("aggravated", "加重")),
]


def _field_of(message: str) -> str | None:
    for name, words in _FIELD_WORDS:
        if any(word in message for word in words):
            return name
    return None


def too_many(field: str) -> str:
    """The refusal of a count or a number of days beyond what one record may carry (``MAX_OCCURRENCES``,
    ``MAX_DAYS``), naming the field and its maximum: the service's and the form's."""
    if field == "days":
        return gettext("天数不能超过 %(max)s：一条记录按天计最多记一个月的工作日（%(max)s 天），更长的请按月分条记录") % {
            "max": MAX_DAYS}
    return gettext("次数不能超过 %(max)s：一条记录只记一个日期的情况，更多的请按日期分条记录") % {"max": MAX_OCCURRENCES}


def check_event(staff: Staff, version: SchemeVersion, values: dict[str, Any], *,
                today: dt.date | None = None, since: dt.date | None = None) -> dict[str, list[str]]:
    """Field → Chinese problems for an event of ``staff`` under ``version`` (empty when it fits the scheme).

    ``since`` is the earliest date an event of the staff member's post may carry (``schemes.first_day``; read when
    not given): a date before it has no scheme in force. Counts and days beyond one record's bounds
    (``MAX_OCCURRENCES``, ``MAX_DAYS``) are refused here, for every path that records or edits an event."""
    scheme = scheme_of(version)
    errors: dict[str, list[str]] = {}
    rule_code = (values.get("rule") or "").strip()
    day = values.get("date")
    if not rule_code:
        errors.setdefault("rule", []).append("请选择细则")
    elif rule_code not in scheme.rules:
        errors.setdefault("rule", []).append(
            f"「{version.title}」没有细则「{rule_code}」：只能选择本岗位适用的细则（{'、'.join(scheme.rules)}）")
    if not isinstance(day, dt.date):
        errors.setdefault("date", []).append("请填写日期")
    elif day > (today or timezone.localdate()):
        errors.setdefault("date", []).append("日期不能晚于今天")
    else:
        since = since or first_day(published_staff_versions(), staff.post_type)
        if since is not None and day < since:
            errors.setdefault("date", []).append(gettext(
                "该日期（%(day)s）没有生效的计分方案：本岗位的计分方案自 %(since)s 起适用，请核对日期") % {
                "day": format(day, "%Y-%m-%d"), "since": format(since, "%Y-%m-%d")})
    occurrences, days = values.get("occurrences"), values.get("days")
    if isinstance(occurrences, int) and occurrences > MAX_OCCURRENCES:
        errors.setdefault("occurrences", []).append(too_many("occurrences"))
    if isinstance(days, (int, Decimal)) and days > MAX_DAYS:
        errors.setdefault("days", []).append(too_many("days"))
    if occurrences is not None and days is not None and occurrences != 1:
        errors.setdefault("days", []).append("次数与天数只能填一个（按天计的细则填天数）")
    if errors:
        return errors
    try:
        validate_event(scheme, engine_event(values))
    except EventError as exc:
        errors.setdefault(_field_of(exc.message) or "__all__", []).append(_friendly(exc.message))
    return errors


def engine_event(values: dict[str, Any]) -> Event:
    days = values.get("days")
    return Event(
        date=values["date"], rule=values["rule"].strip(),
        occurrences=None if days is not None else (values.get("occurrences") or 1), days=days,
        level=values.get("level") or None, aggravated=bool(values.get("aggravated")), points=values.get("points"),
        deed=(values.get("deed") or "").strip() or None, refers_to=(values.get("refers_to") or "").strip() or None,
    )


def _snapshot(event: StaffEvent) -> dict[str, Any]:
    data = {name: getattr(event, name) for name in EDITABLE}
    data.update(staff=event.staff.name, staff_id=event.staff_id, kind=event.kind, status=event.status,
                scheme=f"{event.scheme_version.code} v{event.scheme_version.version}")
    return data


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    days, occurrences = values.get("days"), values.get("occurrences")
    if days is None:
        occurrences = occurrences or 1
    elif occurrences == 1:
        occurrences = None  # the form's default count, not a second quantity
    # (days and a count other than 1 both given: kept, so that check_event refuses them)
    return {
        "date": values.get("date"),
        "rule": (values.get("rule") or "").strip(),
        "occurrences": occurrences,
        "days": days,
        "level": values.get("level") or "",
        "aggravated": bool(values.get("aggravated")),
        "points": values.get("points"),
        "deed": (values.get("deed") or "").strip(),
        "refers_to": (values.get("refers_to") or "").strip(),
        "note": (values.get("note") or "").strip(),
    }


@transaction.atomic
def record_event(*, staff: Staff, rule: str, date: dt.date, actor, occurrences: int | None = None,
                 days: Decimal | None = None, level: str = "", aggravated: bool = False, points: Decimal | None = None,
                 deed: str = "", refers_to: str = "", note: str = "", photo=None,
                 source: str = EventSource.MANUAL, today: dt.date | None = None) -> StaffEvent:
    """Record a deduction or bonus for ``staff`` under the scheme version in force for their post now.

    Refuses (``ValidationError``, Chinese, by field; nothing saved) a rule of another post's scheme, a level, points,
    days or deed the rule does not take, points outside the rule's range, a date in the future or before any scheme
    for the post was in force, more than ``MAX_OCCURRENCES`` 次数 or ``MAX_DAYS`` 天数 (``check_event``).
    """
    version = version_for_staff(staff)
    if version is None:
        raise ValidationError(gettext("尚未发布适用于「%(label)s」的计分方案，请管理员先载入并发布") % {"label": PostType(staff.post_type).label})
    values = _normalise(dict(rule=rule, date=date, occurrences=occurrences, days=days, level=level,
                             aggravated=aggravated, points=points, deed=deed, refers_to=refers_to, note=note))
    errors = check_event(staff, version, values, today=today)
    if errors:
        raise ValidationError(errors)
    event = StaffEvent(staff=staff, scheme_version=version, kind=scheme_of(version).rules[values["rule"]].kind,
                       recorded_by=actor if actor is not None and actor.is_authenticated else None,
                       recorded_at=timezone.now(), source=source, **values)
    if photo:
        event.photo = photo
    event.full_clean(exclude=["photo"] if not photo else None)
    event.save()
    audit.record(actor=actor, action="记录扣分加分", target=event, after=_snapshot(event), summary=str(event))
    return event


@transaction.atomic
def update_event(event: StaffEvent, *, actor, revision: Any, photo=None, today: dt.date | None = None,
                 **changes) -> StaffEvent:
    """Edit an active event; re-validated against the version it was recorded under. Audited with before/after.

    ``revision`` is the one the edit form was loaded at: if the event changed since, ``StaleEdit`` (nothing saved,
    the current event attached), so that of two edits from the same page the second never overwrites the first.
    """
    event = StaffEvent.objects.select_for_update(of=("self",)).select_related("staff", "scheme_version").get(
        pk=event.pk)
    if not event.is_active:
        raise ValidationError(gettext("已撤销的记录不能修改"))
    revisions.check(event, revision, what="这条扣分加分记录")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = _snapshot(event)
    values = _normalise({**{name: getattr(event, name) for name in EDITABLE}, **changes})
    errors = check_event(event.staff, event.scheme_version, values, today=today)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(event, name, value)
    event.kind = scheme_of(event.scheme_version).rules[event.rule].kind
    if photo:
        event.photo = photo
    event.full_clean(exclude=["photo"])
    after = _snapshot(event)
    changed_before = {k: v for k, v in before.items() if after.get(k) != v}
    changed_after = {k: after[k] for k in changed_before}
    if changed_before or photo:
        event.revision += 1
    event.save()
    if changed_before or photo:
        audit.record(actor=actor, action="修改扣分加分记录", target=event, before=changed_before,
                     after=changed_after or {"photo": "已更换"}, summary=str(event))
    return event


@transaction.atomic
def revoke_event(event: StaffEvent, *, actor, reason: str, action: str = "撤销扣分加分记录") -> StaffEvent:
    """Revoke an event: it stops counting in every period and report. A pending appeal on it is closed as revoked."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": gettext("请填写撤销理由")})
    event = StaffEvent.objects.select_for_update().get(pk=event.pk)
    if not event.is_active:
        raise ValidationError(gettext("这条记录已经撤销"))
    event.status = EventStatus.REVOKED
    event.revoked_at = timezone.now()
    event.revoked_by = actor if actor is not None and actor.is_authenticated else None
    event.revoke_reason = reason
    event.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
    audit.record(actor=actor, action=action, target=event, before={"status": EventStatus.ACTIVE},
                 after={"status": EventStatus.REVOKED}, reason=reason, summary=str(event))
    appeal = Appeal.objects.filter(event=event, status=AppealStatus.PENDING).first()
    if appeal is not None and action != "申诉成立，撤销记录":
        _set_appeal(appeal, AppealStatus.REVOKED, actor=actor, reason=f"记录已被撤销：{reason}")
    return event


# --- appeals ---------------------------------------------------------------------------------------------------

@transaction.atomic
def file_appeal(event: StaffEvent, *, actor, reason: str, attachment=None, today: dt.date | None = None) -> Appeal:
    """The staff member appeals (申诉) one of their own active events within ``appeal_days()`` of its recording,
    optionally with an image or PDF (checked by content as evidence is, stored under a random name)."""
    reason = (reason or "").strip()
    today = today or timezone.localdate()
    event = StaffEvent.objects.select_for_update().get(pk=event.pk)
    if actor is None or getattr(actor, "staff_id", None) != event.staff_id:
        raise ValidationError(gettext("只能对本人的记录提出申诉"))
    if event.kind != EventKind.DEDUCTION:
        raise ValidationError(gettext("加分记录无需申诉：只能对扣分记录提出申诉"))
    if not event.is_active:
        raise ValidationError(gettext("这条记录已经撤销，无需申诉"))
    if Appeal.objects.filter(event=event).exists():
        raise ValidationError(gettext("这条记录已经申诉过，每条记录只能申诉一次"))
    deadline = appeal_deadline(event)
    if today > deadline:
        raise ValidationError(gettext("已超过申诉期限：记录后 %(appeal_days)s 天内（%(deadline)s 前）可以申诉") % {"appeal_days": appeal_days(), "deadline": format(deadline, "%Y-%m-%d")})
    if not reason:
        raise ValidationError({"reason": gettext("请填写申诉理由")})
    checked = attachments.check_upload(attachment, field="attachment", default_name="证明材料") if attachment else None
    appeal = Appeal(event=event, reason=reason, submitted_by=actor)
    if checked is not None:
        appeal.attachment_name, appeal.attachment_type = checked.name, checked.content_type
        appeal.attachment.save("upload", ContentFile(checked.data), save=False)
    appeal.save()
    after = {"appeal": appeal.pk, "status": appeal.status}
    if checked is not None:
        after.update(attachment=checked.name, type=checked.content_type, size=len(checked.data))
    audit.record(actor=actor, action="提出申诉", target=event, after=after, reason=reason, summary=str(event))
    return appeal


def _set_appeal(appeal: Appeal, status: str, *, actor, reason: str) -> Appeal:
    APPEAL.move(appeal.status, status, CENTRE, appeal)
    before = {"status": appeal.status}
    appeal.status = status
    appeal.decided_by = actor if actor is not None and actor.is_authenticated else None
    appeal.decided_at = timezone.now()
    appeal.decision_reason = reason
    appeal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit.record(actor=actor, action=f"处理申诉：{AppealStatus(status).label}", target=appeal.event, before=before,
                 after={"status": status}, reason=reason, summary=str(appeal.event))
    return appeal


@transaction.atomic
def decide_appeal(appeal: Appeal, *, actor, decision: str, reason: str) -> Appeal:
    """The director upholds the event or revokes it (it stops counting everywhere); a reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": gettext("请填写处理理由")})
    if decision not in (AppealStatus.UPHELD, AppealStatus.REVOKED):
        raise ValidationError({"decision": gettext("请选择维持或撤销")})
    appeal = Appeal.objects.select_for_update().select_related("event").get(pk=appeal.pk)
    _set_appeal(appeal, decision, actor=actor, reason=reason)
    if decision == AppealStatus.REVOKED:
        revoke_event(appeal.event, actor=actor, reason=f"申诉成立：{reason}", action="申诉成立，撤销记录")
    return appeal


# --- duty officers ---------------------------------------------------------------------------------------------


@transaction.atomic
def grant_duty(*, centre: ServiceCentre, staff: Staff, actor) -> DutyOfficer:
    """Allow a staff member of the centre (or of one of its stations) to record events for the centre's staff."""
    if staff.centre_id != centre.pk and (staff.station_id is None or staff.station.centre_id != centre.pk):
        raise ValidationError({"staff": gettext("值班员须是本中心或本中心所属便民服务站的工作人员")})
    if DutyOfficer.objects.filter(centre=centre, staff=staff, ended_at__isnull=True).exists():
        raise ValidationError({"staff": gettext("%(name)s 已是本中心的值班员") % {"name": staff.name}})
    duty = DutyOfficer.objects.create(centre=centre, staff=staff,
                                      granted_by=actor if actor is not None and actor.is_authenticated else None)
    audit.record(actor=actor, action="指定值班员", target=duty, after={"staff": staff.name, "centre": centre.name},
                 summary=str(duty))
    return duty


@transaction.atomic
def end_duty(duty: DutyOfficer, *, actor) -> DutyOfficer:
    if duty.ended_at is None:
        duty.ended_at = timezone.now()
        duty.ended_by = actor if actor is not None and actor.is_authenticated else None
        duty.save(update_fields=["ended_at", "ended_by"])
        audit.record(actor=actor, action="取消值班员", target=duty, before={"active": True}, after={"active": False},
                     summary=str(duty))
    return duty


# --- scheme versions -------------------------------------------------------------------------------------------


def upload_scheme(data: bytes | str, *, source_name: str, actor) -> SchemeVersion:
    """Validate a scheme file and store it as an unpublished version (or return the identical existing one).

    On any problem: ``ValidationError`` listing every problem with its path, in Chinese; nothing is written."""
    try:
        return import_definition(SCHEMES, data, source_name=source_name, actor=actor).obj
    except DefinitionError as exc:
        raise ValidationError([str(problem) for problem in shown_problems(exc.problems, data)]) from None


def publish_scheme(version: SchemeVersion, *, actor) -> SchemeVersion:
    return publish_definition(SCHEMES, version, actor=actor)
