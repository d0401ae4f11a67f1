"""The 附加分 declaration form on a phone (390 px): the choices of 加分情形 end with an ellipsis where they are cut (never
mid-word without one), and no control of the form (the select, the points, the reason) sits outside the screen."""

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.test_narrow_screens import OFFSCREEN, problems_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_declaration_form_fits_a_phone_and_cuts_its_choices_with_an_ellipsis(live_server, browser, world):
    from redflags.ledger import declarable_rules
    from staff_scoring.schemes import scheme_of
    from tests.redflags.factories import ensure_scheme

    rules = declarable_rules(scheme_of(ensure_scheme()))
    client = Client()
    client.force_login(world.a.staff_user)
    url = f"/redflags/windows/{world.a.window.pk}/2025/10/declare/"
    assert client.get(url).status_code == 200
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    found = problems_at(browser, live_server, [url], session)
    assert [p for p in found if "English" not in p] == []  # (the test accounts' names are Latin)

    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="zh-CN")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + url, wait_until="load")
    shown = page.locator("select[name=items-0-rule] option").all_inner_texts()[1:]
    assert len(shown) == len(rules) == 13
    for text, rule in zip(shown, rules, strict=True):
        label = text.split("）", 1)[1]
        assert label == rule.text or (label.endswith("…") and rule.text.startswith(label[:-1])), text
    assert any(text.endswith("…") for text in shown)  # the long ones are cut, and say so
    page.select_option("select[name=items-0-rule]", "A5")  # the longest text, chosen: the select keeps its width
    assert page.evaluate(OFFSCREEN) == []
    points = page.locator("input[name=items-0-points]")
    assert (points.get_attribute("min"), points.get_attribute("max"), points.get_attribute("step")) == ("0.3", "5", "0.1")
    context.close()
