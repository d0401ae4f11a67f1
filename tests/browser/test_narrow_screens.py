"""The walk of #13: every page each demo role reaches (one per kind of page), on a phone (390 px), a tablet in portrait
(768 px) and landscape (1024 px) and a desktop (1366 px): no page answers 500 or scrolls sideways, no control (link,
button, field) sits outside the screen — not even inside a scrolling table — and no English is shown outside code."""

import re
from urllib.parse import urldefrag, urlparse

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from tests.core.test_crawl import LINK, SKIP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Each page is loaded once and laid out at every width in turn (as a window being resized): four times fewer loads.
WIDTHS = (390, 768, 1024, 1366)
OFFSCREEN = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));  // laid out at the new width
  const doc = document.documentElement, width = window.innerWidth, found = [];
  if (doc.scrollWidth > doc.clientWidth) found.push(`the page is ${doc.scrollWidth}px wide`);
  for (const el of document.querySelectorAll("a[href], button, input, select, textarea")) {
    if (el.type === "hidden" || el.closest(".navbar-collapse:not(.show), .dropdown-menu:not(.show), .modal, .d-none, [aria-hidden=true]")) {
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
# The visible text (and placeholders, tooltips, labels) outside code, one string per text node or attribute. A part
# declared English (lang="en": the file-format reference rendered from docs/*.md for the admin) is not looked at.
SHOWN_TEXT = """() => {
  const texts = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || el.closest("code, pre, kbd, samp, script, style, noscript, [translate=no], [lang=en]")) {
      continue;
    }
    if (el.getClientRects().length) texts.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll("[placeholder], [title], [aria-label], img[alt]")) {
    for (const name of ["placeholder", "title", "aria-label", "alt"]) {
      if (el.getAttribute(name)) texts.push(el.getAttribute(name));
    }
  }
  return texts;
}"""
# Latin that Chinese users read as they are: file formats and units, the LED screen and the XXX blank of the official
# rubric texts; addresses, file names and codes like SC-JYU-001 are taken out before the words are looked for.
LATIN_OK = {"PDF", "ZIP", "Excel", "XLSX", "xlsx", "JPG", "PNG", "YAML", "JSON", "UTF", "Word", "CSV", "KB", "MB", "QR", "LED",
            "XXX"}
NOT_WORDS = re.compile(r"https?://\S+|[\w.-]+\.(?:xlsx|pdf|yaml|yml|json|txt|csv|png|jpg)\b|\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def english_in(texts) -> list[str]:
    """The texts showing a Latin word of three letters or more that is not on the list above."""
    return [text[:60] for text in dict.fromkeys(texts)
            if any(word not in LATIN_OK for word in LATIN_WORD.findall(NOT_WORDS.sub(" ", text)))]


def kind_of(url: str) -> str:
    """The page kind of an address: its path with every segment holding a number or a token as N."""
    return re.sub(r"[^/]*\d[^/]*", "N", urlparse(url).path)


def pages_of(client: Client) -> list[str]:
    """One address per kind of page reachable from home (same-origin GET links and redirects, no downloads, no
    logout, no admin site): unlike the full crawl of tests/core, the walk follows one link per kind, so it reaches the
    kinds that hide behind hundreds of links of one kind."""
    kinds, queue, found = {kind_of("/")}, ["/"], []
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        assert response.status_code < 500, f"{url} answers {response.status_code}"
        hrefs = [response["Location"]] if response.status_code in (301, 302) else []
        if response.get("Content-Type", "").startswith("text/html"):
            found.append(url)
            hrefs += [urldefrag(href.replace("&amp;", "&"))[0] for href in LINK.findall(response.content.decode())]
        for href in hrefs:
            if urlparse(href).netloc or not href.startswith("/") or href.startswith(SKIP + ("/accounts/", "/i18n/")):
                continue
            if href.endswith((".xlsx", ".pdf", ".svg", ".png")) or kind_of(href) in kinds:
                continue
            kinds.add(kind_of(href))
            queue.append(href)
    return found


def problems_at(browser, live_server, urls, session=None) -> list[str]:
    """What is wrong on these pages at any of the widths, and the English they show (the same at every width)."""
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale="zh-CN", has_touch=True)
    if session:
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page = context.new_page()
    found = []
    for url in urls:
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        response = page.goto(live_server.url + url, wait_until="load")
        if response is not None and response.status >= 500:
            found.append(f"{url}: answers {response.status}")
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        found += [f"{url}: English 「{text}」" for text in english_in(page.evaluate(SHOWN_TEXT))]
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            found += [f"{width}px {url}: {p}" for p in dict.fromkeys(page.evaluate(OFFSCREEN))]
    context.close()
    return found


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def test_every_page_of_every_role_fits_the_screen_and_speaks_chinese(live_server, browser, demo):
    found, walked, public = [], set(), {kind_of(url): url for url in citizen_urls()}
    for username in ("admin", "supervisor", "director", "inspector", "duty", "staff", "agent"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        urls = pages_of(client)
        assert len(urls) > 3, username
        public |= {kind_of(url): url for url in urls if url.startswith("/p/") and kind_of(url) not in public}
        # Each role's own home, and the kinds of page no role before it walked (the citizen's /p/ pages: below).
        urls = [url for url in urls if url == "/" or (kind_of(url) not in walked and not url.startswith("/p/"))]
        walked |= {kind_of(url) for url in urls}
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        found += [f"{username} {p}" for p in problems_at(browser, live_server, urls, session)]
    found += [f"citizen {p}" for p in problems_at(browser, live_server, sorted(public.values()))]
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

