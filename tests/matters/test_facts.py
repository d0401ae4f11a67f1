"""The catalogue facts the rubric engine pre-fills (应进必进, life services, one-thing list, adjustment, proxy list)."""

from datetime import date, timedelta

import pytest
from django.conf import settings

from matters import facts, services
from matters.choices import ChangeAction, ChangeList, ReferenceKind
from matters.models import CatalogueChange, LifeService
from scoring.rubric import FACTS, load_rubric, prefill, score
from tests.matters import factories as mf

pytestmark = pytest.mark.django_db


def test_required_missing_counts_required_matters_not_published_at_the_centre(world, catalogues):
    # land is missing; advice is a draft but optional; low and pension are published
    assert facts.required_missing(world.a.centre) == 1


def test_a_draft_entry_does_not_count_as_stationed(world, catalogues):
    mf.entry(world.a.centre, catalogues.land, published=False)
    assert facts.required_missing(world.a.centre) == 1
    services.catalogue_publish(actor=world.a.director, owner=world.a.centre, reason="发布")
    assert facts.required_missing(world.a.centre) == 0


def test_a_centre_with_nothing_stationed_misses_every_required_matter(world, catalogues):
    assert facts.required_missing(world.b.centre) == 3


def test_the_most_specific_reference_catalogue_applies(world, catalogues):
    county_list = mf.catalogue(ReferenceKind.CENTRE, name="乙县进驻目录", region=world.b.county)
    mf.item(county_list, catalogues.land, required=True)
    assert facts.required_missing(world.b.centre) == 1  # the county's own list: only land
    assert facts.required_missing(world.a.centre) == 1  # county a still follows the provincial list


def test_an_inactive_catalogue_does_not_apply(world, catalogues):
    catalogues.centre_list.active = False
    catalogues.centre_list.save()
    assert facts.required_missing(world.a.centre) == 0


def test_life_services_count_each_kind_once(world):
    for kind, provider in [("power", "供电所"), ("finance", "农商银行"), ("finance", "邮储银行"), ("post", "邮政所")]:
        LifeService.objects.create(centre=world.a.centre, kind=kind, provider=provider)
    assert facts.life_services_count(world.a.centre) == 3
    assert facts.life_services_kinds(world.a.centre) == ["电", "金融", "邮政快递"]
    assert facts.life_services_count(world.b.centre) == 0


def test_the_one_thing_list_is_published_only_with_a_published_bundle(world, catalogues):
    bundle = mf.bundle(world.a.centre, [catalogues.low, catalogues.pension], published=False)
    assert facts.one_thing_list_published(world.a.centre) is False
    bundle.published = True
    bundle.save()
    assert facts.one_thing_list_published(world.a.centre) is True
    assert facts.one_thing_list_published(world.b.centre) is False


def _change(centre=None, station=None, on=None, action=ChangeAction.CHANGE):
    return CatalogueChange.objects.create(on=on, action=action, list_kind=ChangeList.CENTRE, centre=centre,
                                          station=station, summary="调整", reason="理由")


@pytest.mark.parametrize(("days_ago", "expected"), [(0, True), (364, True), (365, False), (400, False), (-1, False)])
def test_an_adjustment_counts_within_the_365_days_up_to_the_day(world, days_ago, expected):
    on = date(2026, 6, 30)
    _change(centre=world.a.centre, on=on - timedelta(days=days_ago))
    assert facts.catalogue_adjusted_12m(world.a.centre, on) is expected


def test_publishing_alone_or_a_station_change_is_not_an_adjustment_of_the_centre(world):
    on = date(2026, 6, 30)
    _change(centre=world.a.centre, on=on, action=ChangeAction.PUBLISH)
    _change(station=world.a.station, on=on)
    assert facts.catalogue_adjusted_12m(world.a.centre, on) is False


def test_a_station_has_a_proxy_list_when_it_has_a_published_entry(world, catalogues):
    assert facts.station_proxy_list_present(world.a.station) is True
    assert facts.station_proxy_list_present(world.b.station) is False
    mf.entry(world.b.station, catalogues.low, mode="proxy", published=False)
    assert facts.station_proxy_list_present(world.b.station) is False


def test_facts_for_a_centre_and_a_station_use_the_rubric_engine_names(world, catalogues):
    centre = facts.facts_for(world.a.centre, on=date.today())
    assert set(centre) == {
        "matters.required_missing", "matters.life_services_count", "matters.one_thing_list_published",
        "matters.catalogue_adjusted_12m", "matters.stationed_catalogue_published",
    }
    assert set(centre) <= set(FACTS)
    assert facts.facts_for(world.a.station) == {"matters.station_proxy_list_present": True}


def test_the_overview_table_agrees_with_facts_for_each_centre(world, catalogues):
    LifeService.objects.create(centre=world.b.centre, kind="water", provider="自来水公司")
    _change(centre=world.b.centre, on=date.today() - timedelta(days=10))
    table = facts.facts_table([world.a.centre, world.b.centre])
    for centre in (world.a.centre, world.b.centre):
        assert table[centre.pk] == facts.facts_for(centre)


def test_the_facts_prefill_the_baolin_centre_rubric_and_feed_ying_jin_bi_jin(world, catalogues):
    """应进必进 (3.2): 10 points, minus one per missing required matter; life services (3.3): 0.5 per kind."""
    rubric = load_rubric((settings.FIXTURES_DIR / "rubrics" / "baolin-centre.yaml").read_bytes())
    LifeService.objects.create(centre=world.a.centre, kind="power", provider="供电所")
    LifeService.objects.create(centre=world.a.centre, kind="post", provider="邮政所")
    answers = prefill(rubric, facts.facts_for(world.a.centre))
    assert answers["3.2.1"] == 1 and answers["3.3.1"] == 2
    result = score(rubric, answers)
    assert result.criterion("3.2.1").score == 9
    assert result.criterion("3.3.1").score == 1
