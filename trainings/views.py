"""Pages of trainings and meetings: thin — bind a form, call a service, render (scope through ``selectors``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from centers.models import ServiceCentre, Station
from centers.selectors import get_centre
from core import revisions
from core.access import role_required, user_role
from core.exports import export_name, xlsx_response
from core.forms import UploadForm, run_service
from core.paging import capped_page, too_many_to_pick
from core.params import parse_id
from core.roles import MANAGERS, READERS
from trainings import imports, selectors, services
from trainings.filters import TrainingFilter
from trainings.forms import AttendanceForm, TrainingForm

PAGE_SIZE = 30


@role_required(*READERS)
def training_list(request):
    found = TrainingFilter(request, selectors.trainings_for(request.user))
    page = capped_page(found.qs, request.GET.get("page"), PAGE_SIZE)
    centre = found.form.cleaned_data.get("centre")  # (valid fields only) a list filtered by a centre records for it
    return render(request, "trainings/training_list.html", {
        "filter": found, "page": page, "can_manage": user_role(request.user) in MANAGERS,
        "new_query": f"?centre={int(centre)}" if centre else "",
        "centres": ServiceCentre.objects.visible_to(request.user).order_by("region__path")[:2],
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def training_create(request):
    """Two steps for someone with several centres (the admin of a province): which centre organises it (a select, or
    a typed search above ``core.paging.PICK_LIMIT``), then the form with that centre's stations and library materials —
    never a select of every station nor a list of every document of a province. A director starts at the form."""
    centres = ServiceCentre.objects.visible_to(request.user)
    chosen = _organising_centre(request, centres)
    if chosen is None and request.method == "GET":
        many = too_many_to_pick(centres)
        return render(request, "trainings/centre_pick.html", {
            "many": many, "centres": [] if many else centres.order_by("region__path"),
            "invalid": "centre" in request.GET})
    form = TrainingForm(request.POST or None,
                        centres=centres.filter(pk=chosen.pk) if chosen else centres.none(),
                        stations=Station.objects.visible_to(request.user).filter(centre=chosen).order_by("region__path"),
                        materials=selectors.material_choices(request.user).filter(centre=chosen))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(form, lambda: services.create_training(
            centre=data["centre"], station=data["station"], date=data["date"], kind=data["kind"],
            topic=data["topic"], organiser=data["organiser"], note=data["note"], materials=data["materials"],
            actor=request.user))
        if done:
            messages.success(request, _("已登记培训与会议"))
            return redirect("trainings:detail", training=done.value.pk)
    return render(request, "trainings/training_form.html", {"form": form, "centre": chosen})


def _organising_centre(request, centres) -> ServiceCentre | None:
    """The centre the new training belongs to: the posted or asked one (in scope), or the user's only centre."""
    pk = parse_id(request.POST.get("centre") if request.method == "POST" else request.GET.get("centre"))
    if pk is not None:
        return centres.filter(pk=pk).first()
    only = list(centres.order_by()[:2])
    return only[0] if len(only) == 1 else None


@role_required(*READERS)
def training_detail(request, training: int):
    obj = selectors.get_training(request.user, training)
    rows = list(selectors.attendances_of(obj).prefetch_related("staff_events"))
    return render(request, "trainings/training_detail.html", {
        "training": obj, "rows": rows, "materials": list(obj.materials.all()), "can_manage": user_role(request.user) in MANAGERS,
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def attendance_edit(request, training: int):
    obj = selectors.get_training(request.user, training)
    current = {a.staff_id: a.presence for a in obj.attendances.all()}
    form = AttendanceForm(request.POST or None, roster=selectors.roster(obj), current=current,
                          revision=obj.revision)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            done = run_service(form, lambda: services.save_attendance(
                obj, presence=form.presence(), revision=form.cleaned_data["revision"], actor=request.user),
                passthrough=(revisions.StaleEdit,))
        except revisions.StaleEdit as exc:
            messages.error(request, exc.messages[0])
            obj.refresh_from_db()
            current = {a.staff_id: a.presence for a in obj.attendances.all()}
            form = AttendanceForm(roster=selectors.roster(obj), current=current, revision=obj.revision)
            status = 409
        else:
            if done:
                messages.success(request, _("出席情况已保存"))
                return redirect("trainings:detail", training=obj.pk)
    return render(request, "trainings/attendance_form.html", {"training": obj, "form": form}, status=status)


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def training_import(request, centre: int):
    obj = get_centre(request.user, centre)
    form = UploadForm.spreadsheet(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = imports.import_trainings(file=form.cleaned_data["file"], centre=obj,
                                               staff=selectors.roster_of_centre(obj), actor=request.user)
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, _("已导入 %(n)s 次培训与会议") % {"n": len(created)})
            return redirect(f"{redirect('trainings:list').url}?centre={obj.pk}")
    return render(request, "trainings/import_form.html", {
        "centre": obj, "form": form, "problems": problems, "title": _("Excel 导入培训与会议")})


@role_required(*MANAGERS)
def import_template(request, centre: int):
    obj = get_centre(request.user, centre)
    return xlsx_response(imports.template_sheets(selectors.roster_of_centre(obj)),
                         export_name(obj.name, "培训与会议导入模板", ext="xlsx"))
