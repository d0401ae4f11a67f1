"""The summary above a county: the supervisor's home, and the admin's region figures."""

from django.shortcuts import render
from django.utils import timezone

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
    staff scores of the year; at a town, its centre's evaluations."""
    year = year_param(request, default=timezone.localdate().year, label="年份")
    place = drill(request.user, id_param(request, "region", label="区划"))
    context = {"place": place, "year": year, "years": range(year - 2, year + 1)}
    if place.rows:
        summary = selectors.cached_region_summary(request.user, place, year)
        context["rows"], context["computed_at"] = summary.rows, summary.computed_at
        context["summary_minutes"] = selectors.SUMMARY_SECONDS // 60
        context["staff_scores_skipped"] = any(row["staff_scored"] is None for row in context["rows"])
    else:
        evaluations = selectors.town_evaluations(request.user, place, year)
        context["page"] = capped_page(evaluations, request.GET.get("page"), PAGE_SIZE)
    return render(request, "oversight/summary.html", context)
