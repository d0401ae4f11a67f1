"""The foundation in a real browser: a director logs in and reaches their centre; the post card fits a phone."""

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_director_logs_in_and_lands_on_their_centre(live_server, page, world):
    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", world.a.director.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/centres/{world.a.centre.pk}/")
    assert page.locator("h1").inner_text() == world.a.centre.name
    assert page.get_by_text(world.a.window_staff.name).first.is_visible()


def test_the_public_window_card_fits_a_phone(live_server, browser, world):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{live_server.url}/p/windows/{world.a.window.pk}/")
    assert "1号窗口" in page.locator("h1").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the card scrolls sideways on a phone ({width}px)"
    context.close()
