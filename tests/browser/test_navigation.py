"""The navigation fits a 1280 px screen for every role, collapses on tablets and phones with every group still
reachable, and charts draw their labels with the bundled Chinese font."""

import pytest

from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]



@pytest.mark.parametrize("role", ["admin", "supervisor", "inspector", "director", "staff"])
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


def staff_chart_page(live_server, browser, world):
    """The staff member's own page (it has the 12-month chart), once the bundled font has loaded."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server, world.a.staff_user)
    page.goto(f"{live_server.url}/scores/staff/{world.a.staff_user.staff_id}/", wait_until="networkidle")
    page.wait_for_function("document.fonts.check('12px \"Noto Sans SC Common\"')")
    return context, page


def test_charts_draw_with_the_bundled_chinese_font(live_server, browser, world):
    context, page = staff_chart_page(live_server, browser, world)
    families = page.evaluate("""() => {
        const charts = Object.values(Chart.instances);
        return [Chart.defaults.font.family, charts.length, ...charts.map(c => c.options.font.family),
                ...charts.map(c => c.scales.x._resolveTickFontOptions(0).family)];
    }""")
    default, count, *ticks = families
    assert default.startswith('"Noto Sans SC Common"')
    assert count >= 1 and all(t.startswith('"Noto Sans SC Common"') for t in ticks), families
    context.close()


def test_when_the_font_arrives_chart_labels_are_measured_again_not_cut_off(live_server, browser, world):
    """Scales cache label widths by font string; widths measured before the web font loaded (with a narrower
    fallback) would clip the labels at the axis. The redraw after the font loads must measure them again."""
    context, page = staff_chart_page(live_server, browser, world)
    widest = page.evaluate("""() => {
        const chart = Object.values(Chart.instances)[0];
        const scale = chart.scales.x;
        // what a measurement made with a narrow fallback font leaves behind: every label 1 px wide
        const stale = {};
        for (const tick of scale.ticks) { stale[String(tick.label)] = 1; }
        const font = scale._resolveTickFontOptions(0).string;
        scale._longestTextCache = {[font]: {data: stale, gc: Object.keys(stale)}};
        chart.update("none");
        const before = scale._labelSizes.widest.width;
        appChartFont.redraw();
        return [before, scale._labelSizes.widest.width];
    }""")
    before, after = widest
    assert before == 1, widest  # the stale widths were in use …
    assert after > 10, widest  # … and measured again with the real font after it arrived
    context.close()
