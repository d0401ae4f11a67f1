"""Guidance records (附件7 指导“三化”建设记录表) and their rectification items."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from assessment import reports, selectors, services
from assessment.forms import GuidanceForm, GuidanceStartForm, RectificationForm, RectificationMoveForm
from assessment.models import RectificationState
from assessment.workflow import RECTIFICATION
from core.access import role_required, user_role
from core.exports import export_name, pdf_response, zh_date
from core.forms import post_back, run_service
from core.roles import COUNTY, READERS


@role_required(*READERS)
def guidance_list(request):
    today = timezone.localdate()
    records = selectors.guidance_for(request.user).select_related(  # the source evaluation is named by its subject
        "evaluation__centre", "evaluation__station", "evaluation__window").order_by("-guided_on", "-pk")[:200]
    return render(request, "assessment/guidance_list.html", {
        "records": records,
        "overdue": list(selectors.overdue_rectifications(request.user, today)[:200]),
        "open_items": list(selectors.open_rectifications(request.user).order_by("due_on", "pk")[:200]),
        "today": today, "can_create": user_role(request.user) in COUNTY,
    })


@role_required(*COUNTY)
@require_http_methods(["GET", "POST"])
def guidance_start(request):
    initial = {"guided_on": timezone.localdate(), "unit": request.GET.get("unit", "")}
    form = GuidanceStartForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid() and run_service(
        form, lambda: services.guidance_save(actor=request.user, record=form.instance,
                                             unit=form.cleaned_data["unit"])
    ):
        messages.success(request, gettext("已保存指导记录，请继续下达整改事项"))
        return redirect("assessment:guidance_detail", guidance=form.instance.pk)
    return render(request, "assessment/guidance_form.html", {"form": form, "title": "新建指导“三化”建设记录"})


@role_required(*COUNTY)
@require_http_methods(["GET", "POST"])
def guidance_edit(request, guidance: int):
    record = selectors.get_guidance(request.user, guidance)
    form = GuidanceForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid() and run_service(
        form, lambda: services.guidance_save(actor=request.user, record=form.instance)
    ):
        messages.success(request, gettext("已保存指导记录"))
        return redirect("assessment:guidance_detail", guidance=record.pk)
    return render(request, "assessment/guidance_form.html", {"form": form, "title": gettext("修改：%(record)s") % {"record": record},
                                                              "record": record})


@role_required(*READERS)
def guidance_detail(request, guidance: int):
    record = selectors.get_guidance(request.user, guidance)
    today = timezone.localdate()
    role = user_role(request.user)
    items = list(record.items.select_related("reported_by", "closed_by", "evaluation").order_by("pk"))
    return render(request, "assessment/guidance_detail.html", {
        "record": record, "today": today,
        "items": [(item, RECTIFICATION.allowed(item.state, {role}, item, actor=request.user)) for item in items],
        "item_form": RectificationForm(), "can_edit": role in COUNTY,
        "states": RectificationState,
    })


@role_required(*COUNTY)
@require_POST
def rectification_add(request, guidance: int):
    record = selectors.get_guidance(request.user, guidance)
    form = RectificationForm(request.POST)
    return post_back(request, form, lambda: services.rectification_add(actor=request.user, record=record,
                                                                         **form.cleaned_data),
                     done=gettext("已下达整改事项"), refused=gettext("整改事项未保存："),
                     back=reverse("assessment:guidance_detail", args=[record.pk]))


@role_required(*READERS)
@require_POST
def rectification_move(request, rectification: int):
    item = selectors.get_rectification(request.user, rectification)
    form = RectificationMoveForm(request.POST)
    return post_back(request, form, lambda: services.rectification_move(
        actor=request.user, item=item, action=form.cleaned_data["action"], text=form.cleaned_data["text"]),
        done=lambda moved: gettext("整改事项：%(state)s") % {"state": item.get_state_display()},
        refused=gettext("整改事项未更新："), back=reverse("assessment:guidance_detail", args=[item.record_id]))


@role_required(*READERS)
def guidance_pdf(request, guidance: int):
    record = selectors.get_guidance(request.user, guidance)
    context = reports.guidance_sheet(record)
    return pdf_response(request, "assessment/guidance_pdf.html", context,
                        export_name(record.unit_name, "指导三化建设记录表", zh_date(record.guided_on), ext="pdf"))

