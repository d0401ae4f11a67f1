"""The red-flag demo data: published months with red flags and notices, and safe to run again."""

import random

import pytest
from django.urls import reverse

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


def test_the_demo_names_its_people_with_the_demo_accounts(client):
    from accounts.models import User
    from redflags.models import Declaration
    from redflags.workflow import S

    counties = seed_county(random.Random(2026))
    demo.seed(counties, random.Random(2026))
    director = User.objects.get(username="director")
    staff = User.objects.get(username="staff")
    assert not WindowEvent.objects.filter(recorded_by__isnull=True).exists()
    assert WindowEvent.objects.filter(recorded_by=director).exists()
    assert not MonthPublication.objects.filter(published_by__isnull=True).exists()
    for publication in MonthPublication.objects.select_related("published_by", "centre"):
        assert publication.published_by.role == "director" and publication.published_by.centre_id == publication.centre_id
    declarations = Declaration.objects.filter(state=S.APPROVED)
    assert declarations.exists()
    assert not declarations.filter(declared_by__isnull=True).exists()
    assert not declarations.filter(checked_by__isnull=True).exists()
    assert not declarations.filter(approved_by__isnull=True).exists()
    for declaration in declarations:
        assert declaration.approved_by_id != declaration.declared_by_id  # whoever declared may not approve
        assert declaration.declared_at <= declaration.checked_at <= declaration.approved_at
    own = declarations.filter(window=staff.staff.window).first()
    assert own is not None and own.declared_by == staff and own.approved_by == director

    client.force_login(staff)
    text = client.get(reverse("redflags:declaration_detail", kwargs={"declaration": own.pk})).text
    assert director.display_name in text and staff.display_name in text and "申报附加分" in text
    client.force_login(director)
    text = client.get(reverse("redflags:centre_month", kwargs={"centre": director.centre_id, "year": own.year,
                                                               "month": own.month})).text
    assert f"由 {director.display_name} 审定发布" in text
