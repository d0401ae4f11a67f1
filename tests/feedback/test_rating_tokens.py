"""One rating per service: signed one-time tokens with a max age, device binding and rate limits (docs/feedback.md)."""

import pytest
from django.core.exceptions import ValidationError

from feedback import services, tokens
from feedback.models import Channel, FollowUp, FollowUpState, Rating
from feedback.services import RatingRefused
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db


def scan(c, device="device-1", **kwargs):
    return tokens.scan_token(device_id=device, window_id=c.window.pk, **kwargs)


def refused(code, **kwargs):
    with pytest.raises(RatingRefused) as caught:
        services.rating_submit(**kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value


def test_a_service_code_takes_one_rating_with_its_staff_and_matter(world):
    ticket = fb.ticket(world.a, matter_code="11510000MB1234567X", matter_name="城乡居民医保参保登记", case_no="BJ-001")
    rating = services.rating_submit(token=fb.ticket_url_token(ticket), level=5, comment="很好")
    assert rating.channel == Channel.SERVICE_QR and rating.staff == world.a.window_staff
    assert (rating.matter_code, rating.case_no, rating.window) == ("11510000MB1234567X", "BJ-001", world.a.window)
    assert rating.ticket == ticket


def test_a_second_rating_with_the_same_token_is_refused(world):
    token = fb.ticket_url_token(fb.ticket(world.a))
    services.rating_submit(token=token, level=4)
    refusal = refused("used", token=token, level=1)
    assert "只能评价一次" in refusal.message
    assert Rating.objects.count() == 1


def test_a_per_scan_token_is_also_used_once(world):
    token = scan(world.a)
    services.rating_submit(token=token, level=4, device_id="device-1")
    refused("used", token=token, level=4, device_id="device-1")


def test_an_expired_token_is_refused(world, settings):
    token = fb.ticket_url_token(fb.ticket(world.a))
    settings.FEEDBACK_TICKET_MAX_AGE = -1
    assert "过期" in refused("expired", token=token, level=4).message


def test_a_tampered_or_garbled_token_is_refused(world):
    token = scan(world.a)
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "", "Xabc", "S" + "x" * 500, "T:::"):
        refused("invalid", token=bad, level=4, device_id="device-1")


def test_a_per_scan_token_works_only_on_the_phone_that_scanned(world):
    refused("device", token=scan(world.a, device="device-1"), level=4, device_id="device-2")
    refused("device", token=scan(world.a, device="device-1"), level=4, device_id=None)


def test_one_device_rates_a_window_once_within_the_limit_window(world):
    services.rating_submit(token=scan(world.a), level=4, device_id="device-1")
    assert "已经评价过" in refused("limited", token=scan(world.a), level=5, device_id="device-1").message
    other = services.rating_submit(token=scan(world.a, device="device-2"), level=5, device_id="device-2")
    assert other.pk


def test_a_device_has_a_daily_cap_across_windows(world, settings):
    settings.FEEDBACK_DEVICE_PER_DAY = 1
    services.rating_submit(token=scan(world.a), level=4, device_id="device-1")
    station_token = tokens.scan_token(device_id="device-1", station_id=world.a.station.pk)
    assert "上限" in refused("limited", token=station_token, level=4, device_id="device-1").message


def test_an_ip_address_has_an_hourly_cap(world, settings):
    settings.FEEDBACK_IP_PER_HOUR = 2
    for n in range(2):
        services.rating_submit(token=scan(world.a, device=f"d{n}"), level=4, device_id=f"d{n}", ip="10.0.0.1")
    refused("limited", token=scan(world.a, device="d9"), level=4, device_id="d9", ip="10.0.0.1")
    services.rating_submit(token=scan(world.a, device="d9"), level=4, device_id="d9", ip="10.0.0.2")


def test_service_codes_are_not_limited_by_device_or_ip(world, settings):
    settings.FEEDBACK_IP_PER_HOUR = 1
    for _ in range(3):
        services.rating_submit(token=fb.ticket_url_token(fb.ticket(world.a)), level=5, device_id="d", ip="10.0.0.1")
    assert Rating.objects.count() == 3


def test_raw_device_ids_and_addresses_are_not_stored(world):
    rating = services.rating_submit(token=scan(world.a), level=4, device_id="device-1", ip="10.0.0.7")
    assert rating.device_hash and "device-1" not in rating.device_hash
    assert rating.ip_hash and "10.0.0.7" not in rating.ip_hash


def test_a_bad_rating_opens_a_follow_up_with_the_configured_limit(world):
    from feedback.models import Policy

    Policy.objects.create(pk=1, rectify_workdays=5)
    rating = services.rating_submit(token=scan(world.a), level=2, device_id="device-1", comment="排队太久")
    assert rating.followup.state == FollowUpState.PENDING and rating.followup.limit_days == 5
    fine = services.rating_submit(token=scan(world.a, device="d2"), level=3, device_id="d2")
    assert fine.level == 3 and FollowUp.objects.count() == 1  # only the bad rating's
    assert not FollowUp.objects.filter(rating=fine).exists()


def test_bad_fields_are_chinese_validation_errors(world):
    token = scan(world.a)
    for fields, message in (
        ({"level": 9}, "请选择一个评价等级"),
        ({"level": 4, "phone": "12345"}, "请输入正确的手机号码"),
        ({"level": 4, "comment": "长" * 501}, "不能超过 500 字"),
        ({"level": 4, "staff_id": world.b.window_staff.pk}, "请选择本窗口的工作人员"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.rating_submit(token=token, device_id="device-1", **fields)
        assert message in str(caught.value)
    assert not Rating.objects.exists()


def test_a_window_rating_may_name_a_staff_member_of_that_window(world):
    rating = services.rating_submit(token=scan(world.a), level=5, device_id="device-1", staff_id=world.a.window_staff.pk)
    assert rating.staff == world.a.window_staff


def test_a_deactivated_window_takes_no_more_ratings(world):
    token = scan(world.a)
    world.a.window.active = False
    world.a.window.save()
    refused("closed", token=token, level=4, device_id="device-1")


def test_staff_issue_codes_for_themselves_and_not_for_another_window(world):
    ticket = services.ticket_issue(actor=world.a.staff_user, window=world.a.window)
    assert ticket.staff == world.a.window_staff
    with pytest.raises(ValidationError):
        services.ticket_issue(actor=world.a.director, window=world.a.window, staff=world.a.station_staff)
