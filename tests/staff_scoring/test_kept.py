"""Period totals kept between calls (staff_scoring.kept): a kept total is used only while the staff member's events,
category and post are the ones it was computed from, whatever path changed them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from centers.choices import StaffCategory
from staff_scoring import kept, scoring, services
from staff_scoring.models import EventStatus, KeptTotal, LedgerRevision, StaffEvent
from tests.staff_scoring.factories import event

pytestmark = pytest.mark.django_db


def revision(person) -> int:
    row = LedgerRevision.objects.filter(staff_id=person.pk).first()
    return row.revision if row else 0


def scores(people, period="2025-10"):
    stats: dict = {}
    rows = scoring.period_scores(people, period, method="sql", stats=stats)
    return rows, stats


def test_every_way_of_changing_an_event_raises_its_staff_members_revision(scored_world):
    a = scored_world.a
    person, other = a.window_staff, a.station_staff
    assert revision(person) == 0
    recorded = event(person, "1", "2025-10-06")  # the service
    assert revision(person) == 1
    services.update_event(recorded, actor=a.director, revision=recorded.revision, note="改过")
    assert revision(person) == 2
    StaffEvent.objects.filter(pk=recorded.pk).update(note="批量")  # a bulk update
    assert revision(person) == 3
    services.revoke_event(recorded, actor=a.director, reason="录错")
    assert revision(person) == 4
    StaffEvent.objects.bulk_create([StaffEvent(staff=person, scheme_version=recorded.scheme_version, rule="1",
                                               kind=recorded.kind, date=dt.date(2025, 10, 7),
                                               recorded_at=timezone.now())])
    assert revision(person) == 5
    with connection.cursor() as cursor:  # SQL, past every Python path
        cursor.execute(f"UPDATE {StaffEvent._meta.db_table} SET staff_id = %s WHERE staff_id = %s AND date = %s",
                       [other.pk, person.pk, dt.date(2025, 10, 7)])
    assert revision(person) == 6 and revision(other) == 1  # moved: both lose their kept totals
    StaffEvent.objects.filter(staff=other).delete()
    assert revision(other) == 2


def test_a_second_call_reads_the_kept_totals_and_a_change_recomputes_only_whom_it_touched(scored_world):
    a = scored_world.a
    people = [a.window_staff, a.station_staff]
    event(a.window_staff, "1", "2025-10-06")  # 3 points
    first, stats = scores(people)
    assert stats["computed"] == 2 and first[a.window_staff.pk].score == 97
    again, stats = scores(people)
    assert stats["computed"] == 0 and again == first
    event(a.station_staff, "1", "2025-10-08")
    changed, stats = scores(people)
    assert stats["computed"] == 1  # the station's staff member only
    assert changed[a.window_staff.pk] == first[a.window_staff.pk]
    assert changed[a.station_staff.pk].score == 95  # rule 1 of the station scheme: 5 points
    assert changed == scoring.period_scores(people, "2025-10", method="engine")


def test_what_is_kept_is_what_is_read(scored_world):
    """Proof that the second call uses the kept row: a row altered at the same revision is believed. A new event
    raises the revision and the true total returns."""
    person = scored_world.a.window_staff
    event(person, "1", "2025-10-06")
    assert scores([person])[0][person.pk].score == 97
    row = KeptTotal.objects.get(staff_id=person.pk, period="2025-10")
    KeptTotal.objects.filter(key=row.key, staff_id=person.pk).update(signature=row.signature + 64 * 10)  # +1 point
    assert scores([person])[0][person.pk].score == 96
    event(person, "1", "2025-10-09")
    assert scores([person])[0][person.pk].score == 94


def test_a_revoked_event_stops_counting_in_the_kept_totals_too(scored_world):
    person = scored_world.a.window_staff
    recorded = event(person, "1", "2025-10-06")
    assert scores([person])[0][person.pk].score == 97
    services.revoke_event(recorded, actor=scored_world.a.director, reason="录错")
    assert StaffEvent.objects.get(pk=recorded.pk).status == EventStatus.REVOKED
    assert scores([person])[0][person.pk].score == 100


def test_a_change_of_category_or_post_is_not_read_from_a_kept_row(scored_world):
    a = scored_world.a
    person = a.window_staff
    event(person, "1", "2025-10-06")
    before, _ = scores([person], "2025")
    other = next(c for c in StaffCategory.values if c != person.category)
    type(person).objects.filter(pk=person.pk).update(category=other)  # no event changed: the revision stays
    person.refresh_from_db()
    after, stats = scores([person], "2025")
    assert stats["computed"] == 1
    assert after[person.pk] == scoring.period_scores([person], "2025", method="engine")[person.pk]
    assert before[person.pk].score == after[person.pk].score


def test_each_period_and_scheme_set_has_its_own_kept_rows(scored_world):
    person = scored_world.a.window_staff
    event(person, "1", "2025-10-06")
    month, _ = scores([person], "2025-10")
    year, _ = scores([person], "2025")
    november, _ = scores([person], "2025-11")
    assert (month[person.pk].score, year[person.pk].score, november[person.pk].score) == (97, 97, 100)
    assert set(KeptTotal.objects.filter(staff_id=person.pk).values_list("period", flat=True)) == {
        "2025-10", "2025", "2025-11"}


def test_many_missing_staff_are_computed_in_one_pass_over_the_scope(scored_world, monkeypatch):
    a = scored_world.a
    people = [a.window_staff, a.station_staff]
    event(a.window_staff, "1", "2025-10-06")
    monkeypatch.setattr(kept, "BY_ID_UP_TO", 1)
    rows, stats = scores(people)
    assert stats["computed"] == 2 and rows[a.window_staff.pk].score == 97
    assert scores(people)[1]["computed"] == 0


def test_installing_the_triggers_again_changes_nothing(scored_world):
    person = scored_world.a.window_staff
    kept.install_triggers(connection)
    kept.install_triggers(connection)
    event(person, "1", "2025-10-06")
    assert revision(person) == 1  # raised once, not once per installation


@pytest.mark.parametrize("seed", [5, 6])
def test_kept_totals_follow_random_changes_between_calls(scored_world, seed):
    """Rounds of random events, revocations and moves of a date, each followed by every period of the year from the
    kept totals: each call gives exactly the pure engine's result on the events as they are then."""
    import random

    from scoring.ledger import score_period
    from staff_scoring.periods import periods_of_year
    from staff_scoring.schemes import published_staff_versions, scheme_of, version_in_force
    from tests.staff_scoring.test_scoring_random import random_event

    rng = random.Random(seed)
    a = scored_world.a
    people = [a.window_staff, a.station_staff]
    versions = published_staff_versions()
    periods = [p for p in periods_of_year(2025) if p.kind in ("month", "quarter", "year")]
    computed = []
    for _round in range(4):
        for person in rng.sample(people, rng.randint(1, 2)):
            scheme = scheme_of(version_in_force(versions, person.post_type, dt.date(2025, 12, 31)))
            for _ in range(rng.randint(1, 8)):
                random_event(rng, scheme, person)
            active = list(StaffEvent.objects.filter(staff=person, status=EventStatus.ACTIVE))
            if active and rng.random() < 0.5:
                services.revoke_event(rng.choice(active), actor=None, reason="随机撤销")
            if active and rng.random() < 0.5:  # a date moved by SQL, past every service
                StaffEvent.objects.filter(pk=rng.choice(active).pk).update(date=dt.date(2025, rng.randint(1, 12), 15))
        for period in rng.sample(periods, 6):
            got, stats = scores(people, period.label)
            computed.append(stats["computed"])
            for person in people:
                scheme = scheme_of(version_in_force(versions, person.post_type, period.end))
                rows = StaffEvent.objects.filter(staff=person, status=EventStatus.ACTIVE).order_by("date", "id")
                want = score_period(scheme, person.category, [scoring.to_event(r) for r in rows], period)
                assert (got[person.pk].score, got[person.pk].grade, got[person.pk].flags) == (
                    want.score, want.grade, want.flags), (person, period, _round)
            again, stats = scores(people, period.label)
            assert stats["computed"] == 0 and again == got  # nothing changed: every total read back
    assert set(computed) <= {1, 2} and 1 in computed  # who changed is computed again, and only they


def test_computing_everyone_drops_the_periods_rows_kept_under_other_keys(scored_world):
    """Rows kept under a superseded scheme version or an older release's statement are never read again: computing
    every staff member's totals for the period removes them; other periods keep theirs."""
    from centers.models import Staff

    person = scored_world.a.window_staff
    event(person, "1", "2025-10-06")
    scores([person], "2025-11")
    KeptTotal.objects.create(key=1, period="2025-10", staff_id=person.pk, revision=0, category=person.category,
                             centre=True, signature=0)
    rows, stats = scores(Staff.objects.all(), "2025-10")
    assert stats["computed"] == Staff.objects.count() and rows[person.pk].score == 97
    assert not KeptTotal.objects.filter(key=1).exists()
    assert set(KeptTotal.objects.values_list("period", flat=True)) == {"2025-10", "2025-11"}


def test_after_a_migrate_no_kept_total_outlives_a_change_the_triggers_missed(scored_world):
    """A migration that rebuilds the events table drops SQLite's triggers; a data migration in the same run may then
    change events with no revision raised. After every migrate the triggers are back and nothing kept is believed."""
    person = scored_world.a.window_staff
    recorded = event(person, "1", "2025-10-06")
    assert scores([person])[0][person.pk].score == 97
    kept.drop_triggers(connection)  # as a table rebuild leaves it
    StaffEvent.objects.filter(pk=recorded.pk).update(status=EventStatus.REVOKED)  # a data migration
    assert revision(person) == 1  # not raised
    kept.after_migrate(connection)  # post_migrate
    assert not KeptTotal.objects.exists()
    assert scores([person])[0][person.pk].score == 100
    event(person, "1", "2025-10-07")
    assert revision(person) == 2  # the triggers are back


def test_after_migrate_waits_for_the_tables():
    """Migrated back before 0007 (its tables gone), migrate must not install triggers that would write to them."""

    class Introspection:
        def table_names(self):
            return [StaffEvent._meta.db_table]

    class Connection:
        vendor = "sqlite"
        introspection = Introspection()

        def cursor(self):
            raise AssertionError("nothing may be executed")

    kept.after_migrate(Connection())


def test_emptying_the_events_table_empties_the_kept_totals(scored_world):
    person = scored_world.a.window_staff
    event(person, "1", "2025-10-06")
    assert scores([person])[0][person.pk].score == 97
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # TRUNCATE fires no DELETE trigger: its own empties the kept rows
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {StaffEvent._meta.db_table} CASCADE")
        else:  # SQLite has no TRUNCATE: a DELETE of every row fires the row triggers
            cursor.execute(f"DELETE FROM {StaffEvent._meta.db_table}")
    assert scores([person])[0][person.pk].score == 100


def test_keeping_is_best_effort_a_busy_database_still_gets_its_scores(scored_world, monkeypatch, caplog):
    from django.db import OperationalError

    person = scored_world.a.window_staff
    event(person, "1", "2025-10-06")

    def busy(*_args, **_kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(kept, "_replace", busy)
    rows, stats = scores([person])
    assert rows[person.pk].score == 97 and stats["computed"] == 1
    assert not KeptTotal.objects.exists()
    assert "not kept" in caplog.text
    monkeypatch.undo()
    assert scores([person])[1]["computed"] == 1  # computed again, and kept this time
    assert scores([person])[1]["computed"] == 0
