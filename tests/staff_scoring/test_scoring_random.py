"""Random years of events: the set-based path (staff_scoring.setscores: sums, windowed caps and running maxima
computed by the database) and the engine path (plain totals + the windowed events that can change the period) give
exactly the pure engine's result on every event, for every period kind, category and post."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from centers.choices import StaffCategory
from centers.models import Staff
from scoring.ledger import score_period
from staff_scoring import scoring, services
from staff_scoring.models import EventStatus, StaffEvent
from staff_scoring.periods import periods_of_year
from staff_scoring.schemes import published_staff_versions, scheme_of, version_in_force
from tests import factories
from tests.staff_scoring.factories import event

pytestmark = pytest.mark.django_db


def random_event(rng: random.Random, scheme, person, bonus_share: float = 0.0) -> None:
    rules = list(scheme.rules.values())
    if rng.random() < bonus_share:  # enough bonuses to reach the quarterly, yearly and period caps
        rules = [r for r in rules if r.kind == "bonus"]
    rule = rng.choice(rules)
    day = dt.date(2024, 11, 1) + dt.timedelta(days=rng.randrange(426))  # Nov 2024 … Dec 2025
    fields: dict = {}
    if rule.refers:
        fields["refers_to"] = rng.choice([r.code for r in scheme.rules.values() if r.kind == "deduction" and not r.refers])
    if rule.levels:
        fields["level"] = rng.choice(list(rule.levels))
    if rule.once_per == "deed" or (any(c.per == "deed" for c in rule.caps) and rng.random() < 0.7):
        fields["deed"] = rng.choice("ABC")
    if rule.occurrences_per_day:
        fields["days"] = Decimal(rng.choice(("0.5", "1", "1.5")))
    elif not rule.once_per and rng.random() < 0.3:
        fields["occurrences"] = rng.randint(2, 3)
    if rule.aggravated and rng.random() < 0.3:
        fields["aggravated"] = True
        if rule.aggravated.min is not None:
            fields["points"] = Decimal(rng.randint(int(rule.aggravated.min), int(rule.aggravated.max)))
    if rule.points_range:
        fields["points"] = rule.points_range[0]
    saved = event(person, rule.code, day, **fields)
    if rng.random() < 0.05:
        services.revoke_event(saved, actor=None, reason="随机撤销")


@pytest.mark.parametrize(("seed", "bonus_share"), [(1, 0.0), (2, 0.0), (3, 0.6), (4, 0.8)])
def test_random_years_score_the_same_through_the_database_and_the_pure_engine(scored_world, seed, bonus_share):
    rng = random.Random(seed)
    a = scored_world.a
    people = [a.window_staff, a.station_staff]
    for i, category in enumerate(StaffCategory):
        people.append(factories.staff(centre_=a.centre, window_=a.window, name=f"窗口{i}", category=category))
        people.append(factories.staff(station_=a.station, name=f"站点{i}", category=category))
    versions = published_staff_versions()
    for person in people:
        scheme = scheme_of(version_in_force(versions, person.post_type, dt.date(2025, 12, 31)))
        for _ in range(rng.randint(0, 40)):
            random_event(rng, scheme, person, bonus_share)
    staff = Staff.objects.filter(pk__in=[p.pk for p in people])
    year = scoring.score_staff(staff, "2025").values()
    assert len({s.score for s in year}) > 5 and any(s.flags for s in year)  # the random years are not trivial
    if bonus_share:
        assert any(s.bonus == 30 for s in year)  # the period's bonus cap (D15) is reached
    one_read = scoring.year_rows(people, 2025)  # the annual summary's single read of the year
    for period in periods_of_year(2025):
        stats: dict = {}
        board = scoring.period_scores(staff, period, stats=stats, method="sql")
        assert stats["path"] == "sql" and stats["staff_by_engine"] == 0, stats
        by_engine = scoring._score_by_engine(people, period)
        from_year = scoring._score_by_engine(people, period, year=one_read)
        for person in people:
            scheme = scheme_of(version_in_force(versions, person.post_type, period.end))
            rows = StaffEvent.objects.filter(staff=person, status=EventStatus.ACTIVE).order_by("date", "id")
            want = score_period(scheme, person.category, [scoring.to_event(r) for r in rows], period)
            for got in (board[person.pk], by_engine[person.pk], from_year[person.pk]):
                assert (got.score, got.deductions, got.bonus, got.grade, got.grade_note, got.flags) == (
                    want.score, want.deductions, want.bonus, want.grade, want.grade_note, want.flags), (person, period)
