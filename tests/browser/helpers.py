"""Shared steps of the browser tests."""

from tests.factories import PASSWORD


def log_in(page, live_server, user):
    """Log ``user`` in through the real login form and wait until the browser has left it and the page settled."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.wait_for_load_state("networkidle")
