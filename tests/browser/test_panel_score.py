"""Meishan's 考评小组评定 is the average of the panel members' marks: the browser accepts one decimal (7.3) in it,
as in 群众满意度测评, and the saved total carries it."""

from decimal import Decimal

import pytest

from assessment.models import Evaluation
from tests.assessment import factories
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize(("code", "panel"), [("meishan-centre", "9.1.1"), ("meishan-window", "6.1.1")])
def test_the_panel_score_takes_one_decimal_in_the_browser(live_server, page, world, code, panel):
    version = factories.published(code)
    subject = world.a.centre if code == "meishan-centre" else world.a.window
    evaluation = factories.evaluation(world.a, kind="acceptance", subject=subject, version=version)
    log_in(page, live_server, world.a.inspector)
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/edit/")
    field = page.locator(f"#a-{panel.replace('.', '-')}")
    field.fill("7.3")
    assert field.get_attribute("step") == "0.1"
    assert field.evaluate("el => el.checkValidity()")  # with step 0.5 the browser refuses 7.3 and blocks saving
    with page.expect_navigation():  # the POST answers with a redirect: read the row only once it has been written
        page.get_by_role("button", name="保存草稿").first.click()
    page.wait_for_load_state("networkidle")
    saved = Evaluation.objects.get(pk=evaluation.pk)
    assert Decimal(str(saved.answers[panel])) == Decimal("7.3")
