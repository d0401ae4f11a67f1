"""The navigation fits a 1280 px screen for every role, collapses on tablets and phones with every group still
reachable, and charts draw their labels with the bundled Chinese font."""

import pytest

from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]



@pytest.mark.parametrize("role", ["admin", "inspector", "director", "staff"])
def test_every_role_s_navigation_fits_a_1280_and_a_992_screen(live_server, browser, world, role):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server, world.users_by_role()[role])
    for width in (1280, 992):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/", wait_until="networkidle")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{role}: the page is {scroll}px wide at {width}px"
        assert not page.locator(".navbar-toggler").is_visible(), f"{role}: the navigation collapsed at {width}px"
        user_menu = page.locator("nav.navbar .dropdown-menu-end").locator("xpath=..").locator(".dropdown-toggle")
        box = user_menu.bounding_box()
        assert box and box["x"] + box["width"] <= width, f"{role}: the user menu is off-screen at {width}px"
        nav = page.locator("nav.navbar")
        assert nav.bounding_box()["height"] < 70, f"{role}: the navigation wraps onto a second line at {width}px"
    user_menu.click()
    assert page.get_by_role("link", name="修改密码").is_visible()
    assert page.get_by_role("button", name="退出").is_visible()
    context.close()


@pytest.mark.parametrize("width", [800, 375])
def test_the_admin_reaches_a_grouped_link_from_the_collapsed_navigation(live_server, browser, world, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server, world.admin)
    page.goto(f"{live_server.url}/evaluations/", wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator(".navbar-toggler").is_visible()
    page.click(".navbar-toggler")
    page.get_by_role("button", name="组织机构").click()
    page.get_by_role("link", name="工作日历").click()
    page.wait_for_url("**/workdays/")
    assert "工作日历" in page.locator("h1").inner_text()
    context.close()


def test_charts_draw_with_the_bundled_chinese_font(live_server, browser, world):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server, world.a.staff_user)
    page.goto(f"{live_server.url}/scores/staff/{world.a.staff_user.staff_id}/", wait_until="networkidle")
    page.wait_for_function("document.fonts.check('12px \"Noto Sans SC Common\"')")
    families = page.evaluate("""() => {
        const charts = Object.values(Chart.instances);
        return [Chart.defaults.font.family, charts.length, ...charts.map(c => c.options.font.family),
                ...charts.map(c => c.scales.x._resolveTickFontOptions(0).family)];
    }""")
    default, count, *ticks = families
    assert default.startswith('"Noto Sans SC Common"')
    assert count >= 1 and all(t.startswith('"Noto Sans SC Common"') for t in ticks), families
    context.close()
