"""The admin enters a new year from the pasted State Council notice: preview the twelve months, then save."""

from datetime import date

import pytest
from django.urls import reverse

from core.models import AuditEntry
from workdays.models import DayKind, LocalDay, OfficialDay, YearSchedule
from workdays.selectors import deadline_for

pytestmark = pytest.mark.django_db

NOTICE_2027 = """一、元旦：1月1日（周五）至3日（周日）放假，共3天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。"""


def enter_url(year=2027):
    return reverse("workdays:year_enter", kwargs={"year": year})


def test_the_red_warning_links_the_admin_to_the_entry_page(login, world):
    YearSchedule.objects.filter(year=2027).delete()
    client = login(world.admin)
    for page in (client.get(reverse("workdays:year_list")).text,
                 client.get(reverse("workdays:year_detail", kwargs={"year": 2027})).text,
                 client.get(reverse("workdays:deadline_calc"), {"start": "2027-09-30", "days": "1"}).text):
        assert "尚未录入" in page and enter_url() in page


def test_the_admin_previews_the_year_then_saves_it_and_the_deadline_moves(login, world):
    client = login(world.admin)
    LocalDay.objects.create(date=date(2027, 3, 3), kind=DayKind.OFF, reason="本地")
    assert deadline_for(date(2027, 9, 30), 1).estimated
    preview = client.post(enter_url(), {"basis": "国务院办公厅关于2027年部分节假日安排的通知", "text": NOTICE_2027,
                                        "action": "preview"})
    assert preview.status_code == 200 and "预览" in preview.text
    assert "2027-10-07" in preview.text and "2027-09-26" in preview.text and "保存 2027 年安排" in preview.text
    assert not YearSchedule.objects.filter(year=2027).exists()  # a preview saves nothing
    previewed = preview.context["form"].initial["previewed"]

    changed = client.post(enter_url(), {"text": NOTICE_2027 + "\n端午节：6月11日放假", "previewed": previewed,
                                        "action": "save"})
    assert changed.status_code == 200 and not YearSchedule.objects.filter(year=2027).exists()
    assert "预览后改过" in changed.text

    saved = client.post(enter_url(), {"basis": "", "text": NOTICE_2027, "previewed": previewed, "action": "save"})
    assert saved.status_code == 302 and saved["Location"] == reverse("workdays:year_detail", kwargs={"year": 2027})
    schedule = YearSchedule.objects.get(year=2027)
    assert schedule.source == "manual" and schedule.basis == "国务院办公厅关于2027年部分节假日安排的通知"
    assert OfficialDay.objects.filter(date__year=2027, kind=DayKind.OFF).count() == 10
    assert list(OfficialDay.objects.filter(date__year=2027, kind=DayKind.ON).values_list("date", flat=True)) == [
        date(2027, 9, 26), date(2027, 10, 9)]
    assert LocalDay.objects.filter(date=date(2027, 3, 3)).exists()
    result = deadline_for(date(2027, 9, 30), 1)
    assert result.due == date(2027, 10, 8) and not result.estimated
    assert AuditEntry.objects.filter(action="录入年度节假日安排").count() == 1


def test_saving_again_replaces_the_years_days(login, world):
    client = login(world.admin)
    page = client.get(enter_url(2025))
    assert "国庆节" in page.text and "10月1日至8日" in page.text  # the existing schedule, as text to correct
    text = "国庆节：10月1日至7日放假"
    preview = client.post(enter_url(2025), {"text": text, "action": "preview"})
    client.post(enter_url(2025), {"text": text, "previewed": preview.context["form"].initial["previewed"],
                                  "action": "save"})
    assert list(OfficialDay.objects.filter(date__year=2025).values_list("date", flat=True)) == [
        date(2025, 10, d) for d in range(1, 8)]


def test_unreadable_text_is_shown_back_with_chinese_errors_and_nothing_is_saved(login, world):
    client = login(world.admin)
    for text, error in (("国庆节：10月1日至8日", "看不出"), ("调休上班 10月4日", "是工作日"), ("", "请粘贴"),
                        ("放假 13月1日", "不是有效的日期")):
        response = client.post(enter_url(), {"text": text, "action": "save", "previewed": "x"})
        assert response.status_code == 200 and error in response.text, text
    assert not YearSchedule.objects.filter(year=2027).exists()
    assert client.get(enter_url(1999)).status_code == 404
