"""Staff-scoring test data built in code: the published fixture schemes, events recorded through the service,
appeals and duty officers. ``walk_object`` makes (once per county) what the scope walk needs (tests/scopewalk.py)."""

from __future__ import annotations

import datetime as dt
import io

from staff_scoring import services
from staff_scoring.models import Appeal, DutyOfficer, SchemeVersion, StaffEvent
from tests.factories import County

FAR_FUTURE = dt.date(2099, 12, 31)
# When the test world's schemes were published: events may be dated from 1 January of the year the first scheme
# for a post was published (staff_scoring.schemes.first_day), and the tests record events of 2024 and 2025.
PUBLISHED = dt.datetime(2024, 1, 1, 9, 0, tzinfo=dt.UTC)


def ensure_schemes() -> None:
    """Every fixture scheme loaded and published (as ``load_fixtures`` does), unless some scheme already is; published
    as of ``PUBLISHED``, as in a system that has run since 2024."""
    from staff_scoring.fixtures_loader import load_all

    if not SchemeVersion.objects.filter(published_at__isnull=False).exists():
        load_all(io.StringIO())
        SchemeVersion.objects.filter(published_at__isnull=False).update(published_at=PUBLISHED)


def event(staff, rule: str, day: dt.date | str, *, actor=None, **fields) -> StaffEvent:
    """An event recorded through the service (validated against the scheme in force), on any past or future date;
    ``fields`` are the service's keywords (occurrences, level, points, note, …)."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return services.record_event(staff=staff, rule=rule, date=day, actor=actor, today=FAR_FUTURE, **fields)


def appeal(event_: StaffEvent, *, by=None, reason: str = "有误") -> Appeal:
    """A pending appeal against ``event_``, stored directly (no appeal deadline, no audit entry); ``by`` defaults to
    the user tied to the event's staff member. Tests of filing an appeal go through ``services.file_appeal``."""
    if by is None:
        from accounts.models import User

        by = User.objects.filter(staff=event_.staff).first()
    return Appeal.objects.create(event=event_, reason=reason, submitted_by=by)


def duty(centre, staff, *, actor=None) -> DutyOfficer:
    """``staff`` made a duty officer of ``centre`` through the service (audited)."""
    return services.grant_duty(centre=centre, staff=staff, actor=actor)


# --- objects of a county for the scope walk: created once, found again on later calls ---------------------------


def event_of(county: County) -> StaffEvent:
    ensure_schemes()
    found = StaffEvent.objects.filter(staff=county.window_staff, note="scope-walk").first()
    return found or event(county.window_staff, "1", dt.date(2026, 1, 5), note="scope-walk", actor=county.director)


def appeal_of(county: County) -> Appeal:
    ensure_schemes()
    found = Appeal.objects.filter(event__staff=county.window_staff, reason="scope-walk").first()
    if found:
        return found
    target = event(county.window_staff, "3", dt.date(2026, 1, 6), note="scope-walk appeal", actor=county.director)
    return appeal(target, by=county.staff_user, reason="scope-walk")


def duty_of(county: County) -> DutyOfficer:
    found = DutyOfficer.objects.filter(centre=county.centre, staff=county.station_staff).first()
    return found or duty(county.centre, county.station_staff, actor=county.director)


def scheme_of_walk(county: County) -> SchemeVersion:
    ensure_schemes()
    return SchemeVersion.objects.order_by("pk").first()


def walk_object(kind: str, county: County) -> int:
    """The pk of an event, appeal, duty officer or scheme version in ``county``, for tests/scopewalk.py."""
    make = {"event": event_of, "appeal": appeal_of, "duty": duty_of, "scheme": scheme_of_walk}[kind]
    return make(county).pk
