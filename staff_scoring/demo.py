"""Demo data for staff scoring (`seed_demo`): the schemes, a year of events for the demo county, an appeal waiting,
a duty officer. Safe to re-run: a county whose staff already have events is left as it is.

Every seeded row names its people with the demo accounts: the centre's director records the events (a centre
without a director account gets one, as assessment.demo does), the duty officer (account ``duty``, the person on
duty at the showcase centre) records some of the recent ones at that centre, and the ``staff`` account files the
appeal waiting."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from centers.demo import DemoCounty
from core import audit
from core.models import AuditEntry
from scoring.ledger import Event, validate_event
from staff_scoring.fixtures_loader import load_all
from staff_scoring.models import Appeal, DutyOfficer, EventSource, StaffEvent
from staff_scoring.schemes import published_staff_versions, scheme_of, version_in_force

# (rule, weight, extra fields) — everyday deductions and bonuses; severe items are added by hand below.
WINDOW_EVENTS = [("1", 12, {}), ("3", 5, {}), ("6", 3, {}), ("7", 3, {}), ("9", 4, {}), ("28", 6, {}),
                 ("10a", 2, {}), ("B5", 10, {}), ("B6a", 4, {}), ("B6b", 2, {}), ("B7", 3, {"level": "centre"}),
                 ("B8", 3, {})]
STATION_EVENTS = [("1", 10, {}), ("3", 4, {}), ("4", 5, {}), ("16", 6, {}), ("B5", 8, {}), ("B6a", 3, {}),
                  ("B8", 3, {})]
NOTES = {"1": "上午迟到约10分钟", "3": "提前离岗就餐", "4": "上班时间玩手机", "6": "离岗超过15分钟未安排替岗",
         "7": "未佩戴工作证", "9": "接待群众时未使用文明用语", "28": "窗口桌面摆放杂乱", "10a": "周例会迟到",
         "16": "资料摆放杂乱", "B5": "下班后继续为群众办理业务", "B6a": "参加中心志愿服务活动",
         "B6b": "业务技能比赛获奖", "B7": "提出的叫号流程优化建议被中心采纳", "B8": "协助完成社保集中认证工作"}


DUTY_USERNAME = "duty"


def _account(username: str, display_name: str, role: str, **ties) -> User:
    from accounts.demo import _account as make  # the same fields and password as seed_demo's accounts

    return make(username, display_name, role, **ties)


def ensure_accounts(counties: list[DemoCounty]) -> None:
    """The demo accounts seed_demo prints (made here first, same fields, so the seeded rows can name them)."""
    if len(counties) >= 2:
        from accounts.demo import seed_accounts

        seed_accounts(counties)


def centre_director(centre) -> User:
    """The centre's director account: the demo one, or ``director-<town code>`` (as assessment.demo names it)."""
    found = User.objects.filter(role=Role.DIRECTOR, centre=centre).order_by("pk").first()
    return found or _account(f"director-{centre.region.code}", f"{centre.region.name}中心主任", Role.DIRECTOR,
                             centre=centre)


def staff_account(person) -> User | None:
    return User.objects.filter(role=Role.STAFF, staff=person).order_by("pk").first()


def seed(counties: list[DemoCounty], rng: random.Random) -> None:
    load_all(io.StringIO())
    ensure_accounts(counties)
    versions = published_staff_versions()
    today = timezone.localdate()
    for index, county in enumerate(counties):
        people = sorted(county.staff, key=lambda p: (p.name, p.pk))
        if not people or StaffEvent.objects.filter(staff__in=people).exists():
            continue
        with transaction.atomic():
            _seed_county(county, people, versions, rng, today, showcase=index == 0)


def _seed_county(county, people, versions, rng, today, *, showcase: bool) -> None:
    start = dt.date(today.year, 1, 1)
    days = (today - start).days + 1
    events: list[StaffEvent] = []
    directors = {centre.pk: centre_director(centre) for centre in county.centres}
    centre_of = {station.pk: station.centre_id for station in county.stations}
    duty = None  # (person, account) of the showcase centre's duty officer, from 1 January
    if showcase:
        on_duty = [p for p in people if p.centre_id == county.centres[0].pk and p.window_id][2:3]
        if on_duty:
            duty = on_duty[0], _account(DUTY_USERNAME, on_duty[0].name, Role.STAFF, staff=on_duty[0])

    def recorder(person, day) -> User:
        """The director; at the showcase centre the duty officer records about one in three of the last quarter's
        events (of everyone but themselves)."""
        centre_id = person.centre_id or centre_of.get(person.station_id)
        if (duty is not None and centre_id == county.centres[0].pk and person.pk != duty[0].pk
                and (today - day).days <= 92 and len(events) % 3 == 0):
            return duty[1]
        return directors.get(centre_id) or directors[county.centres[0].pk]

    def add(person, rule, day, **fields):
        version = version_in_force(versions, person.post_type, today)
        scheme = scheme_of(version)
        days_value = fields.pop("days", None)
        engine_event = Event(date=day, rule=rule, occurrences=None if days_value else fields.get("occurrences", 1),
                             days=days_value, level=fields.get("level"), aggravated=fields.get("aggravated", False),
                             points=fields.get("points"), deed=fields.get("deed"), refers_to=fields.get("refers_to"))
        validate_event(scheme, engine_event)
        recorded = timezone.make_aware(dt.datetime.combine(min(day + dt.timedelta(days=1), today), dt.time(17, 30)))
        events.append(StaffEvent(
            staff=person, scheme_version=version, rule=rule, kind=scheme.rules[rule].kind, date=day,
            occurrences=None if days_value else fields.get("occurrences", 1), days=days_value,
            level=fields.get("level") or "", aggravated=fields.get("aggravated", False), points=fields.get("points"),
            deed=fields.get("deed") or "", refers_to=fields.get("refers_to") or "", note=fields.get("note", NOTES.get(rule, "")),
            source=EventSource.MANUAL, recorded_at=recorded, recorded_by=recorder(person, day),
        ))

    for person in people:
        table = WINDOW_EVENTS if person.centre_id else STATION_EVENTS
        rules = [r for r, _, _ in table]
        weights = [w for _, w, _ in table]
        extras = {r: e for r, _, e in table}
        for _ in range(rng.randint(3, 3 + days // 30)):
            rule = rng.choices(rules, weights)[0]
            day = start + dt.timedelta(days=rng.randrange(days))
            if day.weekday() >= 5:
                day -= dt.timedelta(days=day.weekday() - 4)
            add(person, rule, max(day, start), occurrences=rng.choice((1, 1, 1, 2)) if rule in ("1", "B5") else 1,
                **extras[rule])

    if showcase:
        centre = county.centres[0]
        at_centre = [p for p in people if p.centre_id == centre.pk and p.window_id]
        at_stations = [p for p in people if p.station_id and p.station.centre_id == centre.pk]
        if at_centre:
            star = at_centre[0]  # the demo "staff" account's person (accounts.demo picks the first by name)
            add(star, "B3", _day(today, 60), deed="锦旗-王大爷社保认证", note="群众赠送锦旗“热情服务 真心为民”")
            add(star, "B3", _day(today, 58), deed="锦旗-王大爷社保认证", note="同一件事的表扬信（同一事项只认定一次）")
            add(star, "B1", _day(today, 90), level="local", deed="帮办代办先进事迹", note="乐至电视台报道")
            add(star, "B1", _day(today, 20), level="city", deed="帮办代办先进事迹", note="资阳日报报道（只计差额）")
            add(star, "B4", _day(today, 45), level="city", note="获市政务服务管理局表彰（计入12月）")
            add(star, "1", _day(today, 2), note="上午迟到约15分钟（可申诉示例）")
        if len(at_centre) > 1:
            other = at_centre[1]
            add(other, "22", _day(today, 120), note="审批办件出现差错，经查实")
            add(other, "22", _day(today, 30), note="再次出现办件差错（全年2次，取消年度评优资格）")
            add(other, "4", _day(today, 12), aggravated=True, points=Decimal(30), note="上班时间看视频被群众投诉")
        if at_stations:
            add(at_stations[0], "2", _day(today, 75), aggravated=True, points=Decimal(25), note="代办件丢失材料，造成不良影响")
    StaffEvent.objects.bulk_create(events, batch_size=1000)
    latest = None  # the showcase's appeal waiting: its event recorded just now, so that it is still open
    if showcase and at_centre:
        latest = StaffEvent.objects.filter(staff=at_centre[0], rule="1").order_by("-date", "-pk").first()
        if latest is not None:
            latest.recorded_at = timezone.now()
            latest.save(update_fields=["recorded_at"])
    _audit_recorded(list(StaffEvent.objects.filter(staff__in=people).select_related("staff")))

    if latest is not None:
        appeal = Appeal.objects.create(event=latest, reason="当天上午在窗口外为老人帮办，系统考勤未记录，有同事可作证。",
                                       submitted_by=staff_account(latest.staff))
        audit.record(actor=appeal.submitted_by, action="提出申诉", target=latest, reason=appeal.reason,
                     after={"appeal": appeal.pk, "status": appeal.status}, summary=str(latest))
    if duty is not None:
        showcase_centre = county.centres[0]
        officer, _ = DutyOfficer.objects.get_or_create(centre=showcase_centre, staff=duty[0], ended_at=None,
                                                       defaults={"granted_by": directors[showcase_centre.pk]})
        DutyOfficer.objects.filter(pk=officer.pk).update(
            granted_at=timezone.make_aware(dt.datetime.combine(start, dt.time(9, 0))))


def _audit_recorded(events) -> None:
    """The "记录扣分加分" entry of each seeded event (its 操作记录), by its recorder at its recording time."""
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(StaffEvent)
    entries = [AuditEntry(actor_id=e.recorded_by_id, action="记录扣分加分", content_type=kind, object_id=str(e.pk),
                          summary=str(e)[:300]) for e in events]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    for entry, event in zip(entries, events, strict=True):
        entry.at = event.recorded_at
    AuditEntry.objects.bulk_update(entries, ["at"], batch_size=500)


def _day(today: dt.date, back: int) -> dt.date:
    """A weekday about ``back`` days before today, not before 1 January."""
    day = max(today - dt.timedelta(days=back), dt.date(today.year, 1, 1))
    while day.weekday() >= 5 and day > dt.date(today.year, 1, 1):
        day -= dt.timedelta(days=1)
    return day
