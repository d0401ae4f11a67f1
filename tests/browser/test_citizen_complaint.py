"""A citizen on a 390 px phone: complains from the window card, keeps the receipt, looks the complaint up; and walks
from the thanks page of a rating to the guides and from a guide back to rating — nothing scrolls sideways."""

import pytest

from feedback.models import Complaint
from tests.matters import factories as mf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
WIDTH = 390


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    yield context.new_page()
    context.close()


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} scrolls sideways on a phone ({width}px)"


def test_a_citizen_complains_from_the_window_card_and_looks_the_complaint_up(live_server, phone, world):
    window = world.a.window
    phone.goto(f"{live_server.url}/p/windows/{window.pk}/")
    _fits(phone)
    phone.get_by_role("link", name="我要投诉").tap()
    phone.wait_for_url(f"**/p/complaints/new/?window={window.pk}")
    _fits(phone)
    assert phone.locator("select[name=window]").input_value() == str(window.pk)
    honeypot = phone.locator("#id_website").bounding_box()
    assert honeypot is None or honeypot["x"] + honeypot["width"] <= 0, "the honeypot field is visible"

    phone.fill("input[name=matter_name]", "城乡居民医保参保登记")
    phone.fill("textarea[name=summary]", "材料一次没有告知清楚，跑了三次")
    phone.fill("input[name=complainant_name]", "赵投诉")
    phone.fill("input[name=complainant_phone]", "13912345678")
    phone.get_by_role("button", name="提交投诉").tap()
    phone.wait_for_url("**/p/complaints/receipt/")
    _fits(phone)
    receipt = phone.locator("#receipt-no").inner_text().strip()
    complaint = Complaint.objects.get()
    assert receipt == complaint.receipt_no and complaint.window == window and complaint.mode == "written"

    phone.get_by_role("link", name="查询办理进度").tap()
    phone.wait_for_url("**/p/complaints/status/")
    phone.fill("input[name=receipt]", receipt)
    phone.fill("input[name=last4]", "1234")
    phone.get_by_role("button", name="查询").tap()
    assert "没有找到这条投诉" in phone.locator(".not-found").inner_text()
    phone.fill("input[name=last4]", "5678")
    phone.get_by_role("button", name="查询").tap()
    phone.wait_for_selector(".complaint-status")
    _fits(phone)
    status = phone.locator(".complaint-status").inner_text()
    assert "已受理" in status and "赵投诉" not in status and "13912345678" not in status
    assert phone.locator(".complaint-status .due .deadline").is_visible()


def test_the_thanks_page_leads_to_the_guides_and_a_guide_leads_back_to_rating(live_server, phone, world):
    window = world.a.window
    entry = mf.entry(world.a.centre, mf.matter("CT-001", "城乡居民养老保险参保登记"), window=window)
    phone.goto(f"{live_server.url}/p/rate/w/{window.pk}/")
    phone.locator("label[for=level-5]").tap()
    phone.get_by_role("button", name="提交评价").tap()
    phone.wait_for_url("**/p/rate/thanks/**")
    _fits(phone)
    phone.get_by_role("link", name="本窗口的办事指南").tap()
    phone.wait_for_url(f"**/p/windows/{window.pk}/matters/")
    phone.get_by_text("城乡居民养老保险参保登记").tap()
    phone.wait_for_url(f"**/p/guides/{entry.pk}/")
    _fits(phone)
    phone.get_by_role("link", name="评价服务").tap()
    phone.wait_for_url(f"**/p/rate/w/{window.pk}/")
    # the same phone rated this window a moment ago: the window's rating page answers with its limit
    assert "您已经评价过这个窗口" in phone.locator(".refusal").inner_text()
