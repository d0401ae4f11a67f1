import pytest
from django.core.management import call_command

from accounts.models import User
from centers.models import Region, ServiceCentre, Staff, Station, Window

pytestmark = pytest.mark.django_db


def test_the_demo_county_has_every_kind_of_thing_and_an_account_per_role(capsys):
    call_command("seed_demo", "--scale", "county")
    county = Region.objects.get(name="乐至县")
    assert ServiceCentre.objects.filter(region__parent=county).count() >= 3
    assert Station.objects.filter(region__parent__parent=county).count() >= 12
    people = Staff.objects.filter(centre__region__parent=county) | Staff.objects.filter(station__region__parent__parent=county)
    assert people.count() >= 40
    assert set(people.values_list("category", flat=True)) == {"公务员编制", "事业单位编制", "临时聘用", "村(社区)代办人"}
    assert set(User.objects.values_list("role", flat=True)) >= {"admin", "inspector", "director", "staff"}
    printed = capsys.readouterr().out
    assert "director" in printed and "demo12345" in printed


def test_running_the_demo_seed_again_keeps_the_data():
    call_command("seed_demo")
    counts = (Region.objects.count(), Staff.objects.count(), Window.objects.count(), User.objects.count())
    names = list(Staff.objects.order_by("pk").values_list("name", flat=True))
    call_command("seed_demo")
    assert (Region.objects.count(), Staff.objects.count(), Window.objects.count(), User.objects.count()) == counts
    assert list(Staff.objects.order_by("pk").values_list("name", flat=True)) == names


def test_the_same_seed_gives_the_same_people_and_another_seed_does_not():
    """The demo's people come from the county seeder, with the random generator ``seed_demo --seed`` makes."""
    import random

    from django.db import transaction

    from centers.demo import seed_county

    def people(seed):
        with transaction.atomic():
            seed_county(random.Random(seed))
            names = list(Staff.objects.order_by("pk").values_list("name", "category"))
            transaction.set_rollback(True)
        return names

    assert people(7) == people(7)
    assert people(7) != people(8)


def test_the_province_scale_builds_the_tree_with_bulk_inserts():
    import random

    from centers.demo import seed_province

    counts = seed_province(random.Random(1), counties=2, towns_per_county=3, villages_per_town=4, staff_total=100)
    assert counts["centres"] == 6 and counts["stations"] == 24 and counts["staff"] == 100
    village = Region.objects.filter(level="village").exclude(path="").first()
    assert village.path.startswith(village.parent.path) and village.path.endswith(f"/{village.code}/")
    assert Staff.objects.filter(centre__region__path__startswith="/9/").exists()
