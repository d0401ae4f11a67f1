"""The county overview: every centre and station with its latest self-assessment and inspection, ranked."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from assessment import exports, reports, selectors
from centers.choices import RegionLevel
from centers.models import Region
from core import paging
from core.access import role_required, user_role
from core.exports import export_name, xlsx_response, zh_date
from core.params import id_param, query_without
from core.roles import COUNTY, Role
from jobs.views import offer

COUNTY_PAGE = 50  # rows of the ranking per page (a county has a few hundred centres and stations; the export has all)


def _counties(request):
    return Region.objects.visible_to(request.user).filter(level=RegionLevel.COUNTY).order_by("path")


def _county(request) -> Region:
    """An inspector's own county; an admin picks one (``?county=``), by default the first."""
    counties = _counties(request)
    if user_role(request.user) == "inspector":
        county = request.user.region
    else:
        wanted = id_param(request, "county")
        county = counties.filter(pk=wanted).first() if wanted is not None else counties.first()
    if county is None:
        raise Http404(gettext("没有可查看的县/区"))
    return county


@role_required(*COUNTY, Role.SUPERVISOR)
def county_overview(request):
    county = _county(request)
    all_rows = reports.county_overview(request.user, county)
    rows = reports.filter_and_sort(all_rows, request.GET, town=id_param(request, "town"))
    towns = sorted({(r.town_id, r.town) for r in all_rows}, key=lambda t: t[1])
    bands = sorted({r.band for r in all_rows if r.band})
    today = timezone.localdate()
    page = paging.capped_page(rows, request.GET.get("page"), COUNTY_PAGE)
    counties = []  # an inspector sees their own county; the admin picks one (typed search beyond PICK_LIMIT)
    if user_role(request.user) != "inspector":
        counties = list(_counties(request).only("pk", "name", "path")[:paging.PICK_LIMIT + 1])
    return render(request, "assessment/county_overview.html", {
        "county": county, "rows": page.object_list, "page": page, "towns": towns,
        "bands": bands, "params": request.GET,
        "chart": reports.chart_data(rows), "counties": counties, "counties_typed": len(counties) > paging.PICK_LIMIT,
        "overdue": list(selectors.overdue_rectifications(request.user, today)
                        .filter(record__centre__region__parent=county)[:50]),
        "today": today, "sort": request.GET.get("sort") or "name",
        "sort_query": query_without(request, "sort", "page"), "export_query": request.GET.urlencode(),
    })


@role_required(*COUNTY, Role.SUPERVISOR)
def county_export(request):
    county = _county(request)
    rows = reports.filter_and_sort(reports.county_overview(request.user, county), request.GET,
                                   town=id_param(request, "town"))
    today = timezone.localdate()
    name = export_name(county.name, "考核排名", zh_date(today), ext="xlsx")
    return xlsx_response(reports.county_xlsx(county, rows, today), name)


@role_required(*COUNTY, Role.SUPERVISOR, export=True)
def county_sheets(request):
    """Every score sheet of the county as PDFs in one ZIP: always a background job (a PDF takes about 0.4 s)."""
    county = _county(request)
    return offer(request, kind=exports.COUNTY_SHEETS, title=exports.zip_name(county), params={"county": county.pk},
                 rows=exports.county_sheets(request.user, county).count(), unit=gettext("份评分表"))
