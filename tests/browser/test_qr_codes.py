"""Every QR code the project shows or prints is whole and readable, on a phone and on a desktop, on screen and on
paper: a real screenshot (or a printed PDF, rasterised as a printer would) is decoded with zbar and must give the
public address (PUBLIC_BASE_URL), never the host the browser happened to use."""

from __future__ import annotations

import pytest

from feedback import tokens
from tests.browser.helpers import log_in
from tests.feedback import factories as fb
from tests.matters import factories as mf
from tests.qrscan import decode_pdf, decode_png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PUBLIC = "https://bm.example.gov.cn"
WIDTHS = (390, 1366)


@pytest.fixture(autouse=True)
def _public_base(settings):
    settings.PUBLIC_BASE_URL = PUBLIC


def _page(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    return context, context.new_page()


def _screen_codes(page, tmp_path, name: str) -> list[str]:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{name} scrolls sideways at {viewport}px ({width}px)"
    shot = tmp_path / f"{name}-{viewport}.png"
    page.screenshot(path=str(shot), full_page=True)
    return decode_png(shot)


def _printed_codes(page) -> list[str]:
    pdf = page.pdf(format="A4", print_background=True)
    return [code for codes in decode_pdf(pdf) for code in codes]


def test_the_windows_rating_qr_scans_whole_on_a_phone_a_desktop_and_on_paper(live_server, browser, world, tmp_path):
    window = world.a.window
    expected = f"{PUBLIC}/p/rate/w/{window.pk}/"
    for width in WIDTHS:
        context, page = _page(browser, width)
        log_in(page, live_server, world.a.director)
        page.goto(f"{live_server.url}/feedback/windows/{window.pk}/qr/")
        box = page.locator(".qr-box svg").bounding_box()
        assert abs(box["width"] - box["height"]) < 2, "the QR code is not square on screen"
        assert _screen_codes(page, tmp_path, "window-qr") == [expected]
        if width == WIDTHS[-1]:
            assert _printed_codes(page) == [expected]
        context.close()


def test_the_stations_rating_qr_scans_whole(live_server, browser, world, tmp_path):
    station = world.a.station
    context, page = _page(browser, 390)
    log_in(page, live_server, world.a.director)
    page.goto(f"{live_server.url}/feedback/stations/{station.pk}/qr/")
    assert _screen_codes(page, tmp_path, "station-qr") == [f"{PUBLIC}/p/rate/s/{station.pk}/"]
    context.close()


def test_the_one_time_code_on_the_ticket_page_scans_on_a_phone_and_a_desktop(live_server, browser, world, tmp_path):
    ticket = fb.ticket(world.a, matter_name="城乡居民医保参保登记")
    for width in WIDTHS:
        context, page = _page(browser, width)
        log_in(page, live_server, world.a.staff_user)
        page.goto(f"{live_server.url}/feedback/tickets/{ticket.pk}/")
        codes = _screen_codes(page, tmp_path, "ticket")
        assert len(codes) == 1, codes
        assert codes[0].startswith(f"{PUBLIC}/p/rate/t/")
        claim = tokens.read(codes[0].removeprefix(f"{PUBLIC}/p/rate/t/").rstrip("/"))
        assert claim.ticket_id == ticket.pk
        context.close()


def test_the_printable_qr_cards_all_scan_on_screen_and_on_paper(live_server, browser, world, tmp_path):
    centre = world.a.centre
    entry = mf.entry(centre, mf.matter("QR-001", "城乡居民养老保险参保登记"), window=world.a.window)
    expected = {f"{PUBLIC}/p/windows/{world.a.window.pk}/matters/", f"{PUBLIC}/p/guides/{entry.pk}/"}
    for width in WIDTHS:
        context, page = _page(browser, width)
        log_in(page, live_server, world.a.director)
        page.goto(f"{live_server.url}/matters/centres/{centre.pk}/qr-cards/")
        assert set(_screen_codes(page, tmp_path, "cards")) == expected
        if width == WIDTHS[-1]:
            assert set(_printed_codes(page)) == expected
        context.close()


def test_the_service_guide_qr_scans_on_a_phone(live_server, browser, world, tmp_path):
    """(Its PDF is read in tests/core/test_qr.py.)"""
    entry = mf.entry(world.a.centre, mf.matter("QR-002", "最低生活保障对象认定"))
    expected = f"{PUBLIC}/p/guides/{entry.pk}/"
    context, page = _page(browser, 390)
    page.goto(f"{live_server.url}/p/guides/{entry.pk}/")
    assert _screen_codes(page, tmp_path, "guide") == [expected]
    context.close()
