"""Facts from trainings and meetings (scoring.rubric.facts; registered with core.facts in ``apps.ready``).

For a centre: the trainings it held itself (its stations' are theirs). For a station: the trainings it held and the
centre's trainings its staff attended. A training is of kind 岗前培训, 业务培训 or 礼仪培训 (meetings and activities
are not trainings). Attended: 出席, 迟到 or 早退 (the person was there).

* ``trainings.regular_4`` — at least 4 trainings in the year (宝林镇方案 附件1 人员管理·人员培训: 全年不少于4次);
* ``trainings.induction_for_new_staff`` — everyone who took up the post in the year (``active_from``) attended a
  岗前培训 that year (true when nobody joined: there was nobody to train);
* ``trainings.window_staff_trained`` — every window staff member on post attended at least one training in the year
  (眉山意见 附件1 第68项: 窗口工作人员每年轮训一次).

Three queries per subject whatever the number of trainings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse

from centers.models import ServiceCentre, Staff, Station
from core.facts import Provider
from trainings.models import TRAINING_KINDS, Attendance, Presence, Training, TrainingKind

ATTENDED = (Presence.PRESENT, Presence.LATE, Presence.EARLY)
NAMES = frozenset({"trainings.regular_4", "trainings.induction_for_new_staff", "trainings.window_staff_trained"})


def _people(subject) -> list[Staff]:
    if isinstance(subject, Station):
        people = Staff.objects.filter(station=subject)
    else:
        people = Staff.objects.filter(centre=subject)
    return list(people.only("pk", "active_from", "active_to", "window_id", "station_id"))


def training_facts(subject: Any, year: int) -> dict[str, Any]:
    if not isinstance(subject, ServiceCentre | Station):
        return {}
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    people = [p for p in _people(subject) if (p.active_from is None or p.active_from <= end)
              and (p.active_to is None or p.active_to >= start)]
    ids = {p.pk for p in people}
    held = Q(station=subject) if isinstance(subject, Station) else Q(centre=subject, station__isnull=True)
    visits = list(Attendance.objects.filter(training__date__range=(start, end), staff_id__in=ids,
                                            presence__in=ATTENDED, training__kind__in=TRAINING_KINDS)
                  .values_list("staff_id", "training_id", "training__kind"))
    own = set(Training.objects.filter(held, date__range=(start, end), kind__in=TRAINING_KINDS)
              .values_list("pk", flat=True))
    count = len(own | ({t for _, t, _ in visits} if isinstance(subject, Station) else set()))
    trained = {s for s, _, _ in visits}
    inducted = {s for s, _, kind in visits if kind == TrainingKind.INDUCTION}
    joined = [p.pk for p in people if p.active_from is not None and p.active_from.year == year]
    window_staff = [p.pk for p in people if p.window_id or isinstance(subject, Station)]
    return {
        "trainings.regular_4": count >= 4,
        "trainings.induction_for_new_staff": all(pk in inducted for pk in joined),
        "trainings.window_staff_trained": bool(window_staff) and all(pk in trained for pk in window_staff),
    }


def training_rows(name: str, subject: Any, year: int) -> str | None:
    if isinstance(subject, Station):
        return f"{reverse('trainings:list')}?year={year}&station={subject.pk}"
    if isinstance(subject, ServiceCentre):
        return f"{reverse('trainings:list')}?year={year}&centre={subject.pk}"
    return None


PROVIDER = Provider("trainings", compute=training_facts, names=NAMES, rows=training_rows)
