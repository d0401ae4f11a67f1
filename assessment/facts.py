"""Facts from guidance records (宝林镇方案 附件7 指导三化建设记录表; scoring.rubric.facts; registered with core.facts
in ``apps.ready``). A centre's own records (its stations' are theirs), or a station's.

* ``guidance.received`` — at least one guidance record dated in the year (自觉接受上级政务服务管理机构业务指导及
  监督考核: 宝林镇方案 附件1, 附件2 统一规范·规范监督管理);
* ``guidance.rectified_on_time`` — every rectification item due in the year was closed (销号) on or before its
  deadline; an item still open after its deadline fails it, one not yet due does not.

Two queries per subject.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessment.models import GuidanceRecord, RectificationItem, RectificationState
from centers.models import ServiceCentre, Station
from core.facts import Provider

NAMES = frozenset({"guidance.received", "guidance.rectified_on_time"})


def _of(subject, prefix: str = "") -> Q:
    if isinstance(subject, Station):
        return Q(**{f"{prefix}station": subject})
    return Q(**{f"{prefix}centre": subject, f"{prefix}station__isnull": True})


def guidance_facts(subject: Any, year: int) -> dict[str, Any]:
    if not isinstance(subject, ServiceCentre | Station):
        return {}
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    today = timezone.localdate()
    received = GuidanceRecord.objects.filter(_of(subject), guided_on__range=(start, end)).exists()
    items = RectificationItem.objects.filter(_of(subject, "record__"), due_on__range=(start, end)).values_list(
        "state", "due_on", "closed_on")
    late = [1 for state, due, closed in items
            if (state == RectificationState.CLOSED and closed is not None and closed > due)
            or (state != RectificationState.CLOSED and today > due)]
    return {"guidance.received": received, "guidance.rectified_on_time": not late}


def guidance_rows(name: str, subject: Any, year: int) -> str | None:
    return reverse("assessment:guidance_list")


PROVIDER = Provider("assessment", compute=guidance_facts, names=NAMES, rows=guidance_rows)
