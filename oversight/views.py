"""The summary above a county: the supervisor's home, and the admin's region figures."""

import dataclasses

from django.shortcuts import render
from django.utils import timezone

from centers.choices import RegionLevel
from centers.selectors import drill
from core.access import role_required
from core.paging import capped_page
from core.params import id_param, year_param
from core.roles import ABOVE_COUNTY
from oversight import selectors

PAGE_SIZE = 50


@role_required(*ABOVE_COUNTY)
def summary(request):
    """Per county (then per town, ``?region=``): inspections and their ranking, red flags, ratings, complaints and
    staff scores of the year; at a town, the same figures for the town alone, then its centre's evaluations. Each
    level links on to the lists behind the figures (ratings, complaints, the county's evaluation overview, the staff
    scores' export), which the supervisor reads too."""
    year = year_param(request, default=timezone.localdate().year, label="年份")
    place = drill(request.user, id_param(request, "region", label="区划"))
    context = {"place": place, "year": year, "years": range(year - 2, year + 1)}
    # At a town the table has one row, the town's own: a summary whose rows are towns, under the town itself.
    counted = place if place.rows else dataclasses.replace(place, rows=RegionLevel.TOWN)
    summary = selectors.cached_region_summary(request.user, counted, year)
    context["rows"], context["computed_at"] = summary.rows, summary.computed_at
    context["summary_minutes"] = selectors.SUMMARY_SECONDS // 60
    context["staff_scores_skipped"] = any(row["staff_scored"] is None for row in context["rows"])
    if not place.rows:
        context["centre"] = selectors.town_centre(request.user, place)
        evaluations = selectors.town_evaluations(request.user, place, year)
        context["page"] = capped_page(evaluations, request.GET.get("page"), PAGE_SIZE)
    return render(request, "oversight/summary.html", context)
