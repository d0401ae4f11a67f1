"""Period scores through the database path, for every staff category, against the pure engine on the same events.

The seed's rules (000 附件3–6) with caps across months (D4), once per deed across years (D17), awards credited to
December (D16), the period bonus cap (D15), yearly thresholds (D2) and flags that cap the annual grade (§5.4).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from centers.choices import StaffCategory
from centers.models import Staff
from scoring.ledger import parse_period, score_period
from staff_scoring import scoring, services
from staff_scoring.models import EventStatus, StaffEvent
from staff_scoring.periods import periods_of_year
from staff_scoring.schemes import published_staff_versions, scheme_of, version_in_force
from tests import factories
from tests.staff_scoring.factories import event

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def people(scored_world):
    """Four staff members, one per employment category, with a year of events each."""
    a = scored_world.a
    w = a.window_staff  # 公务员编制, centre window
    w2 = factories.staff(centre_=a.centre, window_=a.window, name="事业员", category=StaffCategory.INSTITUTION)
    t = factories.staff(centre_=a.centre, name="临聘员", category=StaffCategory.TEMPORARY)
    s = a.station_staff  # 村(社区)代办人, station

    # w: bonuses capped across months, deeds, awards, a threshold that cancels 优秀 for the year.
    event(w, "1", "2025-01-06", occurrences=2)
    event(w, "B5", "2025-01-20", occurrences=3)
    event(w, "B1", "2025-03-03", level="local", deed="A")
    event(w, "B3", "2025-03-15", deed="p1")
    event(w, "B3", "2025-03-16", deed="p1")  # the letter for the same matter: counts once (cap per deed)
    for day, deed in (("2025-04-02", "p2"), ("2025-05-06", "p3"), ("2025-06-09", "p4"), ("2025-07-14", "p5"),
                      ("2025-08-18", "p6")):
        event(w, "B3", day, deed=deed)  # 10 a year (D3): the August one counts 0
    revoked = event(w, "1", "2025-05-07")
    services.revoke_event(revoked, actor=None, reason="误记")
    event(w, "B4", "2025-06-20", level="city")
    event(w, "B4", "2025-09-25", level="province")  # the year's best: 16, credited to December (D16)
    event(w, "B1", "2025-10-08", level="national", deed="A")  # 20 − 4 already counted = 16 (D17)
    event(w, "B6a", "2025-10-09")
    event(w, "B6a", "2025-11-03")
    event(w, "B6a", "2025-11-20")  # Q4 cap 1 reached
    event(w, "B7", "2025-10-15", level="province")
    event(w, "B7", "2025-11-05", level="province")
    event(w, "B7", "2025-12-01", level="city")  # Q4 cap 8 reached
    event(w, "22", "2025-11-10")
    event(w, "22", "2025-12-05")  # 2 in the year (D2): 取消年度评优资格
    event(w, "B5", "2025-12-10", occurrences=25)
    event(w, "22", "2026-01-05")  # next year: changes nothing in 2025

    # w2: per-day, aggravated, referring rules; a deed that began the year before.
    event(w2, "2", "2025-01-13", days=D(1))
    event(w2, "B5", "2025-01-31", occurrences=3)
    event(w2, "4", "2025-03-04", aggravated=True, points=D(30))
    event(w2, "B1", "2024-12-20", level="local", deed="B")
    event(w2, "B1", "2025-05-05", level="city", deed="B")  # 12 − 4 = 8
    event(w2, "27", "2025-08-08", refers_to="24")

    # s: the station scheme (附件4): a threshold, an aggravated rule with consequences, a quarter cap.
    event(s, "15", "2025-02-11")
    event(s, "7", "2025-04-04", aggravated=True, points=D(25))
    event(s, "B8", "2025-04-10")
    event(s, "B8", "2025-05-12")
    event(s, "B8", "2025-06-13")  # Q2 cap 2
    event(s, "B5", "2025-06-16", occurrences=5)
    event(s, "15", "2025-09-09")
    return {"w": w, "w2": w2, "t": t, "s": s}


def pure(person: Staff, period: str):
    """The pure engine fed every active event of the person, whatever the year."""
    version = version_in_force(published_staff_versions(), person.post_type, parse_period(period).end)
    rows = StaffEvent.objects.filter(staff=person, status=EventStatus.ACTIVE).order_by("date", "id")
    return score_period(scheme_of(version), person.category, [scoring.to_event(r) for r in rows], period)


def summary(score) -> tuple:
    return (score.score, score.deductions, score.bonus, score.grade, tuple(f.text for f in score.flags))


def test_the_database_path_gives_the_pure_engine_result_for_every_period_and_category(people):
    staff = Staff.objects.filter(pk__in=[p.pk for p in people.values()])
    for period in periods_of_year(YEAR):
        board = scoring.score_staff(staff, period)
        for name, person in people.items():
            expected = pure(person, period.label)
            want = (expected.score, expected.deductions, expected.bonus, expected.grade,
                    tuple(f.text for f in expected.flags))
            assert summary(board[person.pk]) == want, (name, period.label)
            assert summary(scoring.score_one(person, period)) == want, (name, period.label)
            assert board[person.pk].problems == ()


@pytest.mark.parametrize(("who", "period", "score", "grade"), [
    # 公务员编制, centre window
    ("w", "2025-01", D(97), "称职"),  # −6 + 3
    ("w", "2025-03", D(106), "优秀"),  # B1 local 4 + B3 2 (+ the letter for the same matter 0)
    ("w", "2025-05", D(102), "优秀"),  # the revoked late arrival does not count
    ("w", "2025-08", D(100), "优秀"),  # the sixth pennant passes the yearly 10 (D3)
    ("w", "2025-09", D(100), "优秀"),  # the September award is credited to December (D16)
    ("w", "2025-10", D("120.5"), "优秀"),  # B1 national − local (D17) 16 + B6a 0.5 + B7 4
    ("w", "2025-11", D("94.5"), "称职"),  # B6a 0.5 + 0 (Q4 cap), B7 4, rule 22 −10
    ("w", "2025-12", D(120), "优秀"),  # B4 16 + B7 0 (Q4 cap) + B5 25 → 30 (D15); rule 22 −10
    ("w", "2025-Q4", D(110), "优秀"),  # bonus 66 → 30; −20; a quarter's grade is not capped by flags
    ("w", "2025-H1", D(109), "优秀"),  # −6; bonus 3 + 4 + 2 + 2 + 2 + 2 = 15 (the June award goes to December)
    ("w", "2025", D(104), "称职"),  # 优秀 by score, but rule 22 twice: 取消年度评优资格
    # 事业单位编制, centre window
    ("w2", "2025-01", D(83), "基本合格"),  # 旷工1天 = 2 × 10; + 3
    ("w2", "2025-03", D(70), "不合格"),  # rule 4 aggravated 30
    ("w2", "2025-05", D(108), "优秀"),  # the deed "B" counted 4 in 2024: only the difference 8
    ("w2", "2025-08", D(90), "合格"),  # rule 27 scored as rule 24
    ("w2", "2025", D(51), "不合格"),  # −60 + 11
    # 临时聘用: nothing happened
    ("t", "2025-07", D(100), "优秀"),
    ("t", "2025", D(100), "优秀"),
    # 村(社区)代办人, station (附件4)
    ("s", "2025-02", D(90), "合格"),
    ("s", "2025-04", D(76), "不合格"),  # −25 + B8 1
    ("s", "2025-06", D(105), "优秀"),  # B8 0 (Q2 cap 2) + B5 5
    ("s", "2025-Q2", D(82), "基本合格"),
    ("s", "2025", D(62), "不合格"),
])
def test_the_seed_rules_give_the_right_score_and_grade(people, who, period, score, grade):
    person = people[who]
    result = scoring.score_staff(Staff.objects.filter(pk=person.pk), period)[person.pk]
    assert (result.score, result.grade) == (score, grade)


def test_a_flag_of_the_year_is_shown_beside_every_period_of_that_year_and_caps_only_the_annual_grade(people):
    w = people["w"]
    staff = Staff.objects.filter(pk=w.pk)
    march = scoring.score_staff(staff, "2025-03")[w.pk]
    assert march.flag_texts == ("取消年度评优资格",)
    assert march.grade == "优秀"
    year = scoring.score_staff(staff, "2025")[w.pk]
    assert year.grade == "称职" and "取消年度评优资格" in year.grade_note
    assert not year.excellent
    assert scoring.score_staff(staff, "2026-01")[w.pk].flag_texts == ()  # one event of 22 in 2026: no flag yet


def test_the_station_flags_come_from_the_aggravated_rule_and_the_threshold(people):
    s = people["s"]
    result = scoring.score_staff(Staff.objects.filter(pk=s.pk), "2025")[s.pk]
    assert [(f.text, f.date) for f in result.flags] == [
        ("取消年度评优资格", dt.date(2025, 4, 4)),
        ("按相关规定另行处理", dt.date(2025, 4, 4)),
        ("取消年度评优资格", dt.date(2025, 9, 9)),
    ]


def test_the_staff_page_path_names_the_event_of_every_line(people):
    w = people["w"]
    result = scoring.score_one(w, "2025-10").result
    ids = {line.event.id for line in result.lines}
    assert ids == set(StaffEvent.objects.filter(staff=w, date__month=10, date__year=2025).values_list("pk", flat=True))
    line = next(line for line in result.lines if line.rule == "B1")
    assert line.counted == D(16) and "D17" in line.why


def test_a_trend_gives_twelve_months_ending_with_the_chosen_one(people):
    trend = scoring.monthly_trend(people["w"], "2025-12")
    assert [s.period.label for s in trend][:2] == ["2025-01", "2025-02"] and len(trend) == 12
    assert [s.score for s in trend][-3:] == [D("120.5"), D("94.5"), D(120)]
    across = scoring.monthly_trend(people["w"], "2026-02")
    assert [s.score for s in across][-3:] == [D(120), D(90), D(100)]  # December 2025, January 2026 (rule 22), Feb


def test_without_a_published_scheme_the_score_is_empty_and_says_why(world):
    result = scoring.score_staff(Staff.objects.filter(pk=world.a.window_staff.pk), "2025-10")[world.a.window_staff.pk]
    assert result.score is None and "计分方案" in result.problems[0]
