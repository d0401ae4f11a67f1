"""Facts about the staff on a centre's windows (scoring.rubric.facts; registered with core.facts in ``apps.ready``).

Counted at the end of the evaluated year (or today, for the running year): the staff of active windows on post then.

* ``staff.window_staff_one_year`` / ``staff.window_staff_two_years`` — every such person took up the post
  (``active_from``) at least one / two years before (宝林镇方案 附件1 人员管理·人员配备: 固定到窗口工作一年以上);
  a person without a start date does not count as on post that long;
* ``staff.windows_ab_backup`` — every active window has staff and at least one of them has a B岗 (AB岗工作制,
  街道提升年方案 附件4);
* ``staff.windows_two_established`` — at least 2 people of 公务员编制 or 事业单位编制 on windows;
* ``staff.post_cards_complete`` — everyone on post (a centre: on its windows; a station: its staff) has unit, name,
  position and photo, what the window post card (岗位牌) shows (宝林镇方案 附件1, 附件2 信息公开·服务人员公开);
* ``staff.station_agents_present`` — a station has a 村(社区)代办人 on post (附件2 人员管理·人员配备).

Windows belong to centres: a station answers only the last two. Two queries per subject.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from centers.choices import StaffCategory
from centers.models import ServiceCentre, Staff, Station
from core.facts import Provider

NAMES = frozenset({"staff.window_staff_one_year", "staff.window_staff_two_years", "staff.windows_ab_backup",
                   "staff.windows_two_established", "staff.post_cards_complete", "staff.station_agents_present"})
ESTABLISHED = (StaffCategory.CIVIL_SERVANT, StaffCategory.INSTITUTION)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _on_post(people, on: dt.date) -> list[Staff]:
    return [p for p in people if (p.active_from is None or p.active_from <= on) and (p.active_to is None or p.active_to >= on)]


def _card_complete(person: Staff) -> bool:
    return bool(person.name and person.unit and person.position and person.photo)


def station_facts(station: Station, on: dt.date) -> dict[str, Any]:
    people = _on_post(Staff.objects.filter(station=station), on)
    return {
        "staff.post_cards_complete": bool(people) and all(_card_complete(p) for p in people),
        "staff.station_agents_present": any(p.category == StaffCategory.VILLAGE_AGENT for p in people),
    }


def staff_facts(subject: Any, year: int) -> dict[str, Any]:
    on = min(dt.date(year, 12, 31), timezone.localdate())
    if isinstance(subject, Station):
        return station_facts(subject, on)
    if not isinstance(subject, ServiceCentre):
        return {}
    windows = set(subject.windows.filter(active=True).values_list("pk", flat=True))
    people = _on_post(Staff.objects.filter(centre=subject, window_id__in=windows), on)

    def on_post(years: int) -> bool:
        since = _years_before(on, years)
        return bool(people) and all(p.active_from is not None and p.active_from <= since for p in people)

    staffed = {p.window_id for p in people}
    backed = {p.window_id for p in people if p.backup_id}
    return {
        "staff.window_staff_one_year": on_post(1),
        "staff.window_staff_two_years": on_post(2),
        "staff.windows_ab_backup": bool(windows) and windows <= staffed and windows <= backed,
        "staff.windows_two_established": sum(p.category in ESTABLISHED for p in people) >= 2,
        "staff.post_cards_complete": bool(people) and all(_card_complete(p) for p in people),
    }


def staff_rows(name: str, subject: Any, year: int) -> str | None:
    if isinstance(subject, Station):
        return reverse("centers:station_detail", kwargs={"station": subject.pk})
    return reverse("centers:centre_detail", kwargs={"centre": subject.pk}) if isinstance(subject, ServiceCentre) else None


PROVIDER = Provider("centers", compute=staff_facts, names=NAMES, rows=staff_rows)
