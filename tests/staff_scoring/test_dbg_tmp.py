import pytest, random, datetime as dt
from tests.staff_scoring.test_scoring_random import StaffCategory, factories, published_staff_versions, scheme_of, version_in_force, StaffEvent, scoring
from tests.staff_scoring.test_scoring_random import random_event

def test_dbg(scored_world):
    rng = random.Random(1)
    a = scored_world.a
    people = [a.window_staff, a.station_staff]
    for i, category in enumerate(StaffCategory):
        people.append(factories.staff(centre_=a.centre, window_=a.window, name=f"窗口{i}", category=category))
        people.append(factories.staff(station_=a.station, name=f"站点{i}", category=category))
    versions = published_staff_versions()
    for person in people:
        scheme = scheme_of(version_in_force(versions, person.post_type, dt.date(2025, 12, 31)))
        for _ in range(rng.randint(0, 40)):
            random_event(rng, scheme, person, 0.0)
    p = [x for x in people if x.name == "站点3"][0]
    for e in StaffEvent.objects.filter(staff=p, status="active", date__lte="2025-01-31").order_by("date","id"):
        print(e.date, e.rule, e.occurrences, e.days, e.level, e.aggravated, e.points, repr(e.deed), e.refers_to)
    from staff_scoring import setscores
    from django.db import connection
    posts=[setscores.Post(post, scoring.POST_SQL[post], v.pk, scheme_of(v)) for post, v in ((post, version_in_force(versions, post, dt.date(2025,1,31))) for post in scoring.POST_OF)]
    b = setscores.Builder(posts, scoring.parse_period("2025-01"), setscores.Sql("IN (%s)", (p.pk,)))
    for part in (b.plain(), b.capped(), b.once_per_deed(), b.once_per_year()):
        with connection.cursor() as c:
            c.execute(*part.args()); print(c.fetchall())
    assert 0
