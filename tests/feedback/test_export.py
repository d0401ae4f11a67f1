"""The ratings export: rows with the fields a province platform asks for, and one real XLSX."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from feedback import services
from feedback.models import Rating
from feedback.reports import HEADERS, rating_report
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db


def test_a_row_has_channel_matter_window_staff_level_and_time(world):
    ticket = fb.ticket(world.a, matter_code="511000-001", matter_name="低保申请", case_no="B-7")
    services.rating_submit(token=fb.ticket_url_token(ticket), level=2, comment="等太久")
    Rating.objects.update(rated_at=dt.datetime(2025, 10, 9, 1, 30, tzinfo=dt.UTC))
    [row] = list(rating_report(Rating.objects.all()).rows())
    record = dict(zip(HEADERS, row, strict=True))
    assert record["评价时间"] == "2025-10-09 09:30:00"  # Beijing time
    assert record["评价渠道"] == "一次一码（办件后窗口出示）" and record["渠道代码"] == "service_qr"
    assert (record["事项编码"], record["事项名称"], record["办件编号"]) == ("511000-001", "低保申请", "B-7")
    assert record["窗口/站点"] == "1号窗口 综合受理" and record["被评价人员"] == world.a.window_staff.name
    assert (record["评价等级"], record["等级代码"], record["好差评类别"]) == ("不满意", 2, "差")
    assert record["差评核实状态"] == "待核实" and record["区划代码"] == world.a.town.code


def test_the_export_holds_no_phone_numbers_and_only_the_users_scope(login, world):
    fb.rating(world.a, 5, phone="13811112222", comment="好")
    fb.rating(world.b, 1, phone="13933334444", comment="差")
    response = login(world.a.inspector).get(reverse("feedback:rating_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 2
    flat = str(rows)
    assert "13811112222" not in flat and world.b.centre.name not in flat


def test_the_export_follows_the_list_filters(login, world):
    fb.rating(world.a, 5)
    fb.rating(world.a, 1)
    client = login(world.a.director)
    sheet = load_workbook(io.BytesIO(client.get(reverse("feedback:rating_export"), {"bad": "on"}).content)).active
    assert sheet.max_row == 2
    # a value the list ignores (with a warning) is ignored by the export too: it exports what the list shows
    bad_filter = client.get(reverse("feedback:rating_export"), {"start": "yesterday", "bad": "on"})
    assert load_workbook(io.BytesIO(bad_filter.content)).active.max_row == 2


def test_the_list_shows_the_phone_in_full_only_to_the_handling_role(login, world):
    fb.rating(world.a, 1, phone="13811112222", at=timezone.now())
    assert "13811112222" in login(world.a.director).get(reverse("feedback:rating_list")).text
    text = login(world.a.inspector).get(reverse("feedback:rating_list")).text
    assert "13811112222" not in text and "138****2222" in text
