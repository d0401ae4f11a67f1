"""Every catalogue page runs a constant number of queries: each is measured at a small and a large catalogue with the
same bound (the public centre catalogue, the director's centre page, a guide and a bundle are measured in
test_public_pages.py)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from centers.choices import RegionLevel
from matters.choices import ChangeAction, ChangeList, Mode
from matters.models import CatalogueChange
from tests import factories as f
from tests.matters import factories as mf

pytestmark = pytest.mark.django_db
SIZES = [3, 40]


def _grow(world, catalogues, n):
    """``n`` more proxy-eligible reference matters, each in both reference catalogues, stationed and published at
    county a's centre (at its window) and on its station's proxy list, paired into ``n`` published one-thing
    bundles; and ``n`` more stations, each proxying 最低生活保障对象认定, whose changes are logged for that matter."""
    matters = []
    for i in range(n):
        matter = mf.matter(f"G-{i:03d}", f"增长事项{i}", materials=("居民身份证", "户口簿", "申请表"), proxy_eligible=True)
        mf.item(catalogues.centre_list, matter)
        mf.item(catalogues.village_list, matter, required=False)
        mf.entry(world.a.centre, matter, window=world.a.window, mode=Mode.ACCEPT)
        mf.entry(world.a.station, matter, mode=Mode.PROXY, published=i % 2 == 0)
        matters.append(matter)
    for i in range(n):
        mf.bundle(world.a.centre, [matters[i], matters[(i + 1) % n]], name=f"增长一件事{i}")
    on = timezone.localdate()
    changes = []
    for i in range(n):
        station = f.station(f.region(world.a.town, RegionLevel.VILLAGE, f"增长村{i}"), world.a.centre)
        mf.entry(station, catalogues.low, mode=Mode.PROXY, published=i % 2 == 0)
        changes += [
            CatalogueChange(on=on, action=ChangeAction.ADD, list_kind=ChangeList.STATION, station=station,
                            actor=world.a.director, matter=catalogues.low, matter_name=catalogues.low.name,
                            summary=f"{station.name}新增「{catalogues.low.name}」", reason="村民高频事项"),
            CatalogueChange(on=on, action=ChangeAction.CHANGE, list_kind=ChangeList.CENTRE, centre=world.a.centre,
                            actor=world.a.director, matter=catalogues.low, matter_name=catalogues.low.name,
                            summary=f"{world.a.centre.name}调整「{catalogues.low.name}」", reason="窗口调整"),
            CatalogueChange(on=on, action=ChangeAction.CHANGE, list_kind=ChangeList.REFERENCE,
                            catalogue=catalogues.village_list, actor=world.admin, matter=catalogues.low,
                            matter_name=catalogues.low.name, summary=f"{catalogues.village_list.name}调整「{catalogues.low.name}」",
                            reason="按省级目录更新"),
        ]
    CatalogueChange.objects.bulk_create(changes)


def _last(n):
    """The name of the last grown matter shown on a published list (odd ones are drafts on the station's list)."""
    return f"增长事项{n - 1 if (n - 1) % 2 == 0 else n - 2}"


@pytest.mark.parametrize("size", SIZES)
def test_the_public_station_window_and_bundle_pages_keep_a_constant_number_of_queries(
        world, catalogues, size, django_assert_max_num_queries):
    _grow(world, catalogues, size)
    anonymous = Client()
    station = reverse("matters:public_station", kwargs={"station": world.a.station.pk})
    with django_assert_max_num_queries(4):
        html = anonymous.get(station).content.decode()
    assert _last(size) in html and "增长事项1<" not in html  # a draft
    with django_assert_max_num_queries(4):
        assert _last(size) in anonymous.get(station, {"q": "增长"}).content.decode()
    with django_assert_max_num_queries(4):
        html = anonymous.get(reverse("matters:public_window", kwargs={"window": world.a.window.pk})).content.decode()
    assert f"增长事项{size - 1}" in html
    with django_assert_max_num_queries(5):
        html = anonymous.get(reverse("matters:public_bundles", kwargs={"centre": world.a.centre.pk})).content.decode()
    assert f"增长一件事{size - 1}" in html and f"增长事项{size - 1}、增长事项0" in html


@pytest.mark.parametrize("size", SIZES)
def test_the_qr_cards_and_the_station_catalogue_keep_a_constant_number_of_queries(
        login, world, catalogues, size, django_assert_max_num_queries):
    _grow(world, catalogues, size)
    client = login(world.a.director)
    with django_assert_max_num_queries(9):
        html = client.get(reverse("matters:qr_cards", kwargs={"centre": world.a.centre.pk})).content.decode()
    assert html.count('class="qr-code"') == 1 + 2 + size  # one window, two guides and the grown ones
    with django_assert_max_num_queries(11):
        html = client.get(reverse("matters:station_catalogue", kwargs={"station": world.a.station.pk})).content.decode()
    assert f"增长事项{size - 1}" in html and "草稿" in html


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("who", ["director", "admin"])
def test_the_reference_catalogue_page_keeps_a_constant_number_of_queries(
        login, world, catalogues, size, who, django_assert_max_num_queries):
    _grow(world, catalogues, size)
    client = login(world.a.director if who == "director" else world.admin)
    for catalogue in (catalogues.centre_list, catalogues.village_list):
        with django_assert_max_num_queries(9):
            html = client.get(reverse("matters:reference_detail", kwargs={"catalogue": catalogue.pk})).content.decode()
        assert f"增长事项{size - 1}" in html
    assert "按省级目录更新" in html  # the village list's recent changes


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("who", ["director", "admin"])
def test_the_matter_page_keeps_a_constant_number_of_queries(login, world, catalogues, size, who,
                                                             django_assert_max_num_queries):
    _grow(world, catalogues, size)
    client = login(world.a.director if who == "director" else world.admin)
    with django_assert_max_num_queries(10):
        html = client.get(reverse("matters:matter_detail", kwargs={"matter": catalogues.low.pk})).content.decode()
    assert f"增长村{size - 1}便民服务站" in html  # on every grown station's list, and in their change log
    shown = sum(html.count(f"理由：{reason}") for reason in ("村民高频事项", "窗口调整", "按省级目录更新"))
    assert shown == min(3 * size, 100)  # the page shows the latest 100 changes
