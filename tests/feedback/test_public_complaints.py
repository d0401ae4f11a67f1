"""The citizens' complaint channel: /p/complaints/new/ from a window card or the thanks page, a receipt number, the
status lookup with the phone's last 4 digits, limits against stuffing and guessing; the complaint enters the centre's
workflow as a written complaint (5 working days)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback.models import Complaint, ComplaintSource
from tests.feedback import factories as fb
from workdays import calendar
from workdays.selectors import holiday_data

pytestmark = pytest.mark.django_db
NEW = reverse("feedback:complaint_new")
STATUS = reverse("feedback:complaint_status")
NOT_FOUND = "没有找到这条投诉"


def citizen(ip: str = "10.9.8.7") -> Client:
    client = Client()
    client.defaults["REMOTE_ADDR"] = ip
    return client


def form_data(window, **extra) -> dict:
    data = {"window": window.pk, "matter_name": "城乡居民医保参保登记", "category": "4",
            "summary": "窗口人员让我跑了三次", "complainant_name": "赵投诉", "complainant_phone": "13912345678",
            "website": ""}
    data.update(extra)
    return data


def complain(client, window, **extra):
    return client.post(f"{NEW}?window={window.pk}", form_data(window, **extra))


def test_a_citizen_complains_from_the_window_card_and_gets_a_receipt(world):
    client = citizen()
    card = client.get(reverse("matters:window_card", kwargs={"window": world.a.window.pk})).text
    assert f'{NEW}?window={world.a.window.pk}"' in card
    page = client.get(f"{NEW}?window={world.a.window.pk}")
    assert page.status_code == 200
    assert re.search(rf'<option value="{world.a.window.pk}" selected>', page.text)

    response = complain(client, world.a.window)
    assert response.status_code == 302 and response["Location"] == reverse("feedback:complaint_receipt")
    complaint = Complaint.objects.get()
    assert complaint.source == ComplaintSource.ONLINE and complaint.mode == "written"
    assert complaint.centre == world.a.centre and complaint.window == world.a.window
    assert complaint.matter_name == "城乡居民医保参保登记" and complaint.received_by is None
    assert complaint.received_on == timezone.localdate() and complaint.state == "received"
    assert re.fullmatch(r"TS[2-9A-HJ-NP-Z]{10}", complaint.receipt_no)
    receipt = client.get(response["Location"]).text
    assert complaint.receipt_no in receipt


def test_the_complaint_enters_the_directors_list_with_a_five_working_day_deadline(world, login, calendar_2025):
    complain(citizen(), world.a.window)
    complaint = Complaint.objects.get()
    due = calendar.deadline(complaint.received_on, 5, holiday_data()).due
    assert calendar.workdays_between(complaint.received_on, due, holiday_data()) == 5
    director = login(world.a.director).get(reverse("feedback:complaint_list"))
    row = director.context["rows"][0]
    assert row.pk == complaint.pk and row.deadline.due == due and row.deadline.days == 5
    assert f"{due:%Y-%m-%d}" in director.text and "赵投诉" in director.text and "网上" in director.text


def test_only_the_handlers_see_the_complainants_name_and_phone(world, client):
    complain(citizen(), world.a.window)
    client.force_login(world.a.inspector)
    text = client.get(reverse("feedback:complaint_list")).text
    assert "赵投诉" not in text and "13912345678" not in text and "赵**" in text


def test_the_receipt_and_the_phones_last_four_digits_show_the_state_and_due_day_only(world, calendar_2025):
    client = citizen()
    complain(client, world.a.window)
    complaint = Complaint.objects.get()
    due = calendar.deadline(complaint.received_on, 5, holiday_data()).due
    text = citizen("10.0.0.1").post(STATUS, {"receipt": complaint.receipt_no.lower(), "last4": "5678"}).text
    assert "已受理" in text and f"{due:%Y-%m-%d}" in text
    for secret in ("赵投诉", "13912345678", "跑了三次", "城乡居民医保"):
        assert secret not in text


def test_a_wrong_last_four_and_a_wrong_receipt_give_the_same_not_found(world):
    complain(citizen(), world.a.window)
    complaint = Complaint.objects.get()
    client = citizen("10.0.0.2")
    wrong_phone = client.post(STATUS, {"receipt": complaint.receipt_no, "last4": "1234"})
    wrong_receipt = client.post(STATUS, {"receipt": "TS2345678922", "last4": "5678"})
    for response in (wrong_phone, wrong_receipt):
        assert response.status_code == 200 and NOT_FOUND in response.text and "已受理" not in response.text
    fullwidth = client.post(STATUS, {"receipt": complaint.receipt_no, "last4": "５６７８"}).text  # not ASCII digits
    assert "已受理" not in fullwidth


def test_repeated_misses_from_one_address_are_refused_even_with_the_right_pair(world, settings):
    settings.FEEDBACK_COMPLAINT_LOOKUP_MISSES = 3
    complain(citizen(), world.a.window)
    complaint = Complaint.objects.get()
    guesser = citizen("10.0.0.3")
    for last4 in ("0000", "1111", "2222"):
        assert NOT_FOUND in guesser.post(STATUS, {"receipt": complaint.receipt_no, "last4": last4}).text
    refused = guesser.post(STATUS, {"receipt": complaint.receipt_no, "last4": "5678"})
    assert refused.status_code == 429 and "已受理" not in refused.text
    assert "已受理" in citizen("10.0.0.4").post(STATUS, {"receipt": complaint.receipt_no, "last4": "5678"}).text


def test_stuffing_from_one_address_is_refused(world, settings):
    settings.FEEDBACK_COMPLAINT_IP_PER_HOUR = 2
    stuffer = citizen("10.0.0.5")
    for n in range(2):
        assert complain(stuffer, world.a.window, complainant_phone=f"1391234000{n}").status_code == 302
    refused = complain(stuffer, world.a.window, complainant_phone="13912340009")
    assert refused.status_code == 429 and "提交过于频繁" in refused.text
    assert stuffer.get(f"{NEW}?window={world.a.window.pk}").status_code == 429  # told before typing it all
    assert Complaint.objects.count() == 2
    assert complain(citizen("10.0.0.6"), world.a.window).status_code == 302


def test_one_phone_number_cannot_flood_the_centre_from_many_addresses(world, settings):
    settings.FEEDBACK_COMPLAINT_PHONE_PER_DAY = 2
    for n in range(2):
        assert complain(citizen(f"10.1.0.{n}"), world.a.window).status_code == 302
    assert complain(citizen("10.1.0.9"), world.a.window).status_code == 429
    assert Complaint.objects.count() == 2


def test_a_filled_honeypot_takes_nothing(world):
    response = complain(citizen(), world.a.window, website="http://spam.example")
    assert response.status_code == 200 and not Complaint.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("complainant_phone", "", "请填写联系电话"),
    ("complainant_phone", "12345", "请输入正确的手机号码"),
    ("summary", "", "请填写投诉内容"),
    ("complainant_name", "", "请填写您的姓名"),
    ("category", "99", "请从列表中选择投诉类型"),
])
def test_bad_fields_are_explained_in_chinese(world, field, value, message):
    response = complain(citizen(), world.a.window, **{field: value})
    assert response.status_code == 200 and message in response.text
    assert not Complaint.objects.exists()


def test_a_window_of_another_centre_cannot_be_chosen(world):
    response = citizen().post(f"{NEW}?window={world.a.window.pk}", form_data(world.b.window))
    assert response.status_code == 200 and "请选择本中心的窗口" in response.text
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("value", ["²", "٣", "1x", "-1", "", "9" * 30])
def test_an_odd_window_parameter_falls_back_to_choosing_the_centre(world, value):
    response = citizen().get(NEW, {"window": value})
    assert response.status_code == 200 and 'name="centre"' in response.text


def test_an_unknown_or_closed_window_is_not_found(world):
    assert citizen().get(NEW, {"window": "999999"}).status_code == 404
    world.a.window.active = False
    world.a.window.save()
    assert citizen().get(NEW, {"window": str(world.a.window.pk)}).status_code == 404


def test_a_centre_chosen_first_offers_its_windows(world):
    text = citizen().get(NEW, {"centre": str(world.a.centre.pk)}).text
    assert world.a.window.name in text and str(world.b.centre.name) not in text


def test_a_desk_complaint_gets_a_receipt_too(world):
    complaint = fb.complaint(world.a)
    assert complaint.source == ComplaintSource.DESK and complaint.receipt_no.startswith("TS")


def test_the_receipt_page_without_a_complaint_leads_to_the_lookup():
    response = citizen().get(reverse("feedback:complaint_receipt"))
    assert response.status_code == 302 and response["Location"] == STATUS


def test_the_thanks_page_leads_to_the_guides_the_card_and_the_complaint_form(world, phone_client):
    from tests.feedback.test_rating_page import scan_window

    response = phone_client.post(scan_window(phone_client, world.a.window), {"level": "2"})
    text = phone_client.get(response["Location"]).text
    window = world.a.window.pk
    assert reverse("matters:public_window", kwargs={"window": window}) in text
    assert reverse("matters:window_card", kwargs={"window": window}) in text
    assert f"{NEW}?window={window}" in text and STATUS in text


def test_the_thanks_page_of_a_station_leads_to_its_guides(world):
    text = citizen().get(reverse("feedback:rate_thanks"), {"station": world.a.station.pk}).text
    assert reverse("matters:public_station", kwargs={"station": world.a.station.pk}) in text
    assert f"{NEW}?centre={world.a.centre.pk}" in text


def test_the_guide_page_has_a_rating_link_and_a_complaint_link(world):
    from tests.matters import factories as mf

    with_window = mf.entry(world.a.centre, mf.matter("RT-001"), window=world.a.window)
    text = citizen().get(reverse("matters:public_guide", kwargs={"entry": with_window.pk})).text
    assert reverse("feedback:rate_window", kwargs={"window": world.a.window.pk}) in text
    assert f"{NEW}?window={world.a.window.pk}" in text
    at_station = mf.entry(world.a.station, mf.matter("RT-002", proxy_eligible=True))
    text = citizen().get(reverse("matters:public_guide", kwargs={"entry": at_station.pk})).text
    assert reverse("feedback:rate_station", kwargs={"station": world.a.station.pk}) in text
