"""Calendar pages: the admin's list of years (import from the bundled official schedule, i.e. the chinesecalendar
library), a year's grid, a deadline calculator."""

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.access import role_required
from core.forms import run_service
from workdays import official, selectors, services
from workdays.calendar import CalendarError
from workdays.forms import DeadlineForm, ImportYearForm

ROLES = ("admin", "inspector", "director", "staff")


def posted_data(request):
    """The POST data of a POST (even an empty one, so it is validated), else None (an unbound form)."""
    return request.POST if request.method == "POST" else None


@role_required("admin")
@require_http_methods(["GET", "POST"])
def year_list(request):
    form = ImportYearForm(posted_data(request), initial={"year": date.today().year + 1})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        if run_service(form, lambda: services.schedule_import_from_library(
            year=year, actor=request.user, replace=form.cleaned_data["replace"],
        )):
            messages.success(request, f"已导入 {year} 年节假日安排")
            return redirect("workdays:year_detail", year=year)
    schedules = list(selectors.schedules())
    known = {s.year for s in schedules}
    this_year = date.today().year
    missing = [y for y in (this_year, this_year + 1) if y not in known]
    bundled = official.library_years()
    return render(request, "workdays/yearschedule_list.html", {
        "schedules": schedules, "form": form, "missing": missing,
        "first_year": bundled.start if bundled else None, "last_year": bundled.stop - 1 if bundled else None,
    })


@role_required("admin")
def year_detail(request, year: int):
    if not 2000 <= year <= 2100:
        from django.http import Http404

        raise Http404("年度超出范围")
    schedule, days, local = selectors.year_days(year)
    data = selectors.holiday_data()
    names = {d.date: d.name or d.get_kind_display() for d in days}
    names.update({d.date: f"{d.reason}（本地）" for d in local})
    return render(request, "workdays/yearschedule_detail.html", {
        "year": year, "schedule": schedule, "days": days, "local": local,
        "months": selectors.year_grid(year, data, names),
    })


@role_required(*ROLES)
def deadline_calc(request):
    form = DeadlineForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = selectors.deadline_for(form.cleaned_data["start"], form.cleaned_data["days"])
        except CalendarError as exc:
            form.add_error(None, str(exc))
    return render(request, "workdays/deadline_calc.html", {"form": form, "deadline": result})
