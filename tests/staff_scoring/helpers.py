"""Small builders for staff-scoring tests and for the scope walk (tests/scopewalk.py ARGUMENTS)."""

from __future__ import annotations

import datetime as dt
import io

from staff_scoring import services
from staff_scoring.models import Appeal, DutyOfficer, SchemeVersion, StaffEvent

FAR_FUTURE = dt.date(2099, 12, 31)


def ensure_schemes() -> None:
    from staff_scoring.fixtures_loader import load_all

    if not SchemeVersion.objects.filter(published_at__isnull=False).exists():
        load_all(io.StringIO())


def event(staff, rule: str, day: dt.date | str, *, actor=None, **fields) -> StaffEvent:
    """Record an event through the service (validated), accepting any past or future date."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return services.record_event(staff=staff, rule=rule, date=day, actor=actor, today=FAR_FUTURE, **fields)


# --- objects of a county for the scope walk: created once, found again on later calls ---------------------------


def event_of(county) -> StaffEvent:
    ensure_schemes()
    found = StaffEvent.objects.filter(staff=county.window_staff, note="scope-walk").first()
    return found or event(county.window_staff, "1", dt.date(2026, 1, 5), note="scope-walk", actor=county.director)


def appeal_of(county) -> Appeal:
    ensure_schemes()
    found = Appeal.objects.filter(event__staff=county.window_staff, reason="scope-walk").first()
    if found:
        return found
    target = event(county.window_staff, "3", dt.date(2026, 1, 6), note="scope-walk appeal", actor=county.director)
    return Appeal.objects.create(event=target, reason="scope-walk", submitted_by=county.staff_user)


def duty_of(county) -> DutyOfficer:
    found = DutyOfficer.objects.filter(centre=county.centre, staff=county.station_staff).first()
    return found or services.grant_duty(centre=county.centre, staff=county.station_staff, actor=county.director)


def scheme_of_walk(county) -> SchemeVersion:
    ensure_schemes()
    return SchemeVersion.objects.order_by("pk").first()


def walk_object(kind: str, county) -> int:
    """The pk of an event, appeal, duty officer or scheme version in ``county``, for tests/scopewalk.py."""
    make = {"event": event_of, "appeal": appeal_of, "duty": duty_of, "scheme": scheme_of_walk}[kind]
    return make(county).pk
