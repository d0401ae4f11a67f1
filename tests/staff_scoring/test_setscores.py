"""Period scores computed by the database (staff_scoring.setscores): what it leaves to the engine, and why.

The randomised equivalence with the engine is in test_scoring_random.py; these are the edges around it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from centers.models import Staff
from scoring.ledger import score_period
from staff_scoring import scoring, setscores
from staff_scoring.models import EventKind, EventStatus, StaffEvent
from staff_scoring.schemes import published_staff_versions, scheme_of, version_in_force
from tests.staff_scoring.factories import event

pytestmark = pytest.mark.django_db


def _version(person):
    return version_in_force(published_staff_versions(), person.post_type, dt.date(2025, 12, 31))


def _raw(person, rule: str, day: str, **fields) -> StaffEvent:
    """An event stored without the service's validation (as an import under an older version could leave it)."""
    kind = fields.pop("kind", EventKind.DEDUCTION)
    return StaffEvent.objects.create(staff=person, scheme_version=_version(person), rule=rule, kind=kind,
                                     date=dt.date.fromisoformat(day), recorded_at=timezone.now(), **fields)


def _engine(person, period: str):
    rows = StaffEvent.objects.filter(staff=person, status=EventStatus.ACTIVE).order_by("date", "id")
    return score_period(scheme_of(_version(person)), person.category, [scoring.to_event(r) for r in rows], period)


def test_the_baolin_schemes_are_scored_by_the_database_and_the_shangyu_ledger_is_left_to_the_engine(scored_world):
    from scoring.ledger import load_scheme_file

    for code in ("baolin-window-staff", "baolin-station-staff"):
        assert setscores.unsupported(load_scheme_file(f"fixtures/schemes/{code}.yaml")) is None
    assert "有封顶" in setscores.unsupported(load_scheme_file("fixtures/schemes/shangyu-window.yaml"))  # D7


def test_a_staff_member_with_an_event_the_scheme_refuses_is_scored_by_the_engine_with_the_reason(scored_world):
    a = scored_world.a
    event(a.window_staff, "1", "2025-10-06")  # 3 points (附件3 第1条), a valid event
    _raw(a.window_staff, "B1", "2025-10-08", kind=EventKind.BONUS, level="galaxy", deed="X")  # no such level
    event(a.station_staff, "1", "2025-10-06")
    stats: dict = {}
    both = Staff.objects.filter(pk__in=[a.window_staff.pk, a.station_staff.pk])
    rows = scoring.period_scores(both, "2025-10", method="sql", stats=stats)
    assert stats["path"] == "sql" and stats["staff_by_engine"] == 1
    refused = rows[a.window_staff.pk]
    assert refused.score == 97 and refused.bonus == 0  # the refused bonus is left out …
    assert len(refused.problems) == 1  # … and said
    assert "细则B1" in refused.problems[0] and "galaxy" in refused.problems[0]
    assert rows[a.station_staff.pk].problems == () and rows[a.station_staff.pk].score == _engine(a.station_staff,
                                                                                                 "2025-10").score


def test_a_total_too_large_for_a_signature_goes_to_the_engine_and_comes_out_the_same(scored_world):
    a = scored_world.a
    # 3 points × 40 million: 1.2 × 10⁹ tenths. Stored as data from before the recording bound could leave it: the
    # service takes at most services.MAX_OCCURRENCES (31) per record.
    _raw(a.window_staff, "1", "2025-10-06", occurrences=40_000_000)
    stats: dict = {}
    rows = scoring.period_scores([a.window_staff], "2025-10", stats=stats, method="sql")
    assert stats["staff_by_engine"] == 1
    assert rows[a.window_staff.pk].deductions == _engine(a.window_staff, "2025-10").deductions == 120_000_000


def test_a_pennant_deed_spanning_two_years_is_capped_per_deed_once_and_per_year_in_each(scored_world):
    """B3: 2 points a pennant, one deed counts once (2), at most 10 a year (D3), in time order (D4)."""
    a = scored_world.a
    person = a.window_staff
    event(person, "B3", "2024-12-20", deed="锦旗-张三")
    event(person, "B3", "2025-01-10", deed="锦旗-张三")  # the same deed in the new year: nothing more
    for i in range(6):
        event(person, "B3", f"2025-03-{10 + i:02d}", deed=f"表扬信-{i}")  # 12 points offered, 10 allowed in 2025
    rows = scoring.period_scores([person], "2025-Q1", method="sql")
    assert rows[person.pk].bonus == _engine(person, "2025-Q1").bonus == 10
    assert scoring.period_scores([person], "2025-01", method="sql")[person.pk].bonus == 0
    assert scoring.period_scores([person], "2024-12", method="sql")[person.pk].bonus == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL setting")
def test_postgresql_connections_do_not_jit_compile_the_scoring_queries():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_a_staff_member_moved_to_a_station_with_the_centre_scheme_events_is_scored_by_the_engine(scored_world):
    """Codes mean other rules in the other post's scheme (附件3 第6条 is not 附件4 第6条): the database reads each
    event under the scheme it was recorded under, so an event of the other scheme sends its staff to the engine."""
    a = scored_world.a
    person = a.window_staff
    event(person, "6", "2025-10-06")
    Staff.objects.filter(pk=person.pk).update(centre=None, window=None, station=a.station)
    person.refresh_from_db()
    stats: dict = {}
    rows = scoring.period_scores([person], "2025-10", stats=stats, method="sql")
    assert stats["staff_by_engine"] == 1
    legacy = scoring._score_by_engine([person], "2025-10")[person.pk]
    assert (rows[person.pk].score, rows[person.pk].flags) == (legacy.score, legacy.flags)


def test_a_few_staff_are_scored_by_the_engine_and_many_by_the_database(scored_world, monkeypatch):
    a = scored_world.a
    people = [a.window_staff, a.station_staff]
    event(a.window_staff, "B6a", "2025-10-06")
    stats: dict = {}
    few = scoring.period_scores(people, "2025-10", stats=stats)
    assert stats["path"] == "engine"  # a centre's board: planning the set-based statements would cost more
    monkeypatch.setattr(scoring, "SET_BASED_FROM", 2)
    many = scoring.period_scores(people, "2025-10", stats=stats)
    assert stats["path"] == "sql" and many == few
    everyone = scoring.period_scores(Staff.objects.all(), "2025-10", stats=stats)  # the province: always the database
    assert stats["path"] == "sql" and {pk: everyone[pk] for pk in few} == few


def test_thousands_of_named_staff_fit_in_one_statement_on_either_database(scored_world):
    """A city's export names its staff: the ids recur in every part of the statements (SQLite allows 32,766
    parameters in all), so they are written as integers."""
    a = scored_world.a
    event(a.window_staff, "1", "2025-10-06")
    people = [a.window_staff] + [Staff(pk=10_000_000 + i) for i in range(8000)]  # unknown ids simply match nothing
    if connection.vendor == "sqlite":  # SQLite's own default (Debian builds allow more): as on other machines
        import sqlite3

        connection.ensure_connection()
        raw = connection.connection
        before = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32766)
    try:
        rows = scoring.period_scores(people, "2025-10", method="sql")
    finally:
        if connection.vendor == "sqlite":
            raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)
    assert rows[a.window_staff.pk].score == 97 and len(rows) == 1
