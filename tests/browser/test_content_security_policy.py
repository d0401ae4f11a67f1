"""Under the Content-Security-Policy the browser refuses inline scripts: the pages whose scripts moved to static files
still work, and the browser reports no violation on them."""

import pytest

from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def watch_violations(page) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda msg: seen.append(msg.text) if "Content Security Policy" in msg.text else None)
    return seen


def test_a_staff_member_s_page_draws_its_chart_and_switches_period_under_the_policy(live_server, browser, world):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    violations = watch_violations(page)
    log_in(page, live_server, world.a.staff_user)
    page.goto(f"{live_server.url}/scores/staff/{world.a.staff_user.staff_id}/", wait_until="networkidle")
    assert page.evaluate("Object.keys(Chart.instances).length") == 1  # static/js/staff_trend.js ran
    period = page.locator("select[name=period]")
    target = period.locator("option").nth(1).get_attribute("value")
    period.select_option(target)  # data-autosubmit (static/js/site.js)
    page.wait_for_url(f"**period={target}")
    assert violations == []
    context.close()


def test_a_director_starts_an_evaluation_and_prints_qr_cards_under_the_policy(live_server, browser, world):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    violations = watch_violations(page)
    log_in(page, live_server, world.a.director)
    page.goto(f"{live_server.url}/evaluations/new/", wait_until="networkidle")
    assert page.locator("#id_subject").is_visible()
    page.goto(f"{live_server.url}/matters/centres/{world.a.centre.pk}/qr-cards/", wait_until="networkidle")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.click("[data-print]")
    assert page.evaluate("window.printed") is True
    assert violations == []
    context.close()
