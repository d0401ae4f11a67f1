"""A station's proxy list (代办事项目录) takes only matters marked 可村级代办: the service, the add page, the station
page and the XLSX import refuse the others, and a matter on a proxy list keeps its mark."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.xlsx import write_xlsx
from matters import selectors, services
from matters.choices import Mode
from matters.imports import ImportErrors, parse_catalogue
from matters.models import CatalogueChange, CatalogueEntry, Matter
from matters.reports import catalogue_workbook, template_sheets
from tests.matters import factories as mf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate().isoformat()
REFUSED = "「农村宅基地使用审批」未标注“可村级代办”，不能列入便民服务站的代办事项目录"


def _station_rows(*codes):
    return [[code] + [None] * 16 + ["帮办代办"] for code in codes]


def _workbook(rows, kind) -> bytes:
    sheets = template_sheets(kind)
    sheets[0].rows = rows
    return write_xlsx(sheets[:1])


def test_the_service_refuses_a_matter_not_marked_for_village_proxy(world, catalogues):
    with pytest.raises(ValidationError) as caught:
        services.entry_add(actor=world.a.director, owner=world.a.station, matter=catalogues.land, mode=Mode.PROXY,
                           reason="村民需要")
    assert caught.value.message_dict == {"matter": [REFUSED]}
    local = mf.matter("L-NP", "镇级产业扶持项目申报", centre=world.a.centre)
    with pytest.raises(ValidationError):
        services.entry_add(actor=world.a.director, owner=world.a.station, matter=local, mode=Mode.PROXY, reason="村民需要")
    assert not CatalogueEntry.objects.filter(station=world.a.station, matter__in=[catalogues.land, local]).exists()
    assert not CatalogueChange.objects.exists()
    # the same matters still go on the centre's list, and a proxy-eligible one on the station's
    services.entry_add(actor=world.a.director, owner=world.a.centre, matter=catalogues.land, mode=Mode.HANDLE,
                       reason="县级下放")
    services.entry_add(actor=world.a.director, owner=world.a.station, matter=catalogues.pension, mode=Mode.PROXY,
                       reason="村民需要")


def test_the_station_add_page_offers_only_proxy_eligible_matters(login, world, catalogues):
    client = login(world.a.director)
    url = reverse("matters:station_entry_create", kwargs={"station": world.a.station.pk})
    html = client.get(url).content.decode()
    assert f'value="{catalogues.pension.pk}"' in html
    for matter in (catalogues.land, catalogues.advice):
        assert f'value="{matter.pk}"' not in html
    assert list(selectors.matters_addable(world.a.station)) == [catalogues.pension]
    centre_page = client.get(reverse("matters:entry_create", kwargs={"centre": world.a.centre.pk})).content.decode()
    assert f'value="{catalogues.land.pk}"' in centre_page  # a centre may station it

    response = client.post(url, {"matter": catalogues.land.pk, "mode": "proxy", "on": TODAY, "reason": "村民需要"})
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not CatalogueEntry.objects.filter(station=world.a.station, matter=catalogues.land).exists()
    response = client.post(url, {"matter": catalogues.low.pk, "mode": "proxy", "on": TODAY, "reason": "村民需要"})
    assert "该事项不可选（可能已在目录中）" in response.content.decode()  # already listed: the usual message


def test_the_station_page_offers_no_add_link_for_a_reference_item_that_is_not_proxy_eligible(login, world, catalogues):
    mf.item(catalogues.village_list, catalogues.land, required=False)
    html = login(world.a.director).get(
        reverse("matters:station_catalogue", kwargs={"station": world.a.station.pk})).content.decode()
    add = reverse("matters:station_entry_create", kwargs={"station": world.a.station.pk})
    assert f"{add}?matter={catalogues.pension.pk}" in html
    assert f"{add}?matter={catalogues.land.pk}" not in html
    assert "不可村级代办" in html


def test_the_station_import_refuses_a_matter_not_marked_for_village_proxy(login, world, catalogues):
    with pytest.raises(ImportErrors) as caught:
        parse_catalogue(io.BytesIO(_workbook(_station_rows("SC-RS-001", "SC-ZR-001"), "station")), world.a.station)
    assert caught.value.messages == [f"第 3 行「事项编码」列：{REFUSED}"]

    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(world.a.director)
    url = reverse("matters:station_import", kwargs={"station": world.a.station.pk})
    upload = SimpleUploadedFile("目录.xlsx", _workbook(_station_rows("SC-RS-001", "SC-ZR-001"), "station"))
    response = client.post(url, {"file": upload, "on": TODAY, "reason": "按村级代办目录导入"})
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert list(CatalogueEntry.objects.filter(station=world.a.station).values_list("matter", flat=True)) == [
        catalogues.low.pk
    ]
    assert not CatalogueChange.objects.exists()


def test_a_matter_on_a_proxy_list_keeps_its_village_proxy_mark(world, catalogues):
    low = Matter.objects.get(pk=catalogues.low.pk)
    low.proxy_eligible = False
    with pytest.raises(ValidationError) as caught:
        services.matter_update(actor=world.admin, matter=low, reason="调整")
    assert caught.value.message_dict == {"proxy_eligible": [
        f"该事项已列入{world.a.station.name}的代办事项目录，不能取消“可村级代办”；请先从这些代办目录中移除"
    ]}
    assert Matter.objects.get(pk=low.pk).proxy_eligible

    # a centre's import cannot take the mark off its own matter on a station's list either
    local = mf.matter("L-P", "村级代办的本地事项", centre=world.a.centre, proxy_eligible=True)
    mf.entry(world.a.centre, local)
    mf.entry(world.a.station, local, mode=Mode.PROXY)
    workbook = load_workbook(io.BytesIO(write_xlsx(catalogue_workbook(world.a.centre).sheets())))
    sheet = workbook["事项目录"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "L-P")
    row[header.index("可村级代办")].value = "否"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportErrors) as caught:
        parse_catalogue(io.BytesIO(buffer.getvalue()), world.a.centre)
    assert caught.value.messages == [
        f"第 {row[0].row} 行「可村级代办」列：该事项已列入{world.a.station.name}的代办事项目录，不能取消“可村级代办”；请先从这些代办目录中移除"
    ]

    # off the stations' lists it is still on the village reference catalogue, which keeps the mark too
    services.entry_remove(actor=world.admin, entry=CatalogueEntry.objects.get(station=world.a.station, matter=low),
                          reason="不再代办")
    with pytest.raises(ValidationError) as caught:
        services.matter_update(actor=world.admin, matter=low, reason="不再村级代办")
    assert caught.value.message_dict == {"proxy_eligible": [
        "该事项已列入村级代办事项参考目录，不能取消“可村级代办”；请先从参考目录中移除"]}

    # once off every proxy list, the mark may go
    services.reference_item_remove(actor=world.admin, item=catalogues.village_list.items.get(matter=low),
                                   reason="不再列入村级代办参考目录")
    assert services.matter_update(actor=world.admin, matter=low, reason="不再村级代办") is True


def test_the_village_reference_catalogue_takes_only_matters_marked_for_village_proxy(world, catalogues):
    with pytest.raises(ValidationError) as caught:
        services.reference_item_add(actor=world.admin, catalogue=catalogues.village_list, matter=catalogues.land,
                                    required=False, reason="补充")
    assert caught.value.message_dict == {
        "matter": ["「农村宅基地使用审批」未标注“可村级代办”，不能列入村级代办事项参考目录"]}
    assert not catalogues.village_list.items.filter(matter=catalogues.land).exists()
    assert catalogues.centre_list.items.filter(matter=catalogues.land).exists()  # the centre's reference list has it
