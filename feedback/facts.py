"""Facts from ratings (好差评), 差评 follow-ups and complaints (scoring.rubric.facts; registered with core.facts in
``apps.ready``). The subject's own ratings: a centre's (its windows'), or a station's; complaints are a centre's.

* ``feedback.satisfaction_rate`` — 满意率 of the year's ratings (D10); none without ratings. 眉山意见's
  群众满意度测评 is scored from it by D19;
* ``feedback.satisfaction_98`` — that rate reaches 98% (眉山意见 附件1 第26项: 服务对象满意率98%以上);
* ``feedback.ratings_every_window`` — every active window (a station: the station) has ratings in the year
  (宝林镇方案 附件1 线上线下融合·一网通办: 落实好差评制度, 一事一评);
* ``feedback.qr_ratings_every_window`` — the same, by the window's (station's) rating QR code: the code is posted
  where people can scan it (宝林镇方案 附件1 场地建设·办公设备: 摆放评价装置或张贴评价二维码);
* ``feedback.bad_rectified_15d`` — no 差评 of the year past its rectification deadline (15 working days in Sichuan,
  with its extension: ``FollowUp.total_days``), done late or still open after it; ruled invalid ones left out;
* ``feedback.complaints_in_time`` — no complaint received in the year answered after its deadline (5 working days,
  15 for a complex one) or still unanswered past it; withdrawn ones left out.

Four queries per subject (and the calendar once).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from centers.models import ServiceCentre, Station
from core.facts import Provider
from feedback import selectors
from feedback.models import Channel, Complaint, ComplaintState, FollowUp, FollowUpState, Rating

NAMES = frozenset({"feedback.satisfaction_rate", "feedback.satisfaction_98", "feedback.ratings_every_window",
                   "feedback.qr_ratings_every_window", "feedback.bad_rectified_15d", "feedback.complaints_in_time"})
TARGET = Decimal("0.98")


def feedback_facts(subject: Any, year: int) -> dict[str, Any]:
    if not isinstance(subject, ServiceCentre | Station):
        return {}
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    key = {"station": subject} if isinstance(subject, Station) else {"centre": subject}
    counts = selectors.rating_counts(start=start, end=end, **key)
    facts: dict[str, Any] = {}
    if counts.satisfaction_rate is not None:
        facts["feedback.satisfaction_rate"] = counts.satisfaction_rate
        facts["feedback.satisfaction_98"] = counts.satisfaction_rate >= TARGET
    begin, finish = selectors.local_range(start, end)
    if isinstance(subject, Station):
        facts["feedback.ratings_every_window"] = counts.total > 0
        facts["feedback.qr_ratings_every_window"] = Rating.objects.filter(
            station=subject, channel=Channel.WINDOW_QR, rated_at__gte=begin, rated_at__lt=finish).exists()
    else:
        windows = set(subject.windows.filter(active=True).values_list("pk", flat=True))
        rated = set(Rating.objects.filter(centre=subject, window_id__in=windows, rated_at__gte=begin,
                                          rated_at__lt=finish).values_list("window_id", "channel").distinct())
        facts["feedback.ratings_every_window"] = bool(windows) and windows <= {w for w, _ in rated}
        facts["feedback.qr_ratings_every_window"] = bool(windows) and windows <= {
            w for w, channel in rated if channel == Channel.WINDOW_QR}
    today = timezone.localdate()
    rating_key = {"rating__station": subject} if isinstance(subject, Station) else {"rating__centre": subject}
    followups = FollowUp.objects.filter(received_on__range=(start, end), **rating_key).exclude(
        state=FollowUpState.INVALID)
    late = [f for f in selectors.followups_with_deadlines(followups, today) if f.overdue]
    facts["feedback.bad_rectified_15d"] = not late
    if isinstance(subject, ServiceCentre):
        complaints = Complaint.objects.filter(centre=subject, received_on__range=(start, end)).exclude(
            state=ComplaintState.WITHDRAWN)
        overdue = [c for c in selectors.with_deadlines(complaints, selectors.complaint_deadline,
                                                       lambda c: c.replied_on, today) if c.overdue]
        facts["feedback.complaints_in_time"] = not overdue
    return facts


def feedback_rows(name: str, subject: Any, year: int) -> str | None:
    if name in ("feedback.bad_rectified_15d",):
        return reverse("feedback:followup_list")
    if name == "feedback.complaints_in_time":
        return reverse("feedback:complaint_list")
    if isinstance(subject, ServiceCentre):
        return f"{reverse('feedback:rating_list')}?centre={subject.pk}&start={year}-01-01&end={year}-12-31"
    return f"{reverse('feedback:rating_list')}?start={year}-01-01&end={year}-12-31"


PROVIDER = Provider("feedback", compute=feedback_facts, names=NAMES, rows=feedback_rows)
