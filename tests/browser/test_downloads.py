"""A download that takes a while shows progress on its button: disabled, a spinner and "正在生成…" until the file
has arrived (under its Chinese name), then the button is as before; a failed download says so beside the button."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def board(live_server, browser, world):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    log_in(page, live_server, world.a.director)
    page.goto(f"{live_server.url}/scores/centres/{world.a.centre.pk}/?period=2026-03", wait_until="networkidle")
    yield page
    context.close()


def hold_requests(page, pattern):
    """Keep the matching requests waiting until the test lets them go (the server's time to make the file)."""
    held = []
    page.route(pattern, lambda route: held.append(route))
    return held


def test_the_pdf_button_shows_progress_until_the_file_arrives(board, world):
    held = hold_requests(board, re.compile(r"/report\.pdf"))
    button = board.locator("a[data-download][href*='report.pdf']")
    button.click()
    expect(button).to_have_attribute("aria-disabled", "true")
    expect(button).to_have_class(re.compile(r"\bdisabled\b"))
    expect(button).to_contain_text("正在生成…")
    expect(button.locator(".spinner-border")).to_be_visible()
    board.wait_for_timeout(100)
    assert len(held) == 1, "the file is fetched once"
    with board.expect_download() as info:
        held[0].continue_()
    download = info.value
    assert download.suggested_filename == f"{world.a.centre.name}-工作人员考评-2026年3月.pdf"
    expect(button).to_have_text("PDF")
    expect(button).not_to_have_attribute("aria-disabled", "true")
    expect(button).not_to_have_class(re.compile(r"\bdisabled\b"))
    assert open(download.path(), "rb").read(5) == b"%PDF-"


def test_a_failed_download_restores_the_button_and_says_so(board):
    board.route(re.compile(r"/report\.xlsx"), lambda route: route.fulfill(status=500, body="boom"))
    button = board.locator("a[data-download][href*='report.xlsx']")
    button.click()
    expect(board.get_by_role("alert").filter(has_text="文件生成失败")).to_be_visible()
    expect(button).to_have_text("Excel")
    expect(button).not_to_have_attribute("aria-disabled", "true")


def test_without_script_the_link_still_downloads_the_file(live_server, browser, world):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server, world.a.director)
    page.goto(f"{live_server.url}/scores/centres/{world.a.centre.pk}/?period=2026-03")
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel", exact=True).click()
    assert info.value.suggested_filename == f"{world.a.centre.name}-工作人员考评-2026年3月.xlsx"
    context.close()
