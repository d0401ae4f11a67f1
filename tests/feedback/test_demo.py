"""The demo: a month of ratings, 差评 in follow-up, complaints in each state; safe to re-run."""

import random

import pytest

from centers.demo import seed_county
from feedback import demo
from feedback.models import Complaint, ComplaintState, DeficiencyNotice, FollowUp, NoticeState, Rating

pytestmark = pytest.mark.django_db


def counts():
    return (Rating.objects.count(), FollowUp.objects.count(), Complaint.objects.count(),
            DeficiencyNotice.objects.count())


def test_the_demo_has_a_month_of_ratings_follow_ups_and_every_complaint_state():
    counties = seed_county(random.Random(1))
    demo.seed(counties, random.Random(1))
    assert Rating.objects.count() > 100
    assert Rating.objects.filter(station__isnull=False).exists() and Rating.objects.filter(ticket__isnull=False).exists()
    assert FollowUp.objects.values("state").distinct().count() >= 4
    assert set(Complaint.objects.values_list("state", flat=True)) == set(ComplaintState.values)
    assert set(DeficiencyNotice.objects.values_list("state", flat=True)) == set(NoticeState.values)
    bad = Rating.objects.filter(level__lte=2).select_related("followup")
    assert bad.exists()  # else the loop below checks nothing
    for rating in bad:
        assert rating.followup


def test_running_the_demo_again_adds_nothing():
    counties = seed_county(random.Random(1))
    demo.seed(counties, random.Random(1))
    before = counts()
    demo.seed(seed_county(random.Random(1)), random.Random(1))
    assert counts() == before


def test_seed_demo_runs_the_feedback_seeder():
    from feedback import demo as feedback_demo
    from provision.management.commands.seed_demo import APP_SEEDERS

    assert feedback_demo in APP_SEEDERS
