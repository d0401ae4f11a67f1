"""XLSX export and import of catalogues: a template, row/column errors in Chinese, all or nothing, and a round trip
that changes nothing."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from core.xlsx import write_xlsx
from matters.imports import ImportErrors, parse_catalogue
from matters.models import CatalogueChange, CatalogueEntry, Material, Matter, ReferenceItem
from matters.reports import catalogue_workbook, template_sheets
from matters.services import catalogue_import
from tests.matters import factories as mf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate().isoformat()


def _dump():
    """Everything an import may touch, to compare before and after."""
    return (
        list(Matter.objects.order_by("pk").values()),
        list(Material.objects.order_by("pk").values("pk", "matter_id", "position", "name", "form", "copies", "required", "note")),
        list(CatalogueEntry.objects.order_by("pk").values("pk", "centre_id", "station_id", "matter_id", "mode", "window_id", "position")),
        list(ReferenceItem.objects.order_by("pk").values()),
        CatalogueChange.objects.count(),
    )


def _upload(client, url, content: bytes, reason="按县里调整通知更新"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {"file": SimpleUploadedFile("目录.xlsx", content), "on": TODAY, "reason": reason})


def _workbook(rows, materials=None, kind="centre") -> bytes:
    sheets = template_sheets(kind)
    sheets[0].rows = rows
    sheets[1].rows = materials if materials is not None else []
    return write_xlsx(sheets[:2] if materials is not None else sheets[:1])


def test_the_same_file_exported_and_imported_again_changes_nothing(login, world, catalogues):
    local = mf.matter("L-1", "镇级产业扶持项目申报", centre=world.a.centre, legal_days=None,
                      legal_basis="第一行\n第二行", fee_basis="")
    mf.entry(world.a.centre, local, window=world.a.window)
    client = login(world.a.director)
    exported = client.get(reverse("matters:centre_export", kwargs={"centre": world.a.centre.pk})).content
    before = _dump()
    response = _upload(client, reverse("matters:centre_import", kwargs={"centre": world.a.centre.pk}), exported)
    assert response.status_code == 302
    assert _dump() == before
    follow = client.get(response["Location"]).content.decode()
    assert "内容与现有目录一致，没有改动" in follow


@pytest.mark.parametrize("who", ["admin", "station"])
def test_the_round_trip_holds_for_a_reference_catalogue_and_a_station_list(login, world, catalogues, who):
    if who == "admin":
        client, target, names = login(world.admin), catalogues.centre_list, ("reference_export", "reference_import", "catalogue")
    else:
        client, target, names = login(world.a.director), world.a.station, ("station_export", "station_import", "station")
    exported = client.get(reverse(f"matters:{names[0]}", kwargs={names[2]: target.pk})).content
    before = _dump()
    assert _upload(client, reverse(f"matters:{names[1]}", kwargs={names[2]: target.pk}), exported).status_code == 302
    assert _dump() == before


def test_an_edited_export_updates_only_what_changed_and_logs_it(world, catalogues):
    local = mf.matter("L-1", "镇级产业扶持项目申报", centre=world.a.centre)
    mf.entry(world.a.centre, local, window=world.a.window)
    workbook = load_workbook(io.BytesIO(write_xlsx(catalogue_workbook(world.a.centre).sheets())))
    sheet = workbook["事项目录"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "L-1":
            row[header.index("承诺时限（工作日）")].value = 8
        if row[0].value == "SC-RS-001":
            row[header.index("进驻方式")].value = "委托受理"
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = parse_catalogue(io.BytesIO(buffer.getvalue()), world.a.centre)
    counts = catalogue_import(actor=world.a.director, plan=plan, reason="压缩时限")
    assert counts == {"matters_added": 0, "matters_changed": 1, "list_added": 0, "list_changed": 1}
    local.refresh_from_db()
    assert local.promised_days == 8
    assert CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.pension).mode == "entrusted"
    assert CatalogueChange.objects.count() == 2


def test_a_bad_file_names_each_row_and_column_in_chinese_and_changes_nothing(login, world, catalogues):
    rows = [
        # a good new local matter …
        ["L-OK", "好的事项", "乡村振兴", "镇政府", "公共服务", "承诺件", "乡镇（街道）级", "依据", "条件", "申请\n办结", None, 5,
         "不收费", "", "结果", "否", "否", "办理", 1],
        # … and bad ones
        ["L-BAD", "坏的事项", "乡村振兴", "镇政府", "随便", "承诺件", "乡镇（街道）级", "依据", "条件", "申请", 3, 5,
         "不收费", "", "结果", "也许", "否", "办理", 9],
        ["", "没有编码", "", "", "", "", "", "", "", "", None, None, "", "", "", "", "", "办理", None],
        ["SC-MZ-001", "改名的低保", "", "", "", "", "", "", "", "", None, None, "", "", "", "", "", "受理", None],
        ["L-OK", "重复", "乡村振兴", "镇政府", "公共服务", "承诺件", "乡镇（街道）级", "依据", "条件", "申请", None, 5,
         "不收费", "", "结果", "否", "否", "办理", None],
    ]
    client = login(world.a.director)
    before = _dump()
    response = _upload(client, reverse("matters:centre_import", kwargs={"centre": world.a.centre.pk}), _workbook(rows))
    html = response.content.decode()
    assert response.status_code == 200
    for message in [
        "第 3 行「事项类别」列：应为以下之一：行政权力、公共服务、便民服务",
        "第 3 行「网上可办」列：应填“是”或“否”",
        "第 3 行「窗口号」列：本中心没有 9 号窗口",
        "第 4 行「事项编码」列：不能为空",
        "第 5 行「事项名称」列：「SC-MZ-001」是参考目录的事项，内容不能在此修改，请留空或与参考目录一致",
        "第 6 行「事项编码」列：「L-OK」与第 2 行重复",
    ]:
        assert message in html
    assert "未导入任何内容" in html
    assert _dump() == before


def test_a_model_rule_broken_in_a_row_is_reported_on_its_column(world, catalogues):
    rows = [["L-X", "即办事项", "乡村振兴", "镇政府", "便民服务", "即办件", "乡镇（街道）级", "依据", "条件", "申请", None, 3,
             "不收费", "", "结果", "否", "否", "办理", None]]
    with pytest.raises(ImportErrors) as caught:
        parse_catalogue(io.BytesIO(_workbook(rows)), world.a.centre)
    assert caught.value.messages == ["第 2 行「承诺时限（工作日）」列：即办件应当场办结，承诺时限填 0"]


def test_materials_errors_name_the_sheet_row_and_column(world, catalogues):
    rows = [["L-M", "有材料的事项", "乡村振兴", "镇政府", "公共服务", "承诺件", "乡镇（街道）级", "依据", "条件", "申请", None, 5,
             "不收费", "", "结果", "否", "否", "办理", None]]
    materials = [["L-M", 1, "申请表", "原件", 1, "是", ""], ["L-M", "一", "身份证", "影印件", 1, "是", ""],
                 ["L-NONE", 1, "申请表", "原件", 1, "是", ""]]
    with pytest.raises(ImportErrors) as caught:
        parse_catalogue(io.BytesIO(_workbook(rows, materials)), world.a.centre)
    assert caught.value.messages == [
        "「申请材料」第 3 行「序号」列：应为不小于 0 的整数",
        "「申请材料」第 3 行「材料形式」列：应为以下之一：原件、复印件、原件及复印件、电子材料",
        "「申请材料」第 4 行「事项编码」列：「L-NONE」不在「事项目录」工作表中",
    ]


def test_a_new_local_matter_and_its_materials_are_imported_as_a_draft(world, catalogues):
    rows = [["L-M", "有材料的事项", "乡村振兴", "镇政府", "公共服务", "承诺件", "乡镇（街道）级", "依据", "条件", "申请", None, 5,
             "不收费", "", "结果", "否", "否", "办理", 1],
            ["SC-ZR-001", None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None,
             "授权办理", None]]
    materials = [["L-M", 1, "申请表", "原件", 1, "是", ""], ["L-M", 2, "居民身份证", "原件及复印件", 1, "否", "可容缺"]]
    plan = parse_catalogue(io.BytesIO(_workbook(rows, materials)), world.a.centre)
    counts = catalogue_import(actor=world.a.director, plan=plan, reason="导入")
    assert counts == {"matters_added": 1, "matters_changed": 0, "list_added": 2, "list_changed": 0}
    matter = Matter.objects.get(code="L-M", centre=world.a.centre)
    assert [(m.name, m.required) for m in matter.materials.order_by("position")] == [("申请表", True), ("居民身份证", False)]
    assert CatalogueEntry.objects.get(centre=world.a.centre, matter=matter).window == world.a.window
    assert not CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.land).published


@pytest.mark.parametrize(("content", "message"), [
    (b"not a workbook", "文件不是有效的 Excel 工作簿"),
    (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "不支持旧版 Excel 97-2003 格式"),
    (b"PK\x03\x04broken zip", "文件不是有效的 Excel 工作簿"),
])
def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(login, world, content, message):
    response = _upload(login(world.a.director), reverse("matters:centre_import", kwargs={"centre": world.a.centre.pk}), content)
    assert response.status_code == 200 and message in response.content.decode()


def test_a_workbook_without_the_catalogue_sheet_or_its_columns_is_refused(world):
    wb = Workbook()
    wb.active.title = "Sheet1"
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(ImportErrors, match="找不到工作表「事项目录」"):
        parse_catalogue(io.BytesIO(buffer.getvalue()), world.a.centre)
    wb.active.title = "事项目录"
    wb.active.append(["事项编码", "事项名称"])
    wb.active.append(["X", "Y"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(ImportErrors, match="缺少列：进驻方式、窗口号"):
        parse_catalogue(io.BytesIO(buffer.getvalue()), world.a.centre)


def test_the_form_refuses_a_missing_file_or_reason(login, world):
    response = login(world.a.director).post(reverse("matters:centre_import", kwargs={"centre": world.a.centre.pk}), {"on": TODAY})
    html = response.content.decode()
    assert "请选择文件" in html and "请填写调整理由" in html


@pytest.mark.parametrize("kind", ["reference", "centre", "station"])
def test_the_template_downloads_with_its_instructions(login, world, kind):
    response = login(world.a.director).get(reverse("matters:import_template"), {"for": kind})
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["事项目录", "申请材料", "填写说明"]
    assert "事项编码" in [c.value for c in workbook["事项目录"][1]]


def test_the_filled_in_template_imports_for_a_centre(world, catalogues):
    plan = parse_catalogue(io.BytesIO(write_xlsx(template_sheets("centre"))), world.a.centre)
    catalogue_import(actor=world.a.director, plan=plan, reason="按模板导入")
    assert Matter.objects.get(code="LOCAL-0001").materials.count() == 2


def test_a_station_list_accepts_only_known_matters(world, catalogues):
    rows = [["NOPE"] + [None] * 16 + ["帮办代办"], ["SC-RS-001"] + [None] * 16 + ["帮办代办"]]
    with pytest.raises(ImportErrors) as caught:
        parse_catalogue(io.BytesIO(_workbook(rows, kind="station")), world.a.station)
    assert caught.value.messages == ["第 2 行「事项编码」列：找不到编码为「NOPE」的参考事项或本中心事项"]


def test_only_the_admin_imports_a_reference_catalogue(login, world, catalogues):
    url = reverse("matters:reference_import", kwargs={"catalogue": catalogues.centre_list.pk})
    assert login(world.a.director).get(url).status_code == 404
    rows = [["SC-NEW", "新参考事项", "社会保障", "县人社局", "公共服务", "即办件", "县级", "依据", "条件", "申请", None, 0,
             "不收费", "", "结果", "是", "是", "否"]]
    response = _upload(login(world.admin), url, _workbook(rows, kind="reference"))
    assert response.status_code == 302
    item = catalogues.centre_list.items.get(matter__code="SC-NEW")
    assert item.required is False and item.matter.centre is None
