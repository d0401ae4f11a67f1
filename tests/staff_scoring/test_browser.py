"""The staff member's page in a real browser: the 12-month chart is drawn by the local Chart.js, no script errors,
and the director records a deduction through the form (Debian's chromium; skipped when it is not installed)."""

import os
import shutil

import pytest

from tests.browser.helpers import log_in
from tests.staff_scoring.factories import event

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "args": ["--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]}



def test_the_trend_chart_is_drawn_without_script_errors(live_server, page, scored_world):
    a = scored_world.a
    event(a.window_staff, "1", "2025-11-03")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    log_in(page, live_server, a.staff_user)
    page.goto(f"{live_server.url}/scores/staff/{a.window_staff.pk}/?period=2025-12")
    points = page.evaluate("Chart.getChart('trend').data.datasets[0].data")
    assert len(points) == 12 and points[10] == 97
    assert errors == []
    assert all(url.startswith(live_server.url) for url in requests)  # nothing from a CDN


def test_the_director_records_a_deduction_through_the_form(live_server, page, scored_world):
    from staff_scoring.models import StaffEvent

    a = scored_world.a
    log_in(page, live_server, a.director)
    page.goto(f"{live_server.url}/scores/staff/{a.window_staff.pk}/record/")
    page.select_option("select[name=rule]", "4")  # step one: choosing the rule opens step two (static JS)
    page.wait_for_selector("input[name=date]")  # step two shows only the rule's inputs
    assert page.locator("input[name=days]").count() == 0 and page.locator("select[name=level]").count() == 0
    page.fill("input[name=date]", "2025-10-09")
    page.check("input[name=aggravated]")
    page.fill("input[name=points]", "50")
    page.click("main button[type=submit]")
    assert "25—40 分/次之间" in page.content()
    page.fill("input[name=points]", "30")
    page.click("main button[type=submit]")
    page.wait_for_url("**/scores/staff/*/?period=2025-10")
    assert "70" in page.locator("#period-score").inner_text()
    assert StaffEvent.objects.get().points == 30
