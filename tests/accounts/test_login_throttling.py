"""Login throttling (django-axes): failures count per user name across addresses and per address across user names,
the lock lifts after the cool-off, and the lockout page says when to try again."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 8
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def attempt(client, username, password, ip, **headers):
    client.cookies.clear()
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


def test_a_password_spray_of_one_account_from_six_addresses_locks_the_account(client, world):
    username = world.a.director.username
    for n in range(6):
        for guess in ("123456", "password"):
            attempt(client, username, guess, f"203.0.113.{n + 1}")
    # The right password, from an address that never failed, is refused: the account itself is locked.
    response = attempt(client, username, PASSWORD, "198.51.100.7")
    assert response.status_code == 429 and not logged_in(response)
    assert "登录失败次数过多" in response.text
    # Another account is not affected.
    assert logged_in(attempt(client, world.a.staff_user.username, PASSWORD, "198.51.100.7"))


def test_one_address_trying_many_user_names_is_locked_for_every_account(client, world):
    for n in range(8):
        attempt(client, f"guess{n}", "123456", "203.0.113.9")
    response = attempt(client, world.a.director.username, PASSWORD, "203.0.113.9")
    assert response.status_code == 429 and not logged_in(response)
    # The same account from another address logs in: only the address is locked.
    assert logged_in(attempt(client, world.a.director.username, PASSWORD, "198.51.100.7"))


def test_a_few_mistakes_do_not_lock_anyone(client, world):
    for _ in range(7):
        attempt(client, world.a.director.username, "wrong", "203.0.113.1")
    assert logged_in(attempt(client, world.a.director.username, PASSWORD, "203.0.113.1"))


def test_the_lockout_page_says_when_to_try_again(client, world):
    for n in range(8):
        attempt(client, world.a.director.username, "wrong", f"203.0.113.{n + 1}")
    before = timezone.localtime()
    response = attempt(client, world.a.director.username, PASSWORD, "198.51.100.7")
    retry = [(before + timedelta(minutes=15, seconds=s)).strftime("%Y-%m-%d %H:%M") for s in (0, 60)]
    assert response.status_code == 429
    assert f"请于 {retry[0]} 之后再试" in response.text or f"请于 {retry[1]} 之后再试" in response.text
    assert "15 分钟" in response.text


def test_the_lock_lifts_after_the_cool_off(client, world):
    username = world.a.director.username
    for n in range(8):
        attempt(client, username, "wrong", f"203.0.113.{n + 1}")
    assert attempt(client, username, PASSWORD, "198.51.100.7").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert logged_in(attempt(client, username, PASSWORD, "198.51.100.7"))


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(client, world, settings):
    """Without TRUSTED_PROXIES a forged X-Forwarded-For cannot spread one address's failures over many."""
    settings.TRUSTED_PROXIES = []
    for n in range(8):
        attempt(client, f"guess{n}", "wrong", "203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}")
    assert attempt(client, world.a.director.username, PASSWORD, "203.0.113.9").status_code == 429


def test_behind_a_trusted_proxy_each_forwarded_client_is_counted_on_its_own(client, world, settings):
    from ipaddress import ip_network

    settings.TRUSTED_PROXIES = [ip_network("10.0.0.5")]
    for n in range(8):
        attempt(client, f"guess{n}", "wrong", "10.0.0.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}")
    # The proxy's own address is not locked: another citizen behind it logs in.
    assert logged_in(attempt(client, world.a.director.username, PASSWORD, "10.0.0.5",
                             HTTP_X_FORWARDED_FOR="192.0.2.200"))
    # One forwarded client failing eight times is locked, whatever it writes to the left in the header.
    for n in range(8):
        attempt(client, f"other{n}", "wrong", "10.0.0.5", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 192.0.2.77")
    response = attempt(client, world.a.staff_user.username, PASSWORD, "10.0.0.5",
                       HTTP_X_FORWARDED_FOR="192.0.2.77")
    assert response.status_code == 429
