"""The admin keeps the reference catalogues on real pages; a director keeps each station's proxy list."""

import pytest
from django.urls import reverse
from django.utils import timezone

from matters.models import CatalogueChange, CatalogueEntry, Matter
from tests.matters import factories as mf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate().isoformat()


def test_the_admin_adds_a_matter_to_a_reference_catalogue_and_changes_its_required_flag(login, world, catalogues):
    client = login(world.admin)
    new = mf.matter("SC-NEW-1", "新下放事项")
    url = reverse("matters:reference_item_create", kwargs={"catalogue": catalogues.centre_list.pk})
    assert client.post(url, {"matter": new.pk, "required": "on", "on": TODAY, "reason": "县级事项下放"}).status_code == 302
    item = catalogues.centre_list.items.get(matter=new)
    assert item.required
    edit = reverse("matters:reference_item_edit", kwargs={"item": item.pk})
    assert client.post(edit, {"action": "update", "on": TODAY, "reason": "按乡镇类型调整为可选"}).status_code == 302
    item.refresh_from_db()
    assert not item.required
    assert client.post(edit, {"action": "remove", "on": TODAY, "reason": "不再下放"}).status_code == 302
    assert not catalogues.centre_list.items.filter(matter=new).exists()
    page = client.get(reverse("matters:reference_detail", kwargs={"catalogue": catalogues.centre_list.pk})).content.decode()
    assert "不再下放" in page


def test_the_admin_creates_a_reference_matter_straight_into_a_catalogue(login, world, catalogues):
    client = login(world.admin)
    response = client.post(reverse("matters:reference_matter_create"), {
        "code": "SC-XX-9", "name": "退役军人优待证申领", "area": "退役军人服务", "department": "县退役军人事务局",
        "category": "public", "handling_type": "promised", "level": "county", "legal_basis": "《中华人民共和国退役军人保障法》",
        "conditions": "退役军人", "process": "申请\n审核\n发证", "legal_days": "", "promised_days": "10",
        "fee_standard": "不收费", "fee_basis": "", "result": "《退役军人优待证》", "catalogue": catalogues.centre_list.pk,
        "required": "on", "on": TODAY, "reason": "省级目录新增",
        "materials-TOTAL_FORMS": "0", "materials-INITIAL_FORMS": "0", "materials-MIN_NUM_FORMS": "0", "materials-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 302
    matter = Matter.objects.get(code="SC-XX-9", centre__isnull=True)
    assert catalogues.centre_list.items.get(matter=matter).required
    assert CatalogueChange.objects.filter(matter=matter).count() == 2


def test_a_director_builds_and_publishes_a_stations_proxy_list(login, world, catalogues):
    client = login(world.a.director)
    station = world.a.station
    page = client.get(reverse("matters:station_catalogue", kwargs={"station": station.pk})).content.decode()
    assert "城乡居民基本养老保险参保登记" in page and "纳入" in page
    response = client.post(reverse("matters:station_entry_create", kwargs={"station": station.pk}),
                           {"matter": catalogues.pension.pk, "mode": "proxy", "on": TODAY, "reason": "村民高频事项"})
    assert response.status_code == 302
    entry = CatalogueEntry.objects.get(station=station, matter=catalogues.pension)
    assert entry.window is None and not entry.published
    client.post(reverse("matters:station_publish", kwargs={"station": station.pk}), {"on": TODAY, "reason": "公布代办目录"})
    entry.refresh_from_db()
    assert entry.published
    public = client.get(reverse("matters:public_station", kwargs={"station": station.pk})).content.decode()
    assert "城乡居民基本养老保险参保登记" in public


def test_a_director_cannot_reach_another_centres_station_or_the_reference_admin_pages(login, world, catalogues):
    client = login(world.a.director)
    assert client.get(reverse("matters:station_catalogue", kwargs={"station": world.b.station.pk})).status_code == 404
    assert client.get(reverse("matters:reference_matter_create")).status_code == 404
    item = catalogues.centre_list.items.first()
    assert client.get(reverse("matters:reference_item_edit", kwargs={"item": item.pk})).status_code == 404
