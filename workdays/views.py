"""Calendar pages: the admin's list of years (import from the bundled official schedule, i.e. the chinesecalendar
library), a year's grid, a deadline calculator."""

import hashlib
from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core.access import role_required, user_role
from core.forms import run_service
from core.roles import EVERYONE, READERS
from workdays import notice, official, selectors, services
from workdays.calendar import CalendarError
from workdays.forms import DeadlineForm, ImportYearForm, NoticeForm

# The calendar is needed to read deadlines: READERS (directors and inspectors) read it; only the admin enters or
# imports it; EVERYONE may work out a deadline.


def posted_data(request):
    """The POST data of a POST (even an empty one, so it is validated), else None (an unbound form)."""
    return request.POST if request.method == "POST" else None


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def year_list(request):
    is_admin = user_role(request.user) == "admin"
    if request.method == "POST" and not is_admin:
        raise Http404(gettext("只有管理员可以导入节假日安排"))
    form = ImportYearForm(posted_data(request), initial={"year": date.today().year + 1})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        if run_service(form, lambda: services.schedule_import_from_library(
            year=year, actor=request.user, replace=form.cleaned_data["replace"],
        )):
            messages.success(request, gettext("已导入 %(year)s 年节假日安排") % {"year": year})
            return redirect("workdays:year_detail", year=year)
    schedules = list(selectors.schedules())
    known = {s.year for s in schedules}
    this_year = date.today().year
    missing = [y for y in (this_year, this_year + 1) if y not in known]
    bundled = official.library_years()
    return render(request, "workdays/yearschedule_list.html", {
        "schedules": schedules, "form": form, "missing": missing,
        "first_year": bundled.start if bundled else None, "last_year": bundled.stop - 1 if bundled else None,
        "is_admin": is_admin, "enter_years": missing or [max(known) + 1] if known else [this_year],
    })


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise Http404(gettext("年度超出范围"))


@role_required(*READERS)
def year_detail(request, year: int):
    _check_year(year)
    schedule, days, local = selectors.year_days(year)
    data = selectors.holiday_data()
    names = {d.date: d.name or d.get_kind_display() for d in days}
    names.update({d.date: gettext("%(reason)s（本地）") % {"reason": d.reason} for d in local})
    return render(request, "workdays/yearschedule_detail.html", {
        "year": year, "schedule": schedule, "days": days, "local": local,
        "months": selectors.year_grid(year, data, names), "is_admin": user_role(request.user) == "admin",
    })


def _digest(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()[:16]


@role_required("admin")
@require_http_methods(["GET", "POST"])
def year_enter(request, year: int):
    """Enter a year from the pasted State Council notice: preview the twelve months, then save (only what was
    previewed: a text changed after its preview is previewed again)."""
    _check_year(year)
    schedule, days, _ = selectors.year_days(year)
    initial = {"basis": schedule.basis if schedule else gettext("国务院办公厅关于%(year)s年部分节假日安排的通知") % {"year": year},
               "text": notice.write_notice([notice.NoticeDay(d.date, d.kind, d.name) for d in days])}
    form = NoticeForm(request.POST if request.method == "POST" else None, initial=initial)
    reading, months = None, None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        reading = notice.read_notice(text, year)
        if not reading.ok:
            for error in reading.errors:
                form.add_error("text", error)
        elif request.POST.get("action") == "save" and form.cleaned_data["previewed"] == _digest(text):
            if run_service(form, lambda: services.schedule_enter(
                year=year, days=reading.days, actor=request.user, basis=form.cleaned_data["basis"],
            )):
                messages.success(request, gettext("已保存 %(year)s 年节假日安排（放假 %(off)s 天，调休上班 %(on)s 天）") % {"year": year, "off": sum(d.kind == "off" for d in reading.days), "on": sum(d.kind == "on" for d in reading.days)})
                return redirect("workdays:year_detail", year=year)
        else:
            if request.POST.get("action") == "save":
                messages.warning(request, gettext("安排在预览后改过，请核对下面的预览再保存"))
            data = selectors.preview_data(year, reading.days)
            months = selectors.year_grid(year, data, {d.day: d.name for d in reading.days})
            form = NoticeForm(initial={**form.cleaned_data, "previewed": _digest(text)})
    return render(request, "workdays/yearschedule_enter.html", {
        "year": year, "form": form, "reading": reading, "months": months, "schedule": schedule,
    })


@role_required(*EVERYONE)
def deadline_calc(request):
    form = DeadlineForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = selectors.deadline_for(form.cleaned_data["start"], form.cleaned_data["days"])
        except CalendarError as exc:
            form.add_error(None, str(exc))
    return render(request, "workdays/deadline_calc.html", {"form": form, "deadline": result})
