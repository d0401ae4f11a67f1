"""The red-flag demo data: published months with red flags and notices, and safe to run again."""

import random

import pytest

from centers.demo import seed_county
from redflags import demo
from redflags.models import LastPlaceNotice, MonthPublication, MonthResult, WindowEvent

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_this_years_months_with_red_flags_and_notices_and_runs_again_unchanged():
    counties = seed_county(random.Random(2026))
    demo.seed(counties, random.Random(2026))
    assert MonthPublication.objects.exists()
    assert MonthResult.objects.filter(red_flag=True).exists()
    assert LastPlaceNotice.objects.exists()
    assert MonthResult.objects.filter(eligible=False).exists()
    counts = (WindowEvent.objects.count(), MonthPublication.objects.count(), LastPlaceNotice.objects.count())
    demo.seed(counties, random.Random(2026))
    assert (WindowEvent.objects.count(), MonthPublication.objects.count(), LastPlaceNotice.objects.count()) == counts
