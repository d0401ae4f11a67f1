"""The two screens of issue #13 item 4: the evaluation form on a tablet in portrait keeps its total and 保存草稿 on
screen while the sheet scrolls (and the total there moves with the answers); the staff member's own page on a phone
shows each record as a card with its points and appeal link on screen, and a chart tall enough to read."""

import io

import pytest
from playwright.sync_api import expect

from tests.assessment import factories
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def on_screen(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and box["x"] >= 0 and \
        box["x"] + box["width"] <= size["width"]


def test_the_total_and_the_save_button_stay_on_a_tablet_screen_while_the_form_scrolls(live_server, browser, world):
    version = factories.published("baolin-station")
    evaluation = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=version)
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="zh-CN", has_touch=True)
    page = context.new_page()
    log_in(page, live_server, world.a.inspector)
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/edit/", wait_until="networkidle")
    bar = page.get_by_test_id("save-bar")
    save = bar.get_by_role("button", name="保存草稿")
    total = page.get_by_test_id("bar-total")
    for fraction in (0.4, 0.8):
        page.evaluate(f"window.scrollTo(0, document.documentElement.scrollHeight * {fraction})")
        page.wait_for_timeout(100)
        assert on_screen(page, save) and on_screen(page, total), f"scrolled to {fraction:.0%}: the save bar left"
    expect(total).to_have_text(page.get_by_test_id("total").inner_text())
    page.locator("label[for='a-1-1-1-1']").scroll_into_view_if_needed()
    page.click("label[for='a-1-1-1-1']")
    expect(total).not_to_have_text("0")
    expect(total).to_have_text(page.get_by_test_id("total").inner_text())
    assert on_screen(page, save)
    with page.expect_navigation():
        save.click()
    evaluation.refresh_from_db()
    assert evaluation.revision == 2
    context.close()


def test_a_staff_member_reads_every_record_as_a_card_on_a_phone(live_server, browser, world):
    from staff_scoring.fixtures_loader import load_all
    from tests.staff_scoring.factories import event

    load_all(io.StringIO())
    a = world.a
    event(a.window_staff, "1", "2026-03-10", note="迟到十分钟，未按规定着装佩戴工作牌，影响窗口形象")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    log_in(page, live_server, a.staff_user)
    page.goto(f"{live_server.url}/scores/staff/{a.window_staff.pk}/?period=2026-03", wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    row = page.locator("#events tbody tr").first
    points = row.locator("[data-label='计分']")
    status = row.locator("[data-label='状态']")
    expect(points).to_contain_text("−")
    for cell in (points, status):
        cell.scroll_into_view_if_needed()
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, "a column of the record is off-screen"
    height = page.locator("#trend").bounding_box()["height"]
    assert height >= 200, f"the trend chart is {height:.0f}px tall on a phone"
    context.close()
