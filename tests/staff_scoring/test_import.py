"""Importing events from the XLSX template: all or nothing, each problem naming its row and column in Chinese."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEntry
from staff_scoring.imports import IMPORT_COLUMNS
from staff_scoring.models import EventSource, StaffEvent
from tests.factories import xlsx_upload

pytestmark = pytest.mark.django_db


def workbook(rows) -> SimpleUploadedFile:
    return xlsx_upload(IMPORT_COLUMNS, rows, "值班记录.xlsx")


def import_url(world):
    return reverse("staff_scoring:import_events", kwargs={"centre": world.a.centre.pk})


def filled_template(client, world, rows) -> SimpleUploadedFile:
    """The template as the director downloads it, with ``rows`` typed into its first sheet (the other sheets kept)."""
    response = client.get(reverse("staff_scoring:import_template", kwargs={"centre": world.a.centre.pk}))
    wb = load_workbook(io.BytesIO(response.content))
    sheet = wb["扣分加分记录"]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("值班记录.xlsx", buffer.getvalue())


def test_the_template_lists_the_centres_staff_and_the_rules_of_their_posts(scored_world, login):
    response = login(scored_world.a.director).get(
        reverse("staff_scoring:import_template", kwargs={"centre": scored_world.a.centre.pk}))
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    assert wb.sheetnames == ["扣分加分记录", "人员名单", "细则", "填写说明"]
    assert [c.value for c in next(wb["扣分加分记录"].iter_rows(max_row=1))] == IMPORT_COLUMNS
    names = {row[1] for row in wb["人员名单"].iter_rows(min_row=2, values_only=True)}
    assert names == {scored_world.a.window_staff.name, scored_world.a.station_staff.name}
    schemes = {row[0] for row in wb["细则"].iter_rows(min_row=2, values_only=True)}
    assert len(schemes) == 2


def test_a_valid_sheet_is_imported_and_every_event_audited(scored_world, login):
    a = scored_world.a
    upload = workbook([
        [a.window_staff.pk, a.window_staff.name, dt.datetime(2025, 10, 9), "1", 2, None, None, None, None, None, None, "迟到两次"],
        [a.window_staff.pk, None, "2025-10-10", 2, None, 0.5, None, None, None, None, None, "旷工半天"],
        [a.window_staff.pk, None, "2025-10-11", "4", None, None, None, "是", 30, None, None, None],
        [a.window_staff.pk, None, "2025-10-12", "B1", None, None, "国家级", None, None, "抗洪报道", None, None],
        [a.station_staff.pk, a.station_staff.name, "2025/10/13", "16", None, None, None, "否", None, None, None, None],
    ])
    response = login(a.director).post(import_url(scored_world), {"file": upload})
    assert response.status_code == 302, response.context and response.context["problems"]
    events = list(StaffEvent.objects.order_by("date"))
    assert [(e.rule, e.occurrences, e.days, e.level, e.aggravated) for e in events] == [
        ("1", 2, None, "", False), ("2", None, Decimal("0.5"), "", False),
        ("4", 1, None, "", True), ("B1", 1, None, "national", False), ("16", 1, None, "", False)]
    assert {e.source for e in events} == {EventSource.IMPORT}
    assert AuditEntry.objects.filter(action="导入扣分加分记录").count() == 5


def test_a_sheet_with_errors_saves_nothing_and_names_every_row_and_column(scored_world, login):
    a = scored_world.a
    upload = workbook([
        [a.window_staff.pk, None, "2025-10-09", "1", None, None, None, None, None, None, None, None],  # fine
        [a.window_staff.pk, "李四", "2025-10-09", "1", None, None, None, None, None, None, None, None],
        [a.window_staff.pk, None, "十月九日", "1", None, None, None, None, None, None, None, None],
        [a.window_staff.pk, None, "2025-10-09", "4", None, None, None, "是", 50, None, None, None],
        [a.station_staff.pk, None, "2025-10-09", "28", None, None, None, None, None, None, None, None],
        [scored_world.b.window_staff.pk, None, "2025-10-09", "1", None, None, None, None, None, None, None, None],
        [a.window_staff.pk, None, "2025-10-09", "1", "两", None, None, None, None, None, None, None],
        [a.window_staff.pk, None, "2025-10-09", "B1", None, None, "国家级", None, None, None, None, None],
    ])
    response = login(a.director).post(import_url(scored_world), {"file": upload})
    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) == 7
    joined = "\n".join(problems)
    assert f"第 3 行「姓名」列：编号 {a.window_staff.pk} 的工作人员是「{a.window_staff.name}」" in joined
    assert "第 4 行「日期」列：应为日期（如 2026-10-03），填写的是「十月九日」" in joined
    assert "第 5 行「分值」列：细则4造成不良影响的扣分应在 25—40 分/次之间，填写的是 50" in joined
    assert "第 6 行「细则编号」列：" in joined and "没有细则「28」" in joined
    assert f"第 7 行「人员编号」列：找不到编号为「{scored_world.b.window_staff.pk}」的工作人员" in joined
    assert "第 8 行「次数」列：应为数字" in joined
    assert "第 9 行「事迹/事项」列" in joined
    assert not StaffEvent.objects.exists()
    assert "未导入任何记录" in response.content.decode()


def test_a_file_that_is_not_xlsx_is_refused_in_chinese(scored_world, login):
    response = login(scored_world.a.director).post(
        import_url(scored_world), {"file": SimpleUploadedFile("记录.xlsx", b"not a workbook")})
    assert "不是有效的 Excel 工作簿" in response.context["problems"][0]


def test_the_downloaded_template_filled_in_excel_imports_every_column_to_its_field(scored_world, login):
    a = scored_world.a
    client = login(a.director)
    upload = filled_template(client, scored_world, [
        [a.window_staff.pk, a.window_staff.name, dt.datetime(2025, 10, 9), "8", None, None, None, "是", 15, None, None,
         "态度生硬，群众投诉"],
        [a.window_staff.pk, None, "2025-10-10", "B1", None, None, "市(州)级", None, None, "抗洪报道", None, None],
        [a.window_staff.pk, None, "2025-10-13", "27", 1, None, None, None, None, None, "28", "回访反映桌面杂乱，查证属实"],
        [a.window_staff.pk, None, "2025-10-14", "2", 1, 1, None, None, None, None, None, "旷工一天"],
        [a.station_staff.pk, None, "2025-10-15", "16", 2, None, None, "否", None, None, None, None],
    ])
    response = client.post(import_url(scored_world), {"file": upload})
    assert response.status_code == 302, response.context and response.context["problems"]
    events = {e.rule: e for e in StaffEvent.objects.all()}
    assert (events["8"].aggravated, events["8"].points, events["8"].note) == (True, Decimal(15), "态度生硬，群众投诉")
    assert events["8"].date == dt.date(2025, 10, 9)
    assert (events["B1"].level, events["B1"].deed, events["B1"].kind) == ("city", "抗洪报道", "bonus")
    assert (events["27"].refers_to, events["27"].note) == ("28", "回访反映桌面杂乱，查证属实")
    assert (events["2"].days, events["2"].occurrences) == (Decimal(1), None)
    assert (events["16"].staff, events["16"].occurrences) == (a.station_staff, 2)


def test_a_count_and_days_on_one_row_or_an_unknown_level_are_refused_not_silently_dropped(scored_world, login):
    a = scored_world.a
    client = login(a.director)
    upload = filled_template(client, scored_world, [
        [a.window_staff.pk, None, "2025-10-14", "2", 3, 1, None, None, None, None, None, None],
        [a.window_staff.pk, None, "2025-10-15", "B1", None, None, "national", None, None, "甲", None, None],
        [a.window_staff.pk, None, "2025-10-15", "B1", None, None, "全国级", None, None, "乙", None, None],
    ])
    response = client.post(import_url(scored_world), {"file": upload})
    assert response.status_code == 200
    problems = response.context["problems"]
    assert problems[0] == "第 2 行「天数」列：次数与天数只能填一个（按天计的细则填天数）"
    assert problems[1].startswith("第 4 行「级别」列：应为") and "国家级" in problems[1] and "「全国级」" in problems[1]
    assert len(problems) == 2  # the English code "national" is accepted as well as 国家级
    assert not StaffEvent.objects.exists()
