"""Summaries above a county (上级监管): per county, then per town, then one town's centre, for the admin and the
supervisor (上级监管人员, a city or the province). Every figure is one GROUP BY per source over the user's scope
(D14), so a page costs the same number of queries for 2 or 3,000 centres; only the rows' regions are listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone

from assessment.models import INSPECTION_KINDS, Evaluation, EvaluationState, EvaluationSubject
from centers.models import ServiceCentre, Staff
from centers.selectors import Drill, child_regions, counts_per_region, organisation_summary
from core.scope import scope_of
from feedback.models import OPEN_COMPLAINT_STATES, Complaint, Rating
from feedback.selectors import RatingCounts, rating_counts_per_region
from redflags.models import MonthPublication
from staff_scoring.scoring import period_scores

HUNDRED = Decimal(100)
# Staff scores are computed from every staff member's events: for a place with more centres than this (a province)
# the page asks to choose a county first instead of scoring 200,000 people inside a request.
STAFF_SCORES_UP_TO_CENTRES = 400


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def inspection_scores(user, place: Drill, year: int) -> dict[int, dict]:
    """Per row region: the year's finalised inspections of centres (验收/抽查/暗访; a station's or a window's are not
    counted, the page says so) — how many, and their score as a percentage of the full marks (sum of totals over
    sum of full marks)."""
    finalised = Evaluation.objects.visible_to(user).filter(
        period=year, state=EvaluationState.FINALISED, kind__in=INSPECTION_KINDS,
        subject_kind=EvaluationSubject.CENTRE,
    ).exclude(corrections__state=EvaluationState.FINALISED)  # a finalised correction replaces it
    return counts_per_region(place, finalised, "centre", n=Count("pk"), total=Sum("total"), max_total=Sum("max_total"))


def red_flags(user, place: Drill, year: int) -> dict[int, dict]:
    """Per row region: the red-flag windows of the year's published months (``flags``), the centre-months published
    (``centre_months``: a county of 3 centres has up to 36 in a year) and, month by month, how many of its centres
    published it (``per_month``), in one GROUP BY."""
    key = place.centre_key("centre")
    months = place.within(MonthPublication.objects.visible_to(user).filter(year=year), "centre")
    result: dict[int, dict] = {}
    for row in months.order_by().values(key, "month").annotate(centres=Count("pk"), flags=Sum("red_flags")):
        entry = result.setdefault(row[key], {"flags": 0, "centre_months": 0, "per_month": {}})
        entry["flags"] += row["flags"] or 0
        entry["centre_months"] += row["centres"]
        entry["per_month"][row["month"]] = row["centres"]
    return result


def months_all_published(per_month: dict[int, int], centres: int) -> int:
    """How many months every one of ``centres`` centres published (at most 12): what 已发布月份 means for a row
    that adds up several centres, where the sum of their months would exceed a year."""
    return sum(1 for published in per_month.values() if published >= centres) if centres else 0


def complaints(user, place: Drill, year: int) -> dict[int, dict]:
    received = Complaint.objects.visible_to(user).filter(received_on__year=year)
    return counts_per_region(place, received, "centre", n=Count("pk"),
                             open=Count("pk", filter=Q(state__in=OPEN_COMPLAINT_STATES)))


def staff_scores(user, place: Drill, year: int) -> dict[int, dict]:
    """Per row region: the year's staff scores (the scheme's period score, staff_scoring.scoring.period_scores):
    how many staff were scored and their average."""
    centre_key, station_key = place.centre_key("centre"), place.centre_key("station__centre")
    people = Staff.objects.visible_to(user)
    if place.node is None:
        where = {pk: a or b for pk, a, b in people.values_list("pk", centre_key, station_key)}
    else:
        # Two indexed reads, not one OR across both joins (which read every staff row of a province: 70 ms for a
        # county); a person on a centre's roster counts there even if a station is named too, as before.
        path = place.node.path
        where = dict(people.filter(station__centre__region__path__startswith=path).values_list("pk", station_key))
        where.update(people.filter(centre__region__path__startswith=path).values_list("pk", centre_key))
    if not where:
        return {}
    scores = period_scores(Staff.objects.filter(pk__in=list(where)), str(year))
    result: dict[int, dict] = {}
    for pk, row in scores.items():
        if row.score is None:
            continue
        entry = result.setdefault(where[pk], {"n": 0, "sum": Decimal(0)})
        entry["n"] += 1
        entry["sum"] += row.score
    for entry in result.values():
        entry["average"] = (entry["sum"] / entry["n"]).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return result


SUMMARY_SECONDS = 300  # how long a summary is reused for the same scope, place and year


@dataclass(frozen=True)
class Summary:
    rows: list[dict]
    computed_at: dt.datetime


def cached_region_summary(user, place: Drill, year: int) -> Summary:
    """``region_summary``, reused for ``SUMMARY_SECONDS`` by everyone with the same scope (D14) at the same place
    and year. A city's or province's year is a GROUP BY over a year of ratings (about 100,000 rows: 60–70 ms on its
    own); a supervisor's page does not need figures fresher than a few minutes, and says when they were counted."""
    scope = scope_of(user)
    key = (f"oversight:summary:{scope.everything}:{scope.region_path}:{place.node.pk if place.node else 0}:"
           f"{place.rows}:{year}")
    found = cache.get(key)
    if found is None:
        found = Summary(region_summary(user, place, year), timezone.now())
        cache.set(key, found, SUMMARY_SECONDS)
    return found


def region_summary(user, place: Drill, year: int) -> list[dict]:
    """The summary table: one row per county (or town) under ``place`` with every figure, ranked by the inspection
    score (rank 1 = highest; regions without a finalised inspection are not ranked). Staff scores are None above
    ``STAFF_SCORES_UP_TO_CENTRES`` centres."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    organisation = {row["region"].pk: row for row in organisation_summary(user, place)}
    inspections = inspection_scores(user, place, year)
    flags = red_flags(user, place, year)
    ratings = rating_counts_per_region(place, start, end, Rating.objects.visible_to(user))
    received = complaints(user, place, year)
    centres = sum(row["centres"] for row in organisation.values())
    scores = staff_scores(user, place, year) if centres <= STAFF_SCORES_UP_TO_CENTRES else None
    rows = []
    for region in child_regions(user, place):
        done = inspections.get(region.pk, {})
        published = flags.get(region.pk) or {}
        rows.append({
            "region": region, "organisation": organisation.get(region.pk, {}),
            "inspections": done.get("n", 0), "score": _percent(done.get("total") or 0, done.get("max_total")),
            "red_flags": published.get("flags", 0),
            "published_months": months_all_published(published.get("per_month", {}),
                                                     (organisation.get(region.pk) or {}).get("centres", 0)),
            "centre_months": published.get("centre_months", 0),
            "ratings": ratings.get(region.pk, RatingCounts()),
            "complaints": (received.get(region.pk) or {}).get("n", 0),
            "open_complaints": (received.get(region.pk) or {}).get("open", 0),
            "staff_scored": None if scores is None else (scores.get(region.pk) or {}).get("n", 0),
            "staff_average": None if scores is None else (scores.get(region.pk) or {}).get("average"),
        })
    ranked = sorted((r for r in rows if r["score"] is not None), key=lambda r: r["score"], reverse=True)
    for position, row in enumerate(ranked, start=1):
        row["rank"] = position
    return rows


def town_centre(user, place: Drill) -> ServiceCentre | None:
    """At a town: its centre (one a town), for the links to its ratings and complaints."""
    return place.within(ServiceCentre.objects.visible_to(user)).order_by("pk").first()


def town_evaluations(user, place: Drill, year: int):
    """At a town: the year's evaluations of its centre, stations and windows (no drafts), for reading."""
    return (place.within(Evaluation.objects.visible_to(user), "centre")
            .filter(period=year).exclude(state=EvaluationState.DRAFT)
            .select_related("centre", "station", "window", "rubric")
            .defer("answers", "facts", "prefilled", "result", "rubric__source_text")
            .order_by("subject_kind", "-evaluated_on", "pk"))
