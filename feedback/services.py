"""Writes: issue rating codes, take ratings, move follow-ups, complaints and notices through their tables.

Each write validates, runs in a transaction and records score-affecting changes with ``core.audit.record``
(verifying a 差评, the county's appeal decision, a complaint's finding, a deduction request).

It stays one module though over 500 lines: its sections (limits and ratings, follow-ups, complaints, notices) share
the snapshot and validation helpers; they are the seams when it becomes a package.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from centers.models import ServiceCentre, Staff, Station, Window
from core import audit
from core.access import user_role
from core.rows import Columns
from core.workflow import IllegalMove
from feedback import selectors, tokens
from feedback.models import (
    BAD_LEVELS,
    WINDOW_DEDUCTION_RULES,
    Channel,
    Complaint,
    ComplaintCategory,
    ComplaintLookupMiss,
    ComplaintMode,
    ComplaintSource,
    DeficiencyNotice,
    FollowUp,
    Level,
    Policy,
    Rating,
    ServiceTicket,
)
from feedback.workflow import COMPLAINT, FOLLOWUP, NOTICE

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def validate_phone(value: str) -> str:
    value = (value or "").strip().replace(" ", "")
    if value and not PHONE_RE.match(value):
        raise ValidationError({"phone": gettext("请输入正确的手机号码（11位）或固定电话（如 028-12345678）")})
    return value


# ------------------------------------------------------------------------------------------------------ limits


def limits() -> dict[str, int]:
    """Rate limits of the static-QR channel (per-scan tokens); settings may override each one."""
    return {
        "device_place_hours": tokens.setting("FEEDBACK_DEVICE_PLACE_HOURS", 8),  # one rating per window per device
        "device_per_day": tokens.setting("FEEDBACK_DEVICE_PER_DAY", 5),  # ratings per device in 24 hours
        "ip_per_hour": tokens.setting("FEEDBACK_IP_PER_HOUR", 30),  # ratings per IP address in an hour (hall Wi-Fi)
    }


class RatingRefused(Exception):
    """A rating that must not be taken. ``code``: invalid, expired, used, device, limited, closed."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class RatingTarget:
    """What a valid, unused token rates: the place, its centre, the staff to choose from, the ticket if any."""

    claim: tokens.Claim
    centre: ServiceCentre
    window: Window | None = None
    station: Station | None = None
    ticket: ServiceTicket | None = None
    staff_choices: list[Staff] = field(default_factory=list)
    rectify_days: int | None = None  # the policy's rectification limit, read with the target
    limit_counts: LimitCounts | None = None  # the rate limits' counts, when read with the target (the submit)

    @property
    def place(self):
        return self.window or self.station


# The limits' one query, written out: it runs on every scan and every per-scan rating, and building it through the
# ORM cost more than running it. The WHERE clause is an OR of the two indexed ranges, (device_hash, rated_at) and
# (ip_hash, rated_at); the three counts are sums over what they read. An absent hash is a value no hash has.
# The QR landing and the submit join it to the statement reading their place (scan_place, rating_target): one round
# trip instead of two.
LIMITS_SQL = """
SELECT
  COALESCE(SUM(CASE WHEN device_hash = %s AND rated_at >= %s AND {place} = %s THEN 1 ELSE 0 END), 0) AS same_place,
  COALESCE(SUM(CASE WHEN device_hash = %s AND rated_at >= %s THEN 1 ELSE 0 END), 0) AS device_day,
  COALESCE(SUM(CASE WHEN ip_hash = %s AND rated_at >= %s THEN 1 ELSE 0 END), 0) AS ip_hour
FROM {table}
WHERE channel = %s AND ((device_hash = %s AND rated_at >= %s) OR (ip_hash = %s AND rated_at >= %s))
"""
NO_HASH = "-"  # never a keyed hash (32 hex digits)


@dataclass(frozen=True)
class LimitCounts:
    """What the limits count for one device and address: their per-scan ratings of this place within hours, of
    the device in a day, from the address in an hour."""

    same_place: int
    device_day: int
    ip_hour: int

    def refusal(self) -> RatingRefused | None:
        """The first limit they are over."""
        limit = limits()
        if self.same_place:
            return RatingRefused("limited", gettext("您已经评价过这个窗口，感谢您的参与！如需再次评价，请在下次办事后进行。"))
        if self.device_day >= limit["device_per_day"]:
            return RatingRefused("limited", gettext("本设备今天的评价次数已达上限，感谢您的参与！"))
        if self.ip_hour >= limit["ip_per_hour"]:
            return RatingRefused("limited", gettext("评价过于频繁，请稍后再试。"))
        return None


def _limits_sql(place_kind: str) -> str:
    return LIMITS_SQL.format(table=Rating._meta.db_table, place=f"{place_kind}_id")


def _limits_params(*, device_hash: str, ip_hash: str, place_id: int, now) -> list:
    """The parameters of LIMITS_SQL, in its order."""
    limit = limits()
    adapt = connection.ops.adapt_datetimefield_value
    place_since = adapt(now - timedelta(hours=limit["device_place_hours"]))
    day_since, hour_since = adapt(now - timedelta(days=1)), adapt(now - timedelta(hours=1))
    device_since = min(place_since, day_since) if device_hash else day_since
    device, ip = device_hash or NO_HASH, ip_hash or NO_HASH
    return [device, place_since, place_id, device, day_since, ip, hour_since,
            Channel.WINDOW_QR.value, device, device_since, ip, hour_since]


USED = gettext_noop("这个评价码已经评价过了：每次服务只能评价一次。感谢您的参与！")


# The target of a token, written out like the limits (it runs on every form and every submit; compiling it through
# the ORM cost more than twice what running it does): ONE statement reads the place (or the ticket) with its centre,
# whether the token was used (the nonce is unique on ratings) and the policy's rectification limit, and, for a
# window or station, one row per staff member on the post (a LEFT JOIN: one row with no staff when nobody is); a
# submit joins the limits' counts to it (LIMITS_SQL, a one-row CROSS JOIN).
_TOKEN_FACTS = """
       EXISTS (SELECT 1 FROM {rating_table} WHERE nonce = %s),
       (SELECT rectify_workdays FROM {policy_table} WHERE id = 1)"""
_CENTRE = Columns(ServiceCentre, "c")
_WINDOW, _STATION, _TICKET = Columns(Window, "w"), Columns(Station, "p"), Columns(ServiceTicket, "t")
_STAFF = Columns(Staff, "s")  # a ticket's staff member, as select_related reads it
_STAFF_CHOICE = Columns(Staff, "s", fields=("id", "name", "centre_id", "window_id", "station_id"))
_TABLES = {
    "rating_table": Rating._meta.db_table, "policy_table": Policy._meta.db_table,
    "centre_table": ServiceCentre._meta.db_table, "window_table": Window._meta.db_table,
    "station_table": Station._meta.db_table, "staff_table": Staff._meta.db_table,
    "ticket_table": ServiceTicket._meta.db_table,
}
PLACE_TARGET_SQL = """
SELECT {place}, {centre}, {staff},""" + _TOKEN_FACTS + """{limit_columns}
FROM {place_table} {alias}
JOIN {centre_table} c ON c.id = {alias}.centre_id{limits_join}
LEFT JOIN {staff_table} s ON s.{place_fk} = {alias}.id AND s.active_to IS NULL
WHERE {alias}.id = %s{only_active}
ORDER BY s.name, s.id
"""
TICKET_TARGET_SQL = """
SELECT {ticket}, {centre}, {window}, {station}, {staff},""" + _TOKEN_FACTS + """
FROM {ticket_table} t
JOIN {centre_table} c ON c.id = t.centre_id
LEFT JOIN {window_table} w ON w.id = t.window_id
LEFT JOIN {station_table} p ON p.id = t.station_id
LEFT JOIN {staff_table} s ON s.id = t.staff_id
WHERE t.id = %s AND t.nonce = %s
"""
# The QR landing: the place behind the printed code with its centre, and the limits of this device and address.
SCAN_PLACE_SQL = """
SELECT {place}, {centre}{limit_columns}
FROM {place_table} {alias}
JOIN {centre_table} c ON c.id = {alias}.centre_id{limits_join}
WHERE {alias}.id = %s{only_active}
"""
_LIMIT_COLUMNS = ",\n       lim.same_place, lim.device_day, lim.ip_hour"


@functools.cache
def _place_sql(template: str, kind: str, with_limits: bool) -> str:
    """``template`` (PLACE_TARGET_SQL or SCAN_PLACE_SQL) for a window or a station, the limits joined or not (built
    once: the column lists come from the models). Its parameters: the template's own before FROM, then the limits'
    (LIMITS_SQL), then the place's id and, for a window, True (only an active window is rated)."""
    place = _WINDOW if kind == "window" else _STATION
    return template.format(
        place=place.sql, centre=_CENTRE.sql, staff=_STAFF_CHOICE.sql, alias=place.alias,
        place_table=_TABLES[f"{kind}_table"], place_fk=f"{kind}_id",
        only_active=" AND w.active = %s" if kind == "window" else "",
        limit_columns=_LIMIT_COLUMNS if with_limits else "",
        limits_join=f"\nCROSS JOIN ({_limits_sql(kind)}) lim" if with_limits else "", **_TABLES,
    )


@functools.cache
def _ticket_sql() -> str:
    return TICKET_TARGET_SQL.format(
        ticket=_TICKET.sql, centre=_CENTRE.sql, window=_WINDOW.sql, station=_STATION.sql, staff=_STAFF.sql, **_TABLES,
    )


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _place_params(kind: str, place_id: int, limits: dict | None) -> list:
    """The limits' parameters (when joined), then the place's."""
    return (_limits_params(place_id=place_id, **limits) if limits else []) + (
        [place_id, True] if kind == "window" else [place_id])


def _read_place(kind: str, row):
    """The window or station of a row, with its centre (as select_related sets it); and where the row goes on."""
    columns = _WINDOW if kind == "window" else _STATION
    place = columns.read(row)
    place.centre = _CENTRE.read(row, columns.width)
    return place, columns.width + _CENTRE.width


def scan_place(kind: str, place_id: int, *, device_id: str | None, ip: str | None):
    """The QR landing's one statement: the window (active) or station ``place_id`` with its centre, and the refusal
    the device/IP would meet (so the citizen learns it before the form); (None, None) when there is no such place."""
    limits = {"device_hash": tokens.keyed_hash("device", device_id), "ip_hash": tokens.keyed_hash("ip", ip),
              "now": timezone.now()}
    rows = _rows(_place_sql(SCAN_PLACE_SQL, kind, True), _place_params(kind, place_id, limits))
    if not rows:
        return None, None
    place, at = _read_place(kind, rows[0])
    return place, LimitCounts(*rows[0][at:]).refusal()


def _place_target(claim: tokens.Claim, kind: str, place_id: int, limits: dict | None) -> tuple | None:
    """(place with its centre, the staff on its post, token used, rectification limit, limit counts or None), or
    None: no such place."""
    rows = _rows(_place_sql(PLACE_TARGET_SQL, kind, limits is not None),
                 [claim.nonce] + _place_params(kind, place_id, limits))
    if not rows:
        return None
    place, at = _read_place(kind, rows[0])
    staff = [member for row in rows if (member := _STAFF_CHOICE.read(row, at)) is not None]
    used, rectify_days, *counts = rows[0][at + _STAFF_CHOICE.width:]
    return place, staff, used, rectify_days, LimitCounts(*counts) if counts else None


def _ticket_target(claim: tokens.Claim) -> tuple | None:
    """(ticket with its centre, window, station and staff, token used, rectification limit), or None."""
    rows = _rows(_ticket_sql(), [claim.nonce, claim.ticket_id, claim.nonce])
    if not rows:
        return None
    row = rows[0]
    ticket, at = _TICKET.read(row), _TICKET.width
    for name, columns in (("centre", _CENTRE), ("window", _WINDOW), ("station", _STATION), ("staff", _STAFF)):
        setattr(ticket, name, columns.read(row, at))  # sets the related object as select_related would
        at += columns.width
    used, rectify_days = row[at:]
    return ticket, used, rectify_days


def rating_target(token: str, *, device_id: str | None, ip: str | None = None,
                  with_limits: bool = False) -> RatingTarget:
    """The place a token rates, or RatingRefused: garbled, expired, already used, another device, place closed.

    One query: the place (or ticket) with its centre, whether the token was used, the policy's limit and the staff
    to choose from (none for a per-service code). ``with_limits`` (the submit): for a per-scan token, the same
    statement also counts the rate limits of this device and ``ip`` (``RatingTarget.limit_counts``)."""
    try:
        claim = tokens.read(token)
    except tokens.TokenError as exc:
        raise RatingRefused(exc.code, exc.message) from exc
    if claim.kind == "ticket":
        found = _ticket_target(claim)
        if found is None:
            raise RatingRefused("invalid", gettext("评价码无效，请向窗口工作人员重新获取。"))
        ticket, used, rectify_days = found
        if used:
            raise RatingRefused("used", gettext(USED))
        return RatingTarget(claim=claim, centre=ticket.centre, window=ticket.window, station=ticket.station,
                            ticket=ticket, staff_choices=[ticket.staff] if ticket.staff_id else [],
                            rectify_days=rectify_days)
    if not device_id or tokens.keyed_hash("device", device_id)[:16] != claim.device_tag:
        raise RatingRefused("device", gettext("请在扫码的手机上完成评价；如已更换手机或清除了浏览器数据，请重新扫码。"))
    limits = {"device_hash": tokens.keyed_hash("device", device_id), "ip_hash": tokens.keyed_hash("ip", ip),
              "now": timezone.now()} if with_limits else None
    kind = "window" if claim.window_id else "station"
    found = _place_target(claim, kind, claim.window_id or claim.station_id, limits)
    if found is None:
        raise RatingRefused("closed", gettext("该窗口已停用，无法评价。") if kind == "window"
                            else gettext("该便民服务站不存在，无法评价。"))
    place, staff, used, rectify_days, counts = found
    if used:
        raise RatingRefused("used", gettext(USED))
    return RatingTarget(claim=claim, centre=place.centre, window=place if kind == "window" else None,
                        station=place if kind == "station" else None, rectify_days=rectify_days,
                        staff_choices=staff, limit_counts=counts)


def rating_submit(*, token: str, level: int, comment: str = "", phone: str = "", staff_id: int | None = None,
                  device_id: str | None = None, ip: str | None = None, target: RatingTarget | None = None) -> Rating:
    """Take one citizen rating. Refuses (RatingRefused) a bad, expired or used token and, for per-scan tokens, a
    device or IP over its limit; raises ValidationError (Chinese) for bad fields. A 差评 opens its follow-up.

    ``target``: the page's ``rating_target(token, …)`` when it has just resolved it (not resolved twice; read
    ``with_limits``, it carries the limits' counts too; without them a per-scan token is read again with them). Every field is checked here, in Python (no ``full_clean``:
    it would query again for the centre, window, station, staff and ticket just read and for the nonce the unique
    constraint guards): the queries are the limits (per-scan tokens, unless the target carries them), the insert
    and, for a 差评, its follow-up in a transaction with it."""
    if target is None or (target.claim.kind == "scan" and target.limit_counts is None):
        # the statement the form's submit runs: the target and, for a per-scan token, the limits' counts with it
        target = rating_target(token, device_id=device_id, ip=ip, with_limits=True)
    now = timezone.now()
    device_hash, ip_hash = tokens.keyed_hash("device", device_id), tokens.keyed_hash("ip", ip)
    if level not in Level.values:
        raise ValidationError({"level": gettext("请选择一个评价等级")})
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise ValidationError({"comment": gettext("评价内容不能超过 500 字")})
    phone = validate_phone(phone)
    staff = None
    if target.ticket is not None:
        staff = target.ticket.staff
    elif staff_id:
        staff = next((s for s in target.staff_choices if s.pk == staff_id), None)
        if staff is None:
            raise ValidationError({"staff": gettext("请选择本窗口的工作人员，或不选")})
    if target.limit_counts is not None and (refusal := target.limit_counts.refusal()):
        raise refusal
    ticket = target.ticket
    rating = Rating(
        centre=target.centre, window=target.window, station=target.station, staff=staff, ticket=ticket,
        channel=Channel.SERVICE_QR if ticket else Channel.WINDOW_QR, level=level, comment=comment,
        phone=phone, matter_code=ticket.matter_code if ticket else "",
        matter_name=ticket.matter_name if ticket else "", case_no=ticket.case_no if ticket else "",
        rated_at=now, nonce=target.claim.nonce, device_hash=device_hash, ip_hash=ip_hash,
    )
    limit_days = target.rectify_days if target.rectify_days is not None else Policy().rectify_workdays
    try:
        if rating.level in BAD_LEVELS:
            # The rating and its follow-up commit together. No savepoint: this is the request's own transaction
            # (the project does not use ATOMIC_REQUESTS), and a caller inside a transaction of its own stops at the
            # refusal.
            with transaction.atomic(savepoint=False):
                rating.save(force_insert=True)
                FollowUp.objects.create(rating=rating, received_on=timezone.localdate(now), limit_days=limit_days)
        else:  # one INSERT commits by itself: no BEGIN and COMMIT round trips around it (nine ratings in ten)
            rating.save(force_insert=True)
    except IntegrityError as exc:  # the same nonce or ticket at the same moment: the other one won
        raise RatingRefused("used", gettext(USED)) from exc
    return rating


@transaction.atomic
def ticket_issue(*, actor, window: Window | None = None, station: Station | None = None, staff: Staff | None = None,
                 matter_code: str = "", matter_name: str = "", case_no: str = "") -> ServiceTicket:
    """A per-service rating code. Staff issue it for themselves; the director or admin may name the staff member."""
    if user_role(actor) == "staff":
        staff = actor.staff
    place_staff = selectors.window_staff(window) if window else selectors.station_staff(station)
    if staff is not None and not place_staff.filter(pk=staff.pk).exists():
        raise ValidationError({"staff": gettext("该工作人员不在本窗口（站点）")})
    now = timezone.now()
    ticket = ServiceTicket(
        centre=window.centre if window else station.centre, window=window, station=station, staff=staff,
        matter_code=matter_code.strip(), matter_name=matter_name.strip(), case_no=case_no.strip(),
        nonce=tokens.new_nonce(), issued_at=now, expires_at=now + timedelta(seconds=tokens.ticket_max_age()),
        issued_by=actor,
    )
    ticket.full_clean(exclude=["nonce"])
    ticket.save()
    return ticket


def ticket_link_token(ticket: ServiceTicket) -> str:
    return tokens.ticket_token(ticket_id=ticket.pk, nonce=ticket.nonce)


# -------------------------------------------------------------------------------------------------- follow-ups


def _required(data: dict, name: str, message: str) -> str:
    value = (data.get(name) or "").strip() if isinstance(data.get(name), str) else data.get(name)
    if not value:
        raise ValidationError({name: message})
    return value


def _day_in_span(value, earliest: dt.date, name: str, what: str) -> dt.date:
    if not value:
        raise ValidationError({name: gettext("请填写%(what)s") % {"what": what}})
    if value > timezone.localdate():
        raise ValidationError({name: gettext("%(what)s不能晚于今天") % {"what": what}})
    if value < earliest:
        raise ValidationError({name: gettext("%(what)s不能早于 %(earliest)s") % {"what": what, "earliest": f'{earliest:%Y-%m-%d}'}})
    return value


def _snapshot(obj, fields: list[str]) -> dict:
    return {f: getattr(obj, f) for f in fields}


def _save_moved(obj, target: str, *, audited: bool, actor, action: str, before: dict, fields: list[str],
                summary: str, reason: str):
    """The end every workflow move here shares: the record in its new state, checked and saved, then (for the moves
    the audit trail keeps) audited with its ``fields`` before and after."""
    obj.state = target
    obj.full_clean()
    obj.save()
    if audited:
        audit.record(actor=actor, action=action, target=obj, before=before, after=_snapshot(obj, fields),
                     summary=summary, reason=reason)
    return obj


FOLLOWUP_AUDITED = {"verify", "dispute", "uphold", "reject", "extend"}


@transaction.atomic
def followup_move(*, followup: FollowUp, action: str, actor, **data) -> FollowUp:
    """Move a 差评 follow-up by ``action`` (feedback.workflow.FOLLOWUP), with the data that action needs."""
    obj = FollowUp.objects.select_for_update().select_related("rating").get(pk=followup.pk)
    target = FOLLOWUP.move(obj.state, action, user_role(actor), obj).after(obj.state)
    fields = ["state", "verdict_reason", "appeal_decision", "extension_days", "extension_reason"]
    before = _snapshot(obj, fields)
    now = timezone.now()
    if action == "verify":
        obj.verdict_reason = (data.get("note") or "").strip()
        obj.verified_at, obj.verified_by = now, actor
    elif action == "dispute":
        obj.verdict_reason = _required(data, "note", gettext("请说明核实不实的理由（将报县级审核）"))
        obj.verified_at, obj.verified_by = now, actor
    elif action in ("uphold", "reject"):
        obj.appeal_decision = _required(data, "note", gettext("请填写审核意见"))
        obj.appeal_decided_by = actor
    elif action == "callback":
        obj.callback_on = _day_in_span(data.get("on"), obj.received_on, "on", "回访日期")
        obj.callback_reached = bool(data.get("reached"))
        obj.callback_note = _required(data, "note", gettext("请填写回访情况（联系不上也请注明）"))
    elif action == "extend":
        days, most = data.get("days"), selectors.policy().max_extension_workdays
        if not isinstance(days, int) or not 1 <= days <= most:
            raise ValidationError({"days": gettext("延期天数应为 1 至 %(most)s 个工作日") % {"most": most}})
        obj.extension_days = days
        obj.extension_reason = _required(data, "note", gettext("请填写延期理由"))
    elif action == "rectify":
        obj.rectified_on = _day_in_span(data.get("on"), obj.received_on, "on", "整改完成日期")
        obj.rectification = _required(data, "note", gettext("请填写整改情况"))
    return _save_moved(
        obj, target, audited=action in FOLLOWUP_AUDITED, actor=actor,
        action=f"差评核实：{FOLLOWUP.moves[action].label}", before=before, fields=fields,
        summary=f"{obj.rating.place} {obj.rating.get_level_display()}", reason=(data.get("note") or "").strip(),
    )


# -------------------------------------------------------------------------------------------------- complaints

COMPLAINT_FIELDS = ["window", "staff", "mode", "category", "summary", "matter_name", "complainant_name",
                    "complainant_phone", "received_on", "complex", "complex_reason"]
# Receipt numbers: "TS" and 10 characters without look-alikes (0/O, 1/I): 32^10 ≈ 10^15, not guessable.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RECEIPT_RE = re.compile(r"^TS[2-9A-HJ-NP-Z]{10}$")
LAST4_RE = re.compile(r"^[0-9]{4}$")


def new_receipt_no() -> str:
    while True:
        receipt = "TS" + "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
        if not Complaint.objects.filter(receipt_no=receipt).exists():
            return receipt


@transaction.atomic
def complaint_create(*, centre: ServiceCentre, actor, source: str = ComplaintSource.DESK, ip_hash: str = "",
                     **fields) -> Complaint:
    """Register a complaint (at the desk, or from the public form through ``complaint_submit``); it gets a receipt
    number the complainant can look its state up with."""
    complaint = Complaint(centre=centre, received_by=actor, source=source, ip_hash=ip_hash, receipt_no=new_receipt_no(),
                          **{k: v for k, v in fields.items() if k in COMPLAINT_FIELDS})
    if complaint.complainant_phone:
        try:
            complaint.complainant_phone = validate_phone(complaint.complainant_phone)
        except ValidationError as exc:
            raise ValidationError({"complainant_phone": exc.message_dict["phone"]}) from exc
    if complaint.complex and not complaint.complex_reason.strip():
        raise ValidationError({"complex_reason": gettext("认定为复杂投诉时请说明理由（如涉及两个以上部门）")})
    complaint.full_clean()
    complaint.save()
    # The audit summary never carries the complainant's identity (街道提升年方案 附件6 投诉受理制 三: 予以保密).
    audit.record(actor=actor, action="受理投诉", target=complaint, summary=f"{centre.name} {complaint.get_category_display()}")
    return complaint


def complaint_limits() -> dict[str, int]:
    """Limits of the public complaint form and of the status lookup; settings may override each one."""
    return {
        "ip_per_hour": tokens.setting("FEEDBACK_COMPLAINT_IP_PER_HOUR", 3),  # online complaints per IP in an hour
        "ip_per_day": tokens.setting("FEEDBACK_COMPLAINT_IP_PER_DAY", 10),  # … in 24 hours (a hall's Wi-Fi)
        "phone_per_day": tokens.setting("FEEDBACK_COMPLAINT_PHONE_PER_DAY", 3),  # complaints per phone in 24 hours
        "lookup_misses_per_hour": tokens.setting("FEEDBACK_COMPLAINT_LOOKUP_MISSES", 10),  # failed lookups per IP
    }


class ComplaintRefused(Exception):
    """A public complaint or lookup that must not be taken now (``code``: limited, invalid)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def complaint_refusal(*, ip: str | None, phone: str = "", now=None) -> ComplaintRefused | None:
    """The refusal a new online complaint from this IP (and phone) would meet: counts over stored complaints, no
    cache, so the limits hold across workers (like the rating limits)."""
    limit, now = complaint_limits(), now or timezone.now()
    online = Complaint.objects.filter(source=ComplaintSource.ONLINE)
    ip_hash = tokens.keyed_hash("ip", ip)
    if ip_hash:
        mine = online.filter(ip_hash=ip_hash)
        if (mine.filter(created_at__gte=now - timedelta(hours=1)).count() >= limit["ip_per_hour"]
                or mine.filter(created_at__gte=now - timedelta(days=1)).count() >= limit["ip_per_day"]):
            return ComplaintRefused("limited", "提交过于频繁，请稍后再试；如情况紧急，请拨打中心咨询电话。")
    if phone and online.filter(complainant_phone=phone, created_at__gte=now - timedelta(days=1)).count() >= \
            limit["phone_per_day"]:
        return ComplaintRefused("limited", "该电话号码今天提交的投诉已达上限，我们会尽快处理已提交的投诉。")
    return None


def complaint_submit(*, window: Window, name: str, phone: str, summary: str, matter_name: str = "",
                     category: str = "", ip: str | None = None) -> Complaint:
    """A citizen's complaint from the public form: a written complaint (5 working days, 街道提升年方案 附件6 投诉受理制 五) against
    ``window``, received today, entering the centre's complaint workflow. Refuses (ComplaintRefused) over a limit."""
    try:
        phone = validate_phone(phone)
    except ValidationError as exc:
        raise ValidationError({"complainant_phone": exc.message_dict["phone"]}) from exc
    if not phone:
        raise ValidationError({"complainant_phone": gettext("请填写联系电话，用于答复和查询")})
    refusal = complaint_refusal(ip=ip, phone=phone)
    if refusal:
        raise refusal
    return complaint_create(
        centre=window.centre, actor=None, source=ComplaintSource.ONLINE, ip_hash=tokens.keyed_hash("ip", ip),
        window=window, mode=ComplaintMode.WRITTEN, category=category or ComplaintCategory.OTHER,
        summary=(summary or "").strip(), matter_name=(matter_name or "").strip(),
        complainant_name=(name or "").strip(), complainant_phone=phone, received_on=timezone.localdate(),
    )


def normalise_receipt(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def complaint_lookup(*, receipt: str, last4: str, ip: str | None = None) -> Complaint | None:
    """The complaint with this receipt number whose phone ends in ``last4``, else None — a wrong receipt and a wrong
    phone are not told apart. Misses are counted per IP; over the limit every lookup is refused for a while."""
    ip_hash = tokens.keyed_hash("ip", ip)
    now = timezone.now()
    if ip_hash and ComplaintLookupMiss.objects.filter(ip_hash=ip_hash, at__gte=now - timedelta(hours=1)).count() >= \
            complaint_limits()["lookup_misses_per_hour"]:
        raise ComplaintRefused("limited", "查询失败次数过多，请一小时后再试。")
    receipt = normalise_receipt(receipt)
    found = None
    if RECEIPT_RE.match(receipt) and LAST4_RE.match(last4 or ""):
        found = Complaint.objects.select_related("centre", "window").filter(receipt_no=receipt).first()
        digits = re.sub(r"[^0-9]", "", found.complainant_phone) if found else ""
        if found is not None and not (len(digits) >= 4 and hmac.compare_digest(digits[-4:], last4)):
            found = None
    if found is None and ip_hash:
        ComplaintLookupMiss.objects.filter(at__lt=now - timedelta(days=1)).delete()
        ComplaintLookupMiss.objects.create(ip_hash=ip_hash, at=now)
    return found


COMPLAINT_AUDITED = {"substantiate", "dismiss", "mark_complex", "request_deduction", "request_window_deduction",
                     "withdraw"}
# What a complaint's audit entries show before and after a move.
COMPLAINT_AUDIT_FIELDS = ["state", "finding", "complex", "deduction_scheme", "deduction_rule"]


def _complaint_summary(obj: Complaint) -> str:
    return f"{obj.centre.name} 投诉 {obj.pk}"


@transaction.atomic
def complaint_move(*, complaint: Complaint, action: str, actor, **data) -> Complaint:
    """Move a complaint by ``action`` (feedback.workflow.COMPLAINT), with the data that action needs."""
    obj = Complaint.objects.select_for_update().get(pk=complaint.pk)
    target = COMPLAINT.move(obj.state, action, user_role(actor), obj).after(obj.state)
    before = _snapshot(obj, COMPLAINT_AUDIT_FIELDS)
    if action in ("substantiate", "dismiss"):
        obj.finding_note = _required(data, "note", gettext("请填写调查核实情况"))
        obj.found_on = _day_in_span(data.get("on"), obj.received_on, "on", "核实日期")
        obj.finding = "valid" if action == "substantiate" else "invalid"
    elif action == "reply":
        obj.reply = _required(data, "note", gettext("请填写答复内容（答复方式、答复要点）"))
        obj.replied_on = _day_in_span(data.get("on"), obj.received_on, "on", "答复日期")
    elif action == "withdraw":
        obj.withdrawn_reason = _required(data, "note", gettext("请说明撤回情况"))
    elif action == "mark_complex":
        obj.complex = True
        obj.complex_reason = _required(data, "note", gettext("请说明复杂情形（如涉及两个以上部门）"))
    elif action == "request_deduction":
        # The scheme is the one in force for the person's post (not asked); the rule one of its deductions.
        obj.deduction_note = (data.get("note") or "").strip()[:300]
        obj.deduction_requested_at, obj.deduction_requested_by = timezone.now(), actor
        event = _record_complaint_deduction(obj, rule=(data.get("rule") or "").strip(), points=data.get("points"),
                                            actor=actor)
        obj.deduction_scheme, obj.deduction_rule = event.scheme_version.code, event.rule  # the code: for the record
        obj.deduction_event_ref = str(event.pk)
    elif action == "request_window_deduction":
        # The window ledger sits above feedback: redflags records the event, then reports it here
        # (complaint_window_deduction_recorded); a request made here would have no event.
        raise IllegalMove(gettext("投诉属实记入窗口月考核扣分，请通过“记入窗口月考核扣分”办理"))
    return _save_moved(
        obj, target, audited=action in COMPLAINT_AUDITED, actor=actor, action=f"投诉：{COMPLAINT.moves[action].label}",
        before=before, fields=COMPLAINT_AUDIT_FIELDS, summary=_complaint_summary(obj),
        reason=(data.get("note") or "").strip(),
    )


def _complaint_rule_refusal(version, code: str) -> str | None:
    """Why ``code`` cannot score a verified complaint under ``version`` (Chinese, with the rules that can), or None:
    only the scheme's deduction rules that stand by themselves (``direct_deductions``) — never a bonus (B3 锦旗),
    nor 27 (scored as the rule it names, which the complaint's form does not ask)."""
    from staff_scoring.schemes import direct_deductions, scheme_of

    scheme = scheme_of(version)
    allowed = [rule.code for rule in direct_deductions(scheme)]
    if code in allowed:
        return None
    found = scheme.rules.get(code)
    if not code:
        why = gettext("请选择扣分细则")
    elif found is None:
        why = gettext("「%(scheme)s」没有细则%(rule)s") % {"scheme": version.title, "rule": code}
    elif found.kind != "deduction":
        why = gettext("细则%(rule)s是加分细则，投诉属实不能加分") % {"rule": code}
    else:
        why = gettext("细则%(rule)s按对应细则扣分，请直接选择对应的细则") % {"rule": code}
    return why + gettext("：只能选择本岗位计分方案的扣分细则（%(rules)s）") % {"rules": "、".join(allowed)}


@transaction.atomic
def _record_complaint_deduction(complaint: Complaint, *, rule: str, points, actor):
    """The matching deduction event for the staff member (issue: a verified complaint creates it), under a deduction
    rule of the scheme in force for their post (``_complaint_rule_refusal``: refused on ``rule``, nothing recorded).
    The staff-scoring service validates the rest; its Chinese errors roll everything back."""
    from staff_scoring.models import EventKind, EventSource
    from staff_scoring.schemes import version_for_staff
    from staff_scoring.services import record_event

    version = version_for_staff(complaint.staff)  # None: record_event refuses (no scheme published for the post)
    if version is not None and (refusal := _complaint_rule_refusal(version, rule)):
        raise ValidationError({"rule": refusal})
    on = complaint.found_on or timezone.localdate()
    event = record_event(
        staff=complaint.staff, rule=rule, date=on, actor=actor, points=points or None,
        note=f"投诉 {complaint.pk} 经查属实：{complaint.deduction_note}"[:300], source=EventSource.SYSTEM,
    )
    if event.scheme_version_id != version.pk or event.kind != EventKind.DEDUCTION:  # a version published meanwhile
        raise ValidationError({"rule": gettext("计分方案刚刚更新，请重新选择扣分细则")})
    return event


@transaction.atomic
def complaint_window_deduction_recorded(*, complaint: Complaint, actor, scheme: str, rule: str, event_ref: str,
                                        note: str = "") -> Complaint:
    """A verified complaint against a window (no staff member named) scored on the window's monthly ledger: the
    window ledger (redflags, above feedback) records the event of rule 6.6 or S5 (``WINDOW_DEDUCTION_RULES``) and
    reports it here in the same transaction; the move "request_window_deduction" is checked and audited here."""
    obj = Complaint.objects.select_for_update().get(pk=complaint.pk)
    target = COMPLAINT.move(obj.state, "request_window_deduction", user_role(actor), obj).after(obj.state)
    if rule not in WINDOW_DEDUCTION_RULES:
        raise ValidationError({"rule": gettext("投诉属实扣窗口分，请选择细则6.6（批评意见属实）或S5（有责投诉造成严重后果）")})
    before = _snapshot(obj, COMPLAINT_AUDIT_FIELDS)
    obj.deduction_note = (note or "").strip()[:300]
    obj.deduction_requested_at, obj.deduction_requested_by = timezone.now(), actor
    obj.deduction_scheme, obj.deduction_rule, obj.deduction_event_ref = scheme, rule, str(event_ref)[:64]
    return _save_moved(
        obj, target, audited=True, actor=actor, action=f"投诉：{COMPLAINT.moves['request_window_deduction'].label}",
        before=before, fields=COMPLAINT_AUDIT_FIELDS, summary=_complaint_summary(obj), reason=obj.deduction_note,
    )


def complaint_deduction_recorded(*, complaint: Complaint, event_ref: str, actor=None) -> Complaint:
    """The hook's other half: the staff-scoring integration reports the deduction event it created."""
    obj = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not obj.deduction_requested_at:
        raise ValidationError(gettext("该投诉没有申请扣分"))
    if obj.deduction_event_ref:
        raise ValidationError(gettext("该投诉的扣分事件已登记"))
    obj.deduction_event_ref = str(event_ref)[:64]
    obj.save(update_fields=["deduction_event_ref"])
    if actor is not None:
        audit.record(actor=actor, action="投诉：登记扣分事件", target=obj, after={"event": obj.deduction_event_ref})
    return obj


# ----------------------------------------------------------------------------------------------------- notices

NOTICE_FIELDS = ["window", "staff", "applicant", "applicant_phone", "matter_code", "matter_name", "missing_materials",
                 "promised_on", "issued_on"]


@transaction.atomic
def notice_create(*, centre: ServiceCentre, actor, **fields) -> DeficiencyNotice:
    notice = DeficiencyNotice(centre=centre, created_by=actor, **{k: v for k, v in fields.items() if k in NOTICE_FIELDS})
    if user_role(actor) == "staff":
        notice.staff = actor.staff
    if notice.applicant_phone:
        try:
            notice.applicant_phone = validate_phone(notice.applicant_phone)
        except ValidationError as exc:
            raise ValidationError({"applicant_phone": exc.message_dict["phone"]}) from exc
    notice.issued_on = notice.issued_on or timezone.localdate()
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def notice_move(*, notice: DeficiencyNotice, action: str, actor, on: dt.date | None = None,
                note: str = "") -> DeficiencyNotice:
    obj = DeficiencyNotice.objects.select_for_update().get(pk=notice.pk)
    on = _day_in_span(on, obj.issued_on, "on", "日期")
    target = NOTICE.move(obj.state, action, user_role(actor), obj, on=on).after(obj.state)
    obj.state, obj.closed_on, obj.close_note = target, on, (note or "").strip()[:300]
    obj.full_clean()
    obj.save()
    return obj
