"""The staff of a centre (its own and its stations') are found through indexes, not by reading every staff row: the
director's board, the roster and the staff pages ask for them on every view (issue #15: 106 ms on 200,000 staff)."""

import pytest
from django.db import connection
from django.db.models import Q

from centers.choices import RegionLevel, StaffCategory
from centers.models import Region, Staff, Station
from centers.selectors import staff_of_centre
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_staff_of_a_centre_are_its_own_and_its_stations_staff(world):
    f.staff(centre_=world.b.centre, name="乙县人")
    assert set(staff_of_centre(world.a.centre)) == {world.a.window_staff, world.a.station_staff}


def test_the_query_plan_reads_the_staff_table_by_index(world):
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    # Enough rows elsewhere that a full read would show, spread as in a province (a few staff per station):
    # 4,000 staff of another centre and 3 at each of its 400 stations.
    town = world.b.town
    villages = Region.objects.bulk_create([
        Region(parent=town, level=RegionLevel.VILLAGE, code=f"{town.code}v{i}", name=f"村{i}",
               path=f"{town.path}{town.code}v{i}/") for i in range(400)
    ])
    stations = Station.objects.bulk_create([
        Station(region=v, centre=world.b.centre, code=f"s{v.code}", name=f"{v.name}站") for v in villages
    ])
    Staff.objects.bulk_create(
        [Staff(name=f"他人{i}", category=StaffCategory.INSTITUTION, centre=world.b.centre) for i in range(4000)]
        + [Staff(name=f"代办{i}", category=StaffCategory.VILLAGE_AGENT, station=s) for s in stations for i in range(3)]
    )
    with connection.cursor() as cursor:
        for model in (Staff, Station):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    table = Staff._meta.db_table
    centre = world.a.centre
    before = Staff.objects.filter(Q(centre=centre) | Q(station__centre=centre)).explain()
    assert f"Seq Scan on {table}" in before  # the OR over a join reads every staff row: the test can fail
    plan = staff_of_centre(centre).explain()
    assert f"Seq Scan on {table}" not in plan, plan
    assert set(staff_of_centre(centre)) == {world.a.window_staff, world.a.station_staff}
