"""Under the Content-Security-Policy the browser refuses inline scripts and eval: the pages whose scripts moved to
static files still work, and the browser reports no violation on them."""

import pytest
from playwright.sync_api import expect

from tests.assessment import factories
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


def test_the_evaluation_form_recalculates_without_eval_and_logs_no_error(live_server, browser, world, tmp_path):
    """The live subtotals under the policy: no EvalError (an htmx event filter would need 'unsafe-eval'), no violation
    and no error at all in the console; typing a score moves the total, choosing an evidence file only uploads it."""
    version = factories.published("meishan-centre")
    evaluation = factories.evaluation(world.a, kind="acceptance", version=version)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    previews: list[str] = []
    page.on("request", lambda request: previews.append(request.url) if "/preview/" in request.url else None)
    log_in(page, live_server, world.a.inspector)
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/edit/", wait_until="networkidle")
    total = page.get_by_test_id("total")
    before = total.inner_text()

    with page.expect_response(lambda response: "/preview/" in response.url):
        page.locator("#a-9-1-1").press_sequentially("7.3")
    expect(total).not_to_have_text(before)
    expect(page.get_by_test_id("section-9")).to_contain_text("7.3")
    page.wait_for_load_state("networkidle")

    asked = len(previews)
    photo = tmp_path / "现场.png"
    photo.write_bytes(factories.png_bytes((40, 30)))
    with page.expect_response(lambda response: "/evidence/" in response.url and response.request.method == "POST"):
        page.get_by_test_id("evidence-9.1.1").set_input_files(str(photo))
    page.wait_for_timeout(800)  # past the trigger's 350 ms delay
    page.wait_for_load_state("networkidle")
    assert errors == []
    assert len(previews) == asked  # the upload, and no recalculation
    context.close()
