"""Organisation pages: centres, stations, windows, staff, the staff roster export (the public window card is with the
other public pages, in matters.views; the centre's own page, which gathers every app's facts, in portal.views)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from centers import selectors
from centers.forms import CentreForm, StaffForm, StationForm, WindowForm
from centers.models import Window
from centers.reports import roster_report
from centers.services import save_with_audit
from core import revisions
from core.access import role_required
from core.exports import check_report_format, report_response
from core.forms import form_page, run_service
from core.paging import capped_page
from core.params import text_param
from core.roles import ABOVE_COUNTY, MANAGERS, READERS, Role


def _audited_form(request, form, *, action: str, done, to, fields=None, **context):
    """An organisation record's form page: saved with its audit entry (``save_with_audit``), then back to ``to``."""

    def save():
        return save_with_audit(obj=form.instance, actor=request.user, action=action, fields=fields or form.Meta.fields)

    return form_page(request, form, save, done=done, to=to, template="centers/form.html", context=context)


def _centre_page(centre_id: int) -> str:
    return reverse("centers:centre_detail", kwargs={"centre": centre_id})


@role_required(*READERS)
def centre_list(request):
    """The centres in scope, 50 a page, found by a part of their name (``?q=``): a province has 3,000."""
    text = text_param(request, "q")
    page = capped_page(selectors.search(selectors.centres_for(request.user), text).order_by("region__path"),
                       request.GET.get("page"))
    return render(request, "centers/centre_list.html", {"centres": page.object_list, "page": page, "q": text})


@role_required(*READERS, Role.SUPERVISOR)
def centre_search(request):
    """The typed centre search of the list filters (htmx): ``<option>``s of at most 20 centres in scope whose name
    contains ``?q=`` (the search box sends its own name, ``centre_q``, which is read too)."""
    text = text_param(request, "q") or text_param(request, "centre_q")
    return render(request, "centers/_centre_options.html", {
        "centres": selectors.search_centres(request.user, text), "text": text,
    })


@role_required(*ABOVE_COUNTY)
def county_search(request):
    """The typed county search (htmx) of pages where someone above a county picks one: ``<option>``s of at most 20
    counties in scope whose name contains ``?q=`` (or the search box's own ``county_q``)."""
    text = text_param(request, "q") or text_param(request, "county_q")
    return render(request, "centers/_county_options.html", {
        "counties": selectors.search_counties(request.user, text), "text": text,
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def centre_edit(request, centre: int):
    obj = selectors.get_centre(request.user, centre)
    return _audited_form(request, CentreForm(request.POST or None, instance=obj), action="编辑中心信息",
                         done=gettext("已保存中心信息"), to=_centre_page(obj.pk), title=gettext("编辑 %(name)s") % {"name": obj.name}, back=obj)


@role_required(*READERS)
def station_detail(request, station: int):
    obj = selectors.get_station(request.user, station)
    return render(request, "centers/station_detail.html", {"station": obj, "staff": obj.staff.order_by("name")})


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def station_edit(request, station: int):
    obj = selectors.get_station(request.user, station)
    return _audited_form(request, StationForm(request.POST or None, instance=obj), action="编辑便民服务站",
                         done=gettext("已保存便民服务站信息"), title=gettext("编辑 %(name)s") % {"name": obj.name},
                         to=reverse("centers:station_detail", kwargs={"station": obj.pk}))


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def window_create(request, centre: int):
    obj = selectors.get_centre(request.user, centre)
    return _audited_form(request, WindowForm(request.POST or None, instance=Window(centre=obj)), action="新增窗口",
                         done=gettext("已新增窗口"), to=_centre_page(obj.pk), title=gettext("%(name)s：新增窗口") % {"name": obj.name})


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def window_edit(request, window: int):
    obj = selectors.get_window(request.user, window)
    return _audited_form(request, WindowForm(request.POST or None, instance=obj), action="编辑窗口",
                         done=gettext("已保存窗口"), to=_centre_page(obj.centre_id), title=gettext("编辑 %(window)s") % {"window": obj})


STAFF_FIELDS = ["name", "category", "unit", "position", "phone", "party_member", "centre", "station", "window",
                "backup", "photo", "active_from", "active_to"]


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def staff_create(request, centre: int):
    obj = selectors.get_centre(request.user, centre)
    form = StaffForm(request.POST or None, request.FILES or None, centre=obj)
    return _audited_form(request, form, action="新增工作人员", fields=STAFF_FIELDS, to=_centre_page(obj.pk),
                         done=lambda person: gettext("已新增工作人员 %(name)s") % {"name": person.name},
                         title=gettext("%(name)s：新增工作人员") % {"name": obj.name}, multipart=True)


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def staff_edit(request, staff: int):
    obj = selectors.get_staff(request.user, staff)
    centre = obj.centre or obj.station.centre
    title = gettext("编辑工作人员：%(name)s") % {"name": obj.name}  # the stored name: binding the form changes obj
    form = StaffForm(request.POST or None, request.FILES or None, instance=obj, centre=centre)
    status = 200
    try:
        if request.method == "POST" and form.is_valid() and run_service(
            form, lambda: save_with_audit(obj=form.instance, actor=request.user, action="编辑工作人员",
                                          fields=STAFF_FIELDS, revision=form.cleaned_data.get("revision"),
                                          what="该工作人员的信息"),
            passthrough=(revisions.StaleEdit,),
        ):
            messages.success(request, gettext("已保存 %(name)s") % {"name": obj.name})
            return redirect("centers:centre_detail", centre=centre.pk)
    except revisions.StaleEdit as stale:  # the record as stored now, at its revision: a second save is deliberate
        messages.error(request, stale.messages[0])
        current = stale.current
        form, status = StaffForm(instance=current, centre=current.centre or current.station.centre), 409
    return render(request, "centers/form.html", {"form": form, "title": title, "multipart": True}, status=status)


@role_required(*READERS)
def roster_export(request, centre: int, fmt: str):
    check_report_format(fmt)
    report = roster_report(selectors.get_centre(request.user, centre))
    return report_response(request, fmt, report.filename, template="centers/roster_pdf.html",
                           context={"report": report}, sheets=report.sheets)
