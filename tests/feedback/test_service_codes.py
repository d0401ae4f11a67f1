"""The "rate this service" code the window shows after a service, and the printable static QR of a window."""

import pytest
from django.urls import reverse

from feedback import services
from feedback.models import ServiceTicket
from tests import factories
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db


def test_window_staff_reach_their_code_page_and_show_a_fresh_qr(login, world):
    client = login(world.a.staff_user)
    response = client.get(reverse("feedback:my_ticket"))
    assert response["Location"] == reverse("feedback:ticket_window", kwargs={"window": world.a.window.pk})
    response = client.post(response["Location"], {"matter_name": "社保卡申领", "case_no": "X-1"})
    ticket = ServiceTicket.objects.get()
    assert response["Location"] == reverse("feedback:ticket_detail", kwargs={"ticket": ticket.pk})
    assert ticket.staff == world.a.window_staff and ticket.issued_by == world.a.staff_user
    page = client.get(response["Location"])
    assert page.status_code == 200 and "<svg" in page.text and "社保卡申领" in page.text
    assert "等待评价" in page.text and "/p/rate/t/T" in page.text


def test_the_status_turns_to_rated_after_the_citizen_rates(login, world):
    ticket = fb.ticket(world.a)
    client = login(world.a.director)
    url = reverse("feedback:ticket_status", kwargs={"ticket": ticket.pk})
    assert "等待评价" in client.get(url).text
    services.rating_submit(token=fb.ticket_url_token(ticket), level=5)
    assert "已完成评价" in client.get(url).text


def test_the_director_names_the_staff_member_and_cannot_name_someone_elsewhere(login, world):
    client = login(world.a.director)
    url = reverse("feedback:ticket_window", kwargs={"window": world.a.window.pk})
    assert client.post(url, {"staff": world.a.window_staff.pk}).status_code == 302
    response = client.post(url, {"staff": world.b.window_staff.pk})
    assert response.status_code == 200 and "请选择本窗口" in response.text


def test_staff_cannot_issue_codes_for_a_window_they_do_not_work_at(login, world):
    other = factories.window(world.a.centre, number=2, name="民政救助")
    client = login(world.a.staff_user)
    assert client.get(reverse("feedback:ticket_window", kwargs={"window": other.pk})).status_code == 404
    assert client.get(reverse("feedback:ticket_station", kwargs={"station": world.a.station.pk})).status_code == 404


def test_inspectors_print_qr_codes_but_do_not_issue_service_codes(login, world):
    client = login(world.a.inspector)
    page = client.get(reverse("feedback:window_qr", kwargs={"window": world.a.window.pk}))
    assert page.status_code == 200 and "<svg" in page.text and f"/p/rate/w/{world.a.window.pk}/" in page.text
    assert client.get(reverse("feedback:station_qr", kwargs={"station": world.a.station.pk})).status_code == 200
    assert client.get(reverse("feedback:ticket_window", kwargs={"window": world.a.window.pk})).status_code == 404


def test_station_staff_issue_codes_for_their_station(login, world):
    from accounts.models import Role

    agent = factories.user("agent", Role.STAFF, staff=world.a.station_staff)
    client = login(agent)
    url = client.get(reverse("feedback:my_ticket"))["Location"]
    assert url == reverse("feedback:ticket_station", kwargs={"station": world.a.station.pk})
    response = client.post(url, {})
    assert response.status_code == 302, response.text[-3000:]
    assert ServiceTicket.objects.get().station == world.a.station
