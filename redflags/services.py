"""Writes of the window ledger and the red flag: validate, save in a transaction, audit (after HackSoft's Django styleguide).

Every function is keyword-only and raises ``ValidationError`` with Chinese messages (keyed by form field where one
applies), so ``core.forms.run_service`` puts them back on the form. Views fetch the objects through
``redflags.selectors`` first (D14), so the services trust the scope of what they are given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from centers.models import ServiceCentre, Window
from core import audit, revisions
from core.access import user_role
from feedback.models import WINDOW_DEDUCTION_RULES, Complaint
from feedback.services import complaint_window_deduction_recorded
from feedback.workflow import COMPLAINT
from redflags import ranking, workflow
from redflags.ledger import (
    NO_SCHEME,
    RATING_RULES,
    NoScheme,
    current_version,
    declarable_rules,
    month_end,
    month_ledger,
    recordable_rules,
)
from redflags.models import (
    Declaration,
    DeclarationItem,
    DeclarationState,
    EventStatus,
    LastPlaceNotice,
    MonthPublication,
    MonthResult,
    NoticeStatus,
    RedFlagPolicy,
    WindowEvent,
)
from redflags.selectors import own_window_id, policy_of
from scoring.ledger import Event, EventError, validate_event
from staff_scoring.schemes import scheme_of

POINT_STEP = Decimal("0.1")


def _version(day: dt.date):
    try:
        return current_version(day)
    except NoScheme:
        raise ValidationError(NO_SCHEME) from None


def _num(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def _check_points(rule, points: Decimal | None, field: str = "points") -> dict[str, str]:
    """Chinese messages for points outside the rule's range (before the engine's own check)."""
    if points is not None:
        if not isinstance(points, Decimal):
            points = Decimal(str(points))
        if points <= 0:
            return {field: "分值应大于 0"}
        if points != points.quantize(POINT_STEP):
            return {field: "分值最多保留 1 位小数（0.1 分）"}
    sign = "扣" if rule.kind == "deduction" else "加"
    if rule.points_range is not None:
        lo, hi = rule.points_range
        if points is None:
            return {field: f"细则{rule.code}每次{sign} {_num(lo)}—{_num(hi)} 分，请填写本次分值"}
        if not lo <= points <= hi:
            return {field: f"细则{rule.code}每次{sign} {_num(lo)}—{_num(hi)} 分，填写的是 {_num(points)}"}
    elif points is not None and points != rule.points:
        return {field: f"细则{rule.code}每次{sign} {_num(rule.points)} 分，不用填写分值"}
    return {}


# ------------------------------------------------------------------------------------------------ events


@transaction.atomic
def event_record(*, actor, window: Window, date: dt.date, rule: str, points: Decimal | None = None,
                 occurrences: int = 1, note: str = "") -> WindowEvent:
    """Record one event of a window's month (a director or the admin; 上虞细则 考核依据 …日常管理、监督检查…)."""
    today = timezone.localdate()
    if not isinstance(date, dt.date):
        raise ValidationError({"date": gettext("请填写日期")})
    if date > today:
        raise ValidationError({"date": gettext("日期不能晚于今天")})
    if not window.active:
        raise ValidationError({"window": gettext("该窗口已停用，不能记录")})
    version = _version(month_end(date.year, date.month))
    scheme = scheme_of(version)
    found = scheme.rules.get(rule)
    if rule in RATING_RULES.values():
        raise ValidationError({"rule": gettext("服务对象评议按好差评自动计分（核实属实的差 −3，一般 −0.5），不必手工记录")})
    if found is None or found not in recordable_rules(scheme):
        if found is not None and found.kind == "bonus":
            raise ValidationError({"rule": gettext("细则%(rule)s是附加分，请在月底通过“附加分申报”申报，审定后计分") % {"rule": rule}})
        raise ValidationError({"rule": gettext("请选择窗口月考核方案中可以记录的细则")})
    if isinstance(occurrences, bool) or not isinstance(occurrences, int) or not 1 <= occurrences <= 99:
        raise ValidationError({"occurrences": gettext("次数应为 1—99 的整数")})
    errors = _check_points(found, points)
    if errors:
        raise ValidationError(errors)
    if found.points_range is None:
        points = None
    try:
        validate_event(scheme, Event(date=date, rule=rule, occurrences=occurrences, points=points))
    except EventError as exc:
        raise ValidationError(exc.message) from None
    event = WindowEvent(
        window=window, scheme_version=version, rule=rule, kind=found.kind, date=date, occurrences=occurrences,
        points=points, note=note.strip(), recorded_by=actor if actor.is_authenticated else None,
        recorded_at=timezone.now(),
    )
    event.full_clean()
    event.save()
    audit.record(actor=actor, action="记录窗口考核事件", target=event, after=_event_snapshot(event),
                 summary=f"{window.centre.name} {window} {date:%Y-%m-%d} 细则{rule}")
    return event


@transaction.atomic
def complaint_deduction(*, actor, complaint: Complaint, rule: str, points: Decimal | None = None,
                        note: str = "") -> Complaint:
    """A verified complaint against a window (no staff member named) scored on the window's month: the event of rule
    6.6 or S5 (``feedback.models.WINDOW_DEDUCTION_RULES``), dated on the finding, recorded and audited by
    ``event_record`` (so it counts in the month's result like any recorded event, and the scheme's checks refuse a
    wrong rule or points), then reported to the complaint (``feedback.services.complaint_window_deduction_recorded``:
    the move, its guards and its audit), all in one transaction: a refusal on either side rolls both back."""
    COMPLAINT.move(complaint.state, "request_window_deduction", user_role(actor), complaint)  # refuse early
    rule = (rule or "").strip()
    if rule not in WINDOW_DEDUCTION_RULES:
        raise ValidationError({"rule": gettext("投诉属实扣窗口分，请选择细则6.6（批评意见属实）或S5（有责投诉造成严重后果）")})
    text = f"投诉 {complaint.pk} 经查属实" + (f"：{note.strip()}" if note and note.strip() else "")
    event = event_record(actor=actor, window=complaint.window, date=complaint.found_on or timezone.localdate(),
                         rule=rule, points=points or None, occurrences=1, note=text[:1000])
    return complaint_window_deduction_recorded(complaint=complaint, actor=actor, scheme=event.scheme_version.code,
                                               rule=event.rule, event_ref=str(event.pk), note=note)


def _event_snapshot(event: WindowEvent) -> dict:
    return {
        "window": event.window_id, "date": event.date, "rule": event.rule, "kind": event.kind,
        "occurrences": event.occurrences, "points": event.points, "note": event.note, "status": event.status,
        "scheme": f"{event.scheme_version.code} v{event.scheme_version.version}",
    }


@transaction.atomic
def event_revoke(*, actor, event: WindowEvent, reason: str) -> WindowEvent:
    """Revoke a recorded event (it stops counting everywhere); the reason is kept and audited."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": gettext("请填写撤销理由")})
    event = WindowEvent.objects.select_for_update().select_related("window", "scheme_version").get(pk=event.pk)
    if event.status != EventStatus.ACTIVE:
        raise ValidationError(gettext("该记录已撤销"))
    before = _event_snapshot(event)
    event.status = EventStatus.REVOKED
    event.revoked_by = actor if actor.is_authenticated else None
    event.revoked_at = timezone.now()
    event.revoke_reason = reason
    event.save(update_fields=["status", "revoked_by", "revoked_at", "revoke_reason"])
    audit.record(actor=actor, action="撤销窗口考核事件", target=event, before=before, after=_event_snapshot(event),
                 summary=f"{event.window} {event.date:%Y-%m-%d} 细则{event.rule}", reason=reason)
    return event


# ------------------------------------------------------------------------------------------------ 附加分


def _lock_month(centre_id: int, year: int, month: int) -> MonthPublication | None:
    """Take the centre's row lock (the one ``month_publish`` takes) and return the month's publication, if any: a
    declaration's moves check whether the month is published under this lock, so a publication and a declaration or
    approval of the same month cannot cross (the one that comes second sees the other)."""
    ServiceCentre.objects.select_for_update().filter(pk=centre_id).first()
    return MonthPublication.objects.filter(centre_id=centre_id, year=year, month=month).first()


def _declaration_snapshot(declaration: Declaration) -> dict:
    return {
        "state": declaration.state,
        "items": [{"rule": i.rule, "points": i.points, "reason": i.reason} for i in declaration.items.all()],
        "note": declaration.note,
    }


@transaction.atomic
def declaration_save(*, actor, window: Window, year: int, month: int, items: Iterable[Mapping],
                     note: str = "", revision: Any = None) -> Declaration:
    """Declare (or correct) a window's 附加分 for a month: one declaration per window and month, editable until it is
    checked; saving a returned declaration submits it again. ``items``: mappings of rule, points, reason.

    Declared by the window itself (上虞细则 二12 加分由各窗口在月底进行申报): a staff member only for the window of their own
    Staff record; the director or the admin for any window they are given (workflow ``declare``).

    ``revision``: the one the form was loaded at (0 before the declaration existed); a declaration changed since is
    not overwritten (``core.revisions.StaleEdit``, current declaration attached). None only for calls from code."""
    today = timezone.localdate()
    role = user_role(actor)
    if role == "staff" and own_window_id(actor) != window.pk:
        raise workflow.IllegalMove(gettext("只能申报本人所在窗口的附加分"))
    if role not in workflow.DECLARATION.moves["declare"].who:
        raise workflow.IllegalMove(gettext("您的角色不能申报附加分"))
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ValidationError(gettext("月份不对"))
    if (year, month) > (today.year, today.month):
        raise ValidationError(gettext("不能申报尚未开始的月份"))
    if not window.active:
        raise ValidationError(gettext("该窗口已停用，不能申报"))
    publication = _lock_month(window.centre_id, year, month)
    workflow.DECLARATION.move(workflow.NEW, "declare", role, published=publication)  # a published month: refused
    version = _version(month_end(year, month))
    scheme = scheme_of(version)
    allowed = {rule.code: rule for rule in declarable_rules(scheme)}
    cleaned, problems = [], []
    for number, item in enumerate(items, start=1):
        code = item.get("rule") or ""
        points = item.get("points")
        reason = (item.get("reason") or "").strip()
        rule = allowed.get(code)
        if rule is None:
            problems.append(f"第 {number} 项：请选择附加分情形（1）—（13）")
            continue
        message = _check_points(rule, points).get("points")
        if message:
            problems.append(f"第 {number} 项：{message}")
        if not reason:
            problems.append(f"第 {number} 项：请填写加分事由")
        cleaned.append((code, Decimal(str(points)) if points is not None else None, reason))
    if not cleaned and not problems:
        problems.append("请至少填写一项附加分")
    if problems:
        raise ValidationError(problems)
    declaration = (Declaration.objects.select_for_update().filter(window=window, year=year, month=month)
                   .prefetch_related("items").first())
    before = None
    if declaration is not None and revision is not None:
        revisions.check(declaration, revision, what="本月附加分申报")
    if declaration is not None:
        if not declaration.editable:
            raise ValidationError(gettext("本月附加分申报%(state)s，不能再修改") % {"state": declaration.get_state_display()}
                                  + (gettext("（审定后如需更正，请先撤销审定）") if declaration.is_approved else ""))
        workflow.DECLARATION.move(declaration.state, "declare", role, declaration, published=publication)
        before = _declaration_snapshot(declaration)
        declaration.items.all().delete()
        declaration.revision += 1
    else:
        declaration = Declaration(window=window, year=year, month=month)
    declaration.scheme_version = version
    declaration.state = DeclarationState.DECLARED
    declaration.note = note.strip()
    declaration.declared_by = actor if actor.is_authenticated else None
    declaration.declared_at = timezone.now()
    declaration.checked_by = declaration.approved_by = None
    declaration.checked_at = declaration.approved_at = None
    declaration.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            declaration.save()
    except IntegrityError:
        raise ValidationError(gettext("该窗口本月已有附加分申报，请刷新页面后在原申报中修改")) from None
    DeclarationItem.objects.bulk_create(
        DeclarationItem(declaration=declaration, rule=code, points=points, reason=reason)
        for code, points, reason in cleaned
    )
    declaration = Declaration.objects.prefetch_related("items").get(pk=declaration.pk)
    audit.record(actor=actor, action="申报附加分" if before is None else "修改附加分申报", target=declaration,
                 before=before, after=_declaration_snapshot(declaration), summary=str(declaration))
    return declaration


@transaction.atomic
def declaration_move(*, actor, declaration: Declaration, action: str, note: str = "") -> Declaration:
    """Check, approve, return or reopen a declaration (workflow table); every move is audited. The one who declared
    it may not approve it (上虞细则 二12: declared by the window, checked, approved by the centre)."""
    publication = _lock_month(declaration.window.centre_id, declaration.year, declaration.month)
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if action in workflow.DECLARATION.moves and workflow.DECLARATION.moves[action].by_form:
        raise workflow.IllegalMove(gettext("请在申报表中填写并提交附加分申报"))
    declarer = actor.is_authenticated and declaration.declared_by_id == actor.pk
    move = workflow.DECLARATION.move(declaration.state, action, user_role(actor), declaration, declarer=declarer,
                                     published=publication)
    note = (note or "").strip()
    if move.needs_note and not note:
        raise ValidationError({"note": gettext("请填写%(label)s的理由") % {"label": move.label}})
    before = _declaration_snapshot(declaration)
    now = timezone.now()
    who = actor if actor.is_authenticated else None
    declaration.state = move.target
    if action == "check":
        declaration.checked_by, declaration.checked_at = who, now
    elif action == "approve":
        declaration.approved_by, declaration.approved_at = who, now
    else:
        declaration.checked_by = declaration.approved_by = None
        declaration.checked_at = declaration.approved_at = None
    if note:
        declaration.decision_note = note
    declaration.revision += 1
    declaration.save()
    audit.record(actor=actor, action=f"附加分申报：{move.label}", target=declaration, before=before,
                 after=_declaration_snapshot(declaration), summary=str(declaration), reason=note)
    return declaration


# ------------------------------------------------------------------------------------------------ publication


@transaction.atomic
def month_publish(*, actor, centre: ServiceCentre, year: int, month: int) -> MonthPublication:
    """Publish a centre's month: rank the windows, give the red flags, store the results, and make (or withdraw) the
    year's last-place notices. Publishing again after corrections replaces the month's results."""
    today = timezone.localdate()
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ValidationError(gettext("月份不对"))
    if month_end(year, month) > today:
        raise ValidationError(gettext("%(year)s年%(month)s月尚未结束，月底后才能发布考核结果") % {"year": year, "month": month})
    publication = _lock_month(centre.pk, year, month)  # one publisher at a time per centre; declarations wait too
    try:
        ledger = month_ledger(centre, year, month)
    except NoScheme:
        raise ValidationError(NO_SCHEME) from None
    if not ledger.windows:
        raise ValidationError(gettext("本中心没有启用的窗口，无法排名"))
    policy = policy_of(centre)
    placings = {
        p.key: p
        for p in ranking.rank_month(
            [ranking.MonthScore(w.window.pk, w.score, w.eligible) for w in ledger.windows], policy.monthly_red_flags
        )
    }
    before = None
    if publication is not None:
        before = _publication_snapshot(publication)
        publication.results.all().delete()
    else:
        publication = MonthPublication(centre=centre, year=year, month=month)
    publication.scheme_version = ledger.version
    publication.red_flags = policy.monthly_red_flags
    publication.published_by = actor if actor.is_authenticated else None
    publication.published_at = timezone.now()
    publication.save()
    MonthResult.objects.bulk_create(
        MonthResult(
            publication=publication, window=w.window, score=w.score, bonus=w.bonus, severe=w.severe,
            categories=w.categories_json(), rank=placings[w.window.pk].rank, eligible=w.eligible,
            red_flag=placings[w.window.pk].red_flag, last=placings[w.window.pk].last,
        )
        for w in ledger.windows
    )
    audit.record(actor=actor, action="发布窗口月度考核结果" if before is None else "重新发布窗口月度考核结果",
                 target=publication, before=before, after=_publication_snapshot(publication),
                 summary=str(publication))
    notices_sync(actor=actor, centre=centre, year=year)
    return publication


def _publication_snapshot(publication: MonthPublication) -> dict:
    return {
        "red_flags": publication.red_flags,
        "results": [
            {"window": r.window_id, "score": r.score, "rank": r.rank, "red_flag": r.red_flag, "last": r.last,
             "eligible": r.eligible}
            for r in publication.results.order_by("rank", "window_id")
        ],
    }


def notices_sync(*, actor, centre: ServiceCentre, year: int) -> list[LastPlaceNotice]:
    """Bring the year's last-place notices in line with the published months (ranking.last_place_notices): new ones
    are made, changed ones updated, ones no longer called for withdrawn. Returns the notices made or changed."""
    months = set(MonthPublication.objects.filter(centre=centre, year=year).values_list("month", flat=True))
    last_by_month: dict[int, set[int]] = {m: set() for m in months}
    for month, window_id in MonthResult.objects.filter(
        publication__centre=centre, publication__year=year, last=True
    ).values_list("publication__month", "window_id"):
        last_by_month[month].add(window_id)
    due = {(d.key, d.month): d for d in ranking.last_place_notices(last_by_month)}
    existing = {(n.window_id, n.month): n for n in
                LastPlaceNotice.objects.filter(centre=centre, year=year).select_related("window")}
    now = timezone.now()
    changed = []
    for key, d in sorted(due.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        notice = existing.get(key)
        fields = {"level": d.level, "run": d.run, "count": d.count, "reason": d.reason[:300],
                  "status": NoticeStatus.ACTIVE}
        if notice is None:
            notice = LastPlaceNotice.objects.create(centre=centre, window_id=d.key, year=year, month=d.month,
                                                    created_at=now, **fields)
            audit.record(actor=actor, action="生成末位通报", target=notice, after=fields, summary=str(notice))
            changed.append(notice)
        elif any(getattr(notice, f) != v for f, v in fields.items()):
            before = {f: getattr(notice, f) for f in fields}
            for f, v in fields.items():
                setattr(notice, f, v)
            notice.withdrawn_at = None
            notice.save()
            audit.record(actor=actor, action="更新末位通报", target=notice, before=before, after=fields,
                         summary=str(notice))
            changed.append(notice)
    for key, notice in existing.items():
        if key not in due and notice.status == NoticeStatus.ACTIVE:
            notice.status = NoticeStatus.WITHDRAWN
            notice.withdrawn_at = now
            notice.save(update_fields=["status", "withdrawn_at"])
            audit.record(actor=actor, action="撤回末位通报", target=notice, before={"status": NoticeStatus.ACTIVE},
                         after={"status": NoticeStatus.WITHDRAWN}, summary=str(notice),
                         reason="重新发布后不再满足末位通报条件")
            changed.append(notice)
    return changed


# ------------------------------------------------------------------------------------------------ settings


@transaction.atomic
def policy_update(*, actor, centre: ServiceCentre, monthly_red_flags: int, annual_red_flags: int,
                  revision: Any = None) -> RedFlagPolicy:
    """Set a centre's red-flag counts. ``revision``: the one the form was loaded at (0 before the centre had its own
    settings); settings changed since are not overwritten (``core.revisions.StaleEdit``). None only from code."""
    policy = RedFlagPolicy.objects.select_for_update().filter(centre=centre).first() or RedFlagPolicy(centre=centre)
    if revision is not None:
        revisions.check(policy if policy.pk else RedFlagPolicy(centre=centre, revision=0), revision,
                        what="本中心的流动红旗设置")
    before = None if policy.pk is None else {"monthly": policy.monthly_red_flags, "annual": policy.annual_red_flags}
    if policy.pk:
        policy.revision += 1
    policy.monthly_red_flags = monthly_red_flags
    policy.annual_red_flags = annual_red_flags
    policy.updated_by = actor if actor.is_authenticated else None
    policy.full_clean()
    policy.save()
    audit.record(actor=actor, action="修改流动红旗设置", target=policy, before=before,
                 after={"monthly": monthly_red_flags, "annual": annual_red_flags}, summary=str(policy))
    return policy
