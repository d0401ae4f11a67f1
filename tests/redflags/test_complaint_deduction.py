"""A verified complaint against a window, scored on the window's month (rule 6.6 or S5): the window ledger records
the event and reports it to the complaint; feedback, below the ledger, never calls it."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import services as feedback_services
from feedback.models import Complaint
from redflags.models import WindowEvent
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db


def verified_window_complaint(world):
    c = fb.complaint(world.a, staff=None)
    c = feedback_services.complaint_move(complaint=c, action="investigate", actor=world.a.director)
    return feedback_services.complaint_move(complaint=c, action="substantiate", actor=world.a.director,
                                            on=timezone.localdate(), note="查看录像属实")


def test_the_window_month_shows_the_complaints_deduction(world, scheme, login):
    c = verified_window_complaint(world)
    client = login(world.a.director)
    record = reverse("redflags:complaint_deduction", kwargs={"complaint": c.pk})
    response = client.post(record, {"request_window_deduction-rule": "6.6", "request_window_deduction-points": "1.5",
                                    "request_window_deduction-note": "态度生硬"})
    assert response.status_code == 302
    today = timezone.localdate()
    month = reverse("redflags:window_month", kwargs={"window": world.a.window.pk, "year": today.year,
                                                     "month": today.month})
    complaint_page = client.get(reverse("feedback:complaint_detail", kwargs={"complaint": c.pk})).text
    assert "已记入窗口考核记录" in complaint_page and month in complaint_page
    page = client.get(month).text
    assert f"投诉 {c.pk} 经查属实：态度生硬" in page and "98.5" in page


def test_the_complaint_page_alone_cannot_record_a_window_deduction(world, scheme, login):
    c = verified_window_complaint(world)
    detail = reverse("feedback:complaint_detail", kwargs={"complaint": c.pk})
    response = login(world.a.director).post(detail, {
        "action": "request_window_deduction", "request_window_deduction-rule": "6.6",
        "request_window_deduction-points": "1"})
    assert response.status_code == 200 and "记入窗口月考核扣分" in response.text
    assert not Complaint.objects.get(pk=c.pk).deduction_requested and not WindowEvent.objects.exists()


def test_a_complaint_already_recorded_sends_the_form_back_to_the_complaint(world, scheme, login):
    from redflags.services import complaint_deduction

    c = complaint_deduction(complaint=verified_window_complaint(world), actor=world.a.director, rule="S5")
    client = login(world.a.director)
    record = reverse("redflags:complaint_deduction", kwargs={"complaint": c.pk})
    response = client.post(record, {"request_window_deduction-rule": "6.6", "request_window_deduction-points": "1"})
    assert response.status_code == 302 and WindowEvent.objects.count() == 1
    assert login(world.b.director).get(record).status_code == 404  # another centre's complaint (D14)
    assert Decimal(WindowEvent.objects.get().points or 0) == 0 and WindowEvent.objects.get().rule == "S5"


def test_a_tenth_of_a_point_gets_the_rules_range(world, scheme, login):
    """The form's min_value was the float 0.1, so 0.1 itself was refused as too small before the rule was checked."""
    c = verified_window_complaint(world)
    record = reverse("redflags:complaint_deduction", kwargs={"complaint": c.pk})
    response = login(world.a.director).post(record, {"request_window_deduction-rule": "6.6",
                                                     "request_window_deduction-points": "0.1"})
    assert response.status_code == 200 and "细则6.6每次扣 0.2—2 分，填写的是 0.1" in response.text
    assert not WindowEvent.objects.exists()
