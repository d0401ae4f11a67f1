"""The demo catalogues: a realistic reference list, stationed lists with a few gaps, bundles, life services, proxy
lists; running the seed again keeps the data."""

import random

import pytest

from centers.demo import seed_county
from matters import demo, facts
from matters.models import CatalogueChange, CatalogueEntry, LifeService, Matter, OneThing, ReferenceCatalogue

pytestmark = pytest.mark.django_db


def _counts():
    return (Matter.objects.count(), CatalogueEntry.objects.count(), CatalogueChange.objects.count(),
            OneThing.objects.count(), LifeService.objects.count())


def test_the_demo_county_gets_a_realistic_catalogue_and_a_second_run_keeps_it():
    counties = seed_county(random.Random(2026))
    demo.seed(counties, random.Random(2026))
    reference = ReferenceCatalogue.objects.get(kind="centre")
    assert reference.items.count() >= 60
    areas = set(Matter.objects.filter(centre__isnull=True).values_list("area", flat=True))
    assert {"城乡低保", "社会保障", "卫生计生", "医疗", "土地流转", "就业培训", "惠民政策咨询"} <= areas
    assert all(m.legal_basis.startswith("《") for m in Matter.objects.filter(centre__isnull=True))
    assert ReferenceCatalogue.objects.get(kind="station").items.count() >= 20

    centres = [c for county in counties for c in county.centres]
    missing = [facts.required_missing(c) for c in centres]
    assert all(1 <= n <= 5 for n in missing)
    assert all(facts.life_services_count(c) >= 3 for c in centres)
    published = [facts.one_thing_list_published(c) for c in centres]
    assert True in published and False in published
    stations = [s for county in counties for s in county.stations]
    present = [facts.station_proxy_list_present(s) for s in stations]
    assert present.count(True) > present.count(False) > 0
    # a station's proxy list holds only matters marked 可村级代办, and so does the village reference list
    assert CatalogueEntry.objects.filter(station__isnull=False).exists()
    assert not CatalogueEntry.objects.filter(station__isnull=False, matter__proxy_eligible=False).exists()
    assert not ReferenceCatalogue.objects.get(kind="station").items.filter(matter__proxy_eligible=False).exists()
    assert Matter.objects.filter(centre__isnull=False).count() == len(centres)

    before = _counts()
    demo.seed(seed_county(random.Random(2026)), random.Random(2026))
    assert _counts() == before
