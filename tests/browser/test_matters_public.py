"""The public catalogue and a service guide on a phone, without logging in: search, open a guide, large text."""

import os
import random
from pathlib import Path

import pytest

from centers.demo import seed_county
from matters import demo
from matters.models import CatalogueEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, locale="zh-CN")
    yield context.new_page()
    context.close()


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"


def test_a_citizen_finds_a_matter_and_reads_its_guide_on_a_phone(live_server, phone):
    counties = seed_county(random.Random(2026))
    demo.seed(counties, random.Random(2026))
    centre = counties[0].centres[0]
    entry = CatalogueEntry.objects.get(centre=centre, matter__code="SC-MZ-001")

    phone.goto(f"{live_server.url}/p/centres/{centre.pk}/matters/")
    assert phone.locator("h1").inner_text() == centre.name
    _no_sideways_scroll(phone)
    if os.environ.get("DOCS_SCREENSHOTS"):  # refresh the README's picture on purpose, never as a side effect
        phone.screenshot(path=str(IMG / "matters-public-catalogue.png"))

    phone.fill("input[name=q]", "低保")
    phone.click("button[type=submit]")
    phone.wait_for_url("**q=*")
    phone.get_by_text("最低生活保障对象认定").first.click()
    phone.wait_for_url(f"**/p/guides/{entry.pk}/")
    assert phone.locator("h1").inner_text() == "最低生活保障对象认定"
    assert phone.locator("svg.qr-code").is_visible()
    _no_sideways_scroll(phone)

    phone.click("[data-large-text]")
    assert "large-text" in phone.evaluate("document.body.className")
    _no_sideways_scroll(phone)
    phone.screenshot(path=str(IMG / "matters-public-guide.png"))
    phone.reload()  # the choice is remembered
    assert "large-text" in phone.evaluate("document.body.className")
