"""The client address behind a TLS proxy (core/clientip.py): X-Forwarded-For only from the proxies TRUSTED_PROXIES
names; the login throttling (tests/accounts/test_login_throttling.py) and the rating limits use the same address."""

from ipaddress import ip_network

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from core.clientip import client_ip

PROXY = "10.0.0.5"


def ip_of(remote, forwarded=None) -> str | None:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [ip_network(PROXY), ip_network("172.16.0.0/12")]


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert ip_of("203.0.113.9", "192.0.2.1") == "203.0.113.9"


def test_from_a_trusted_proxy_the_forwarded_client_is_the_address(behind_proxy):
    assert ip_of(PROXY, "192.0.2.1") == "192.0.2.1"


def test_what_the_client_wrote_left_of_the_proxys_entry_is_not_believed(behind_proxy):
    assert ip_of(PROXY, "1.2.3.4, 192.0.2.1") == "192.0.2.1"


def test_a_chain_of_trusted_proxies_is_walked_back_to_the_first_untrusted_hop(behind_proxy):
    assert ip_of(PROXY, "1.2.3.4, 192.0.2.1, 172.16.3.4") == "192.0.2.1"


def test_a_request_not_from_a_trusted_proxy_keeps_its_own_address(behind_proxy):
    assert ip_of("203.0.113.9", "192.0.2.1") == "203.0.113.9"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address", "192.0.2.1, junk"])
def test_a_missing_or_garbled_header_falls_back_to_the_connection(behind_proxy, forwarded):
    assert ip_of(PROXY, forwarded) == PROXY


@pytest.fixture
def rate_once(world, settings):
    """A new phone (its own device cookie) behind the proxy scans the window QR and rates: the last status."""
    settings.FEEDBACK_IP_PER_HOUR = 1

    def rate(forwarded: str) -> int:
        phone = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
        response = phone.get(reverse("feedback:rate_window", kwargs={"window": world.a.window.pk}))
        if response.status_code == 302:
            response = phone.post(response["Location"], {"level": "5"})
        return response.status_code

    return rate


def test_rating_limits_count_forwarded_clients_apart_behind_a_trusted_proxy(rate_once, behind_proxy):
    assert rate_once("192.0.2.1") == 302
    assert rate_once("192.0.2.2") == 302  # another citizen, not the proxy's one shared address
    assert rate_once("192.0.2.1") == 429  # the same citizen again, on a new phone: over the hourly limit


def test_rating_limits_ignore_a_forged_header_without_trusted_proxies(rate_once, settings):
    settings.TRUSTED_PROXIES = []
    assert rate_once("192.0.2.1") == 302
    assert rate_once("192.0.2.2") == 429  # same connection address, whatever the header says
