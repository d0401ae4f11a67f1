"""Facts from the window ledger (scoring.rubric.facts; registered with core.facts in ``apps.ready``).

* ``redflags.ledger_every_month`` — the centre published its month's ranking (流动红旗评选, 审定发布) for every month
  of the year that has ended (眉山意见 附件1 第51项: 每月开展一次“流动红旗”评选, 及时通报); none in a January
  not yet over. One query per centre.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from centers.models import ServiceCentre
from core.facts import Provider
from redflags.models import MonthPublication

NAMES = frozenset({"redflags.ledger_every_month"})


def redflag_facts(subject: Any, year: int) -> dict[str, Any]:
    if not isinstance(subject, ServiceCentre):
        return {}
    today = timezone.localdate()
    last = 12 if year < today.year else (today.month - 1 if year == today.year else 0)
    if last < 1:
        return {}
    published = set(MonthPublication.objects.filter(centre=subject, year=year, month__lte=last)
                    .values_list("month", flat=True))
    return {"redflags.ledger_every_month": published >= set(range(1, last + 1))}


def redflag_rows(name: str, subject: Any, year: int) -> str | None:
    if isinstance(subject, ServiceCentre):
        return reverse("redflags:centre_year", kwargs={"centre": subject.pk, "year": year})
    return None


PROVIDER = Provider("redflags", compute=redflag_facts, names=NAMES, rows=redflag_rows)
