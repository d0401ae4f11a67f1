"""The admin enters next year's holidays in a browser: follows the red warning, pastes the notice, sees the twelve
months with the holidays marked, saves; a director reads the calendar without any entry control."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from workdays.models import OfficialDay, YearSchedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NOTICE = "国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。"


def test_the_admin_pastes_the_notice_previews_the_year_and_saves_it(live_server, page, world):
    world.admin.is_superuser = True
    world.admin.save()
    YearSchedule.objects.filter(year=2027).delete()
    log_in(page, live_server, world.admin)
    page.goto(f"{live_server.url}/workdays/2027/")
    page.get_by_role("link", name="录入该年度安排").click()
    page.wait_for_url(re.compile(r"/workdays/2027/enter/$"))
    page.fill("#id_text", NOTICE)
    page.get_by_role("button", name="预览全年日历").click()
    expect(page.locator("#preview-days li")).to_have_count(9)
    october = page.locator("table.month").nth(9)
    expect(october.locator("td.off[title='国庆节']")).to_have_count(7)
    expect(october.locator("td.on")).to_have_count(1)
    assert not YearSchedule.objects.filter(year=2027).exists()
    page.get_by_role("button", name="保存 2027 年安排").click()
    page.wait_for_url(re.compile(r"/workdays/2027/$"))
    expect(page.get_by_text("已保存 2027 年节假日安排")).to_be_visible()
    assert OfficialDay.objects.filter(date__year=2027).count() == 9


def test_a_director_reads_the_calendar_without_entry_controls(live_server, page, world):
    log_in(page, live_server, world.a.director)
    page.goto(f"{live_server.url}/workdays/2025/")
    expect(page.locator("table.month")).to_have_count(12)
    expect(page.locator("td.off").first).to_be_visible()
    assert page.locator("a[href*='/enter/']").count() == 0
