"""A citizen rates from a phone-width browser; the same code then refuses a second rating."""

import pytest

from feedback.models import Rating
from tests.feedback import factories as fb

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    yield context.new_page()
    context.close()


def test_a_citizen_rates_a_window_from_its_qr_on_a_phone_and_cannot_rate_twice(live_server, phone, world):
    phone.goto(f"{live_server.url}/p/rate/w/{world.a.window.pk}/")
    assert "1号窗口" in phone.locator("h1").inner_text()
    form_url = phone.url
    assert "/p/rate/t/S" in form_url
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the rating form scrolls sideways on a phone ({width}px)"
    size = phone.locator("label[for=level-4]").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 20, f"level buttons should be large text, got {size}px"

    phone.locator("label[for=level-4]").tap()
    assert phone.locator("#level-4").is_checked()
    phone.fill("textarea[name=comment]", "办事很快，态度很好")
    phone.get_by_role("button", name="提交评价").tap()
    phone.wait_for_url(f"**/p/rate/thanks/?window={world.a.window.pk}")
    assert "感谢您的评价" in phone.locator("h1").inner_text()
    rating = Rating.objects.get()
    assert rating.level == 4 and rating.comment == "办事很快，态度很好"

    response = phone.goto(form_url)
    assert response.status == 410
    assert "只能评价一次" in phone.locator(".refusal").inner_text()
    assert Rating.objects.count() == 1


def test_a_service_code_shown_at_the_window_is_rated_once(live_server, phone, world):
    ticket = fb.ticket(world.a, matter_name="城乡居民医保参保登记")
    url = f"{live_server.url}/p/rate/t/{fb.ticket_url_token(ticket)}/"
    phone.goto(url)
    assert world.a.window_staff.name in phone.content()
    phone.locator("label[for=level-2]").tap()
    phone.fill("input[name=phone]", "13800001111")
    phone.get_by_role("button", name="提交评价").tap()
    phone.wait_for_url("**/p/rate/thanks/**")
    assert "工作日内完成整改" in phone.content()
    assert Rating.objects.get().followup.state == "pending"

    phone.goto(url)
    assert "已评价" in phone.locator("h1").inner_text()


def test_a_missing_level_is_explained_on_the_phone(live_server, phone, world):
    phone.goto(f"{live_server.url}/p/rate/w/{world.a.window.pk}/")
    phone.get_by_role("button", name="提交评价").tap()
    assert "请选择一个评价等级" in phone.locator(".field-error").inner_text()
    assert not Rating.objects.exists()
