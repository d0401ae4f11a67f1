"""Every period and year switcher changes what the page shows: the staff board, the staff member's own page and the
annual summary (choosing a year in the list loads that year, with the script and without it)."""

import pytest

from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def new_page(browser, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN", **options)
    return context, context.new_page()


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("where", ["board", "staff"])
def test_choosing_another_year_shows_that_year_s_period(live_server, browser, world, where, javascript):
    context, page = new_page(browser, java_script_enabled=javascript)
    user = world.a.director if where == "board" else world.a.staff_user
    log_in(page, live_server, user)
    path = (f"/scores/centres/{world.a.centre.pk}/" if where == "board"
            else f"/scores/staff/{world.a.staff_user.staff_id}/")
    page.goto(f"{live_server.url}{path}?period=2026-03", wait_until="networkidle")
    switcher = page.locator("form[aria-label=考评期]")
    with page.expect_navigation():
        switcher.locator("select[name=year]").select_option("2025")
        if not javascript:
            switcher.get_by_role("button", name="查看").click()
    page.wait_for_load_state("networkidle")
    assert switcher.locator("select[name=period] option:checked").inner_text() == "2025年3月"
    assert switcher.locator("select[name=year] option:checked").inner_text() == "2025年"
    assert "2025年3月" in page.locator("main").inner_text() and "2026年3月" not in page.locator("main").inner_text()

    with page.expect_navigation():
        switcher.locator("select[name=period]").select_option("2025-Q2")
        if not javascript:
            switcher.get_by_role("button", name="查看").click()
    page.wait_for_load_state("networkidle")
    assert switcher.locator("select[name=period] option:checked").inner_text() == "2025年第2季度"
    assert "2025年第2季度" in page.locator("main").inner_text()
    context.close()


def test_the_annual_summary_s_year_list_loads_the_chosen_year(live_server, browser, world):
    context, page = new_page(browser)
    log_in(page, live_server, world.a.director)
    page.goto(f"{live_server.url}/scores/centres/{world.a.centre.pk}/annual/", wait_until="networkidle")
    with page.expect_navigation():
        page.locator("select[name=year]").select_option("2025")
    page.wait_for_load_state("networkidle")
    assert "2025年度" in page.locator("h1").inner_text()
    context.close()


@pytest.mark.parametrize(("who", "path", "shown"), [
    ("inspector", "/redflags/", "2025年3月 窗口服务“流动红旗”考核"),
    ("director", "/redflags/centres/{centre}/2026/11/", "2025年3月 窗口服务月考核"),
    ("inspector", "/feedback/", "2025年3月 好差评统计"),
])
def test_the_month_pickers_show_the_chosen_month(live_server, browser, world, who, path, shown):
    from tests.redflags.factories import ensure_scheme

    ensure_scheme()
    context, page = new_page(browser)
    log_in(page, live_server, getattr(world.a, who))
    page.goto(live_server.url + path.format(centre=world.a.centre.pk), wait_until="networkidle")
    form = page.locator("form:has(input[name=month])")
    form.locator("input[name=month]").fill("2025-03")
    with page.expect_navigation():
        form.get_by_role("button", name="查看").click()
    page.wait_for_load_state("networkidle")
    assert shown in " ".join(page.locator("h1").inner_text().split())
    context.close()


def test_the_last_place_notices_year_filter_keeps_the_chosen_year(live_server, browser, world):
    context, page = new_page(browser)
    log_in(page, live_server, world.a.inspector)
    page.goto(f"{live_server.url}/redflags/notices/", wait_until="networkidle")
    page.fill("input[name=year]", "2025")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    assert "year=2025" in page.url and page.input_value("input[name=year]") == "2025"
    context.close()
