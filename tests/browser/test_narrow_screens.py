"""Phones (390 px) and tablets in portrait (768 px): no page a staff member, an inspector or a citizen uses scrolls
sideways, and no control (link, button, field) sits outside the screen — not even inside a scrolling table."""

import re
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from tests.core.test_crawl import crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = (390, 768)
OFFSCREEN = """() => {
  const doc = document.documentElement, width = window.innerWidth, found = [];
  if (doc.scrollWidth > doc.clientWidth) found.push(`the page is ${doc.scrollWidth}px wide`);
  for (const el of document.querySelectorAll("a[href], button, input, select, textarea")) {
    if (el.type === "hidden" || el.closest(".navbar-collapse:not(.show), .dropdown-menu:not(.show), .modal, .d-none")) {
      continue;
    }
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === "hidden" || style.pointerEvents === "none") continue;
    if (box.left < -1 || box.right > width + 1) {
      const label = (el.innerText || el.name || el.getAttribute("aria-label") || el.tagName).trim().slice(0, 20);
      found.push(`${el.tagName.toLowerCase()} 「${label}」 at ${Math.round(box.left)}–${Math.round(box.right)}px`);
    }
  }
  return found;
}"""


def one_url_per_page(urls) -> list[str]:
    """One address per page kind (numbers and query strings told apart from the path)."""
    kinds = {}
    for url in sorted(urls, key=len):
        path = urlparse(url).path
        if path.startswith(("/accounts/", "/i18n/")) or path.endswith((".xlsx", ".pdf", ".svg", ".png")):
            continue
        kinds.setdefault(re.sub(r"\d+", "N", path), url)
    return sorted(kinds.values())


def problems_at(browser, live_server, urls, width, session=None) -> list[str]:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", is_mobile=width < 500,
                                  has_touch=True)
    if session:
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page = context.new_page()
    found = []
    for url in urls:
        response = page.goto(live_server.url + url, wait_until="load")
        if response is not None and response.status >= 500:
            found.append(f"{width}px {url}: answers {response.status}")
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        found += [f"{width}px {url}: {p}" for p in dict.fromkeys(page.evaluate(OFFSCREEN))]
    context.close()
    return found


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize("username", ["staff", "inspector"])
def test_no_control_of_a_signed_in_user_s_pages_is_off_screen(live_server, browser, demo, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    seen, _ = crawl(client)
    urls = one_url_per_page(seen)
    assert len(urls) > 3
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    found = [p for width in WIDTHS for p in problems_at(browser, live_server, urls, width, session)]
    assert not found, "\n".join(dict.fromkeys(found))


def citizen_urls() -> list[str]:
    from centers.models import ServiceCentre, Station, Window
    from matters.models import CatalogueEntry, OneThing

    centre, station, window = ServiceCentre.objects.first(), Station.objects.first(), Window.objects.first()
    entry = CatalogueEntry.objects.filter(centre=centre).first()
    bundle = OneThing.objects.first()
    urls = [f"/p/windows/{window.pk}/", f"/p/windows/{window.pk}/matters/", f"/p/centres/{centre.pk}/matters/",
            f"/p/centres/{centre.pk}/one-things/", f"/p/stations/{station.pk}/matters/", f"/p/rate/w/{window.pk}/",
            f"/p/rate/s/{station.pk}/"]
    urls += [f"/p/guides/{entry.pk}/"] if entry else []
    urls += [f"/p/one-things/{bundle.pk}/"] if bundle else []
    return urls


def test_no_control_of_a_citizen_s_pages_is_off_screen(live_server, browser, demo):
    urls = citizen_urls()
    found = [p for width in WIDTHS for p in problems_at(browser, live_server, urls, width)]
    assert not found, "\n".join(dict.fromkeys(found))
