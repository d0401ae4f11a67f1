"""Feedback objects built in code for a county of the test world (used by tests/scopewalk.py too)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from feedback import services, tokens
from feedback.models import Complaint, DeficiencyNotice, FollowUp, Rating, ServiceTicket
from tests.factories import County


def ticket(c: County, **extra) -> ServiceTicket:
    return services.ticket_issue(actor=c.director, window=c.window, staff=c.window_staff, **extra)


def ticket_url_token(t: ServiceTicket) -> str:
    return services.ticket_link_token(t)


def rating(c: County, level: int = 4, *, at: dt.datetime | None = None, window=None, station=None, staff=None,
           comment: str = "", phone: str = "") -> Rating:
    """A rating saved directly (the public path is tested on its own); a 差评 gets its follow-up like the service."""
    place_window = window if window is not None else (None if station is not None else c.window)
    obj = Rating.objects.create(
        centre=c.centre, window=place_window, station=station, staff=staff, channel="window_qr", level=level,
        comment=comment, phone=phone, rated_at=at or timezone.now(), nonce=tokens.new_nonce(),
    )
    if level <= 2:
        FollowUp.objects.create(rating=obj, received_on=timezone.localdate(obj.rated_at), limit_days=15)
    return obj


def followup(c: County, **extra) -> FollowUp:
    return rating(c, 1, comment="态度不好", phone="13800001111", **extra).followup


def complaint(c: County, **extra) -> Complaint:
    fields = dict(
        window=c.window, staff=c.window_staff, mode="written", category="4", summary="窗口人员态度生硬",
        complainant_name="王秘密", complainant_phone="13912345678", received_on=timezone.localdate(),
    )
    fields.update(extra)
    return services.complaint_create(centre=c.centre, actor=c.director, **fields)


def notice(c: County, **extra) -> DeficiencyNotice:
    today = timezone.localdate()
    fields = dict(
        window=c.window, applicant="李申请", applicant_phone="13700001234", matter_name="城乡居民养老保险参保登记",
        missing_materials="户口簿复印件\n银行卡复印件", promised_on=today + dt.timedelta(days=7), issued_on=today,
    )
    fields.update(extra)
    return services.notice_create(centre=c.centre, actor=c.director, **fields)
