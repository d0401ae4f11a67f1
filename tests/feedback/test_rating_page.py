"""The public rating pages a citizen reaches from a QR code, without an account."""

import pytest
from django.urls import reverse

from feedback import tokens
from feedback.models import Rating
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db


def scan_window(client, window):
    response = client.get(reverse("feedback:rate_window", kwargs={"window": window.pk}))
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def test_the_window_qr_gives_the_phone_a_device_cookie_and_a_fresh_form(phone_client, world):
    form_url = scan_window(phone_client, world.a.window)
    assert tokens.DEVICE_COOKIE in phone_client.cookies
    response = phone_client.get(form_url)
    assert response.status_code == 200
    text = response.text
    assert world.a.centre.name in text and "1号窗口" in text
    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert label in text
    assert world.a.window_staff.name in text  # the optional staff choice


def test_a_citizen_rates_and_the_same_link_then_refuses_a_second_rating(phone_client, world):
    form_url = scan_window(phone_client, world.a.window)
    response = phone_client.post(form_url, {"level": "4", "comment": "办事很快", "phone": ""})
    assert response.status_code == 302 and response["Location"] == reverse("feedback:rate_thanks") + f"?window={world.a.window.pk}"
    assert Rating.objects.get().comment == "办事很快"
    again = phone_client.post(form_url, {"level": "1"})
    assert again.status_code == 410 and "只能评价一次" in again.text
    assert phone_client.get(form_url).status_code == 410
    assert Rating.objects.count() == 1


def test_scanning_the_same_window_again_soon_is_refused_on_the_first_page(phone_client, world):
    phone_client.post(scan_window(phone_client, world.a.window), {"level": "5"})
    response = phone_client.get(reverse("feedback:rate_window", kwargs={"window": world.a.window.pk}))
    assert response.status_code == 429 and "已经评价过" in response.text


def test_a_bad_rating_thanks_the_citizen_and_promises_a_follow_up(phone_client, world):
    response = phone_client.post(scan_window(phone_client, world.a.window), {"level": "1", "phone": "13800001111"})
    assert response["Location"].endswith(f"?window={world.a.window.pk}&bad=1")
    assert "个工作日内完成整改" in phone_client.get(response["Location"]).text
    assert Rating.objects.get().followup.state == "pending"


def test_bad_input_shows_chinese_messages_not_an_error(phone_client, world):
    form_url = scan_window(phone_client, world.a.window)
    response = phone_client.post(form_url, {"level": "", "phone": "abc"})
    assert response.status_code == 200
    assert "请选择一个评价等级" in response.text
    response = phone_client.post(form_url, {"level": "7"})
    assert "请选择一个评价等级" in response.text
    response = phone_client.post(form_url, {"level": "4", "phone": "12345"})
    assert "请输入正确的手机号码" in response.text
    response = phone_client.post(form_url, {"level": "4", "staff": "not-a-number"})
    assert response.status_code == 200 and "请选择本窗口的工作人员" in response.text
    assert not Rating.objects.exists()


def test_a_link_opened_on_another_phone_is_refused(phone_client, client_factory, world):
    form_url = scan_window(phone_client, world.a.window)
    other = client_factory()
    response = other.get(form_url)
    assert response.status_code == 403 and "扫码的手机" in response.text


def test_a_service_code_link_works_on_any_phone_once(client, world):
    ticket = fb.ticket(world.a, matter_name="医保参保登记")
    url = reverse("feedback:rate", kwargs={"token": fb.ticket_url_token(ticket)})
    response = client.get(url)
    assert response.status_code == 200 and "医保参保登记" in response.text and world.a.window_staff.name in response.text
    assert client.post(url, {"level": "5"}).status_code == 302
    assert client.post(url, {"level": "5"}).status_code == 410


def test_the_station_qr_rates_the_station(phone_client, world):
    response = phone_client.get(reverse("feedback:rate_station", kwargs={"station": world.a.station.pk}))
    phone_client.post(response["Location"], {"level": "5"})
    rating = Rating.objects.get()
    assert rating.station == world.a.station and rating.window is None and rating.centre == world.a.centre


def test_a_garbled_token_is_a_polite_refusal(client):
    response = client.get(reverse("feedback:rate", kwargs={"token": "S-garbage"}))
    assert response.status_code == 400 and "无效" in response.text


def test_an_inactive_window_or_unknown_place_has_no_rating_page(client, world):
    world.a.window.active = False
    world.a.window.save()
    assert client.get(reverse("feedback:rate_window", kwargs={"window": world.a.window.pk})).status_code == 404
    assert client.get(reverse("feedback:rate_station", kwargs={"station": 999999})).status_code == 404


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client
