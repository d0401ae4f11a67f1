"""Matters (事项) and their materials: detail, create and edit (local and reference), change log export."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from centers import selectors as centre_selectors
from core.access import role_required, user_role
from core.exports import xlsx_response
from core.forms import run_service
from matters import selectors, services
from matters.forms import LocalMatterForm, MaterialFormSet, MatterForm, ReferenceMatterForm
from matters.models import Matter
from matters.reports import change_log_report
from matters.views.common import ADMIN, ALL_ROLES, MANAGERS, attachment_response, catalogue_url, change_of

# --- matters --------------------------------------------------------------------------------------------------------

@role_required(*ALL_ROLES)
def matter_detail(request, matter: int):
    obj = selectors.get_matter(request.user, matter)
    changes = list(selectors.changes_of_matter(request.user, obj)[:100])
    return render(request, "matters/matter_detail.html", {
        "matter": obj, "materials": selectors.materials_of(obj), "entries": selectors.entries_of_matter(request.user, obj),
        "changes": changes, "can_edit": _can_edit(request.user, obj),
    })


def _can_edit(user, matter: Matter) -> bool:
    role = user_role(user)
    return role == "admin" or (role == "director" and not matter.is_reference)


def _materials_from(formset):
    changed = formset.save(commit=False)
    return changed, list(formset.deleted_objects)


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def matter_create(request, centre: int):
    """A centre's own matter, stationed at once as a draft."""
    obj = centre_selectors.get_centre(request.user, centre)
    matter = Matter(centre=obj)
    form = LocalMatterForm(request.POST or None, instance=matter, centre=obj)
    formset = MaterialFormSet(request.POST or None, request.FILES or None, instance=matter, prefix="materials")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        materials, _ = _materials_from(formset)
        if run_service(form, lambda: services.matter_create(
            actor=request.user, matter=form.instance, materials=materials, mode=form.cleaned_data["mode"],
            window=form.cleaned_data.get("window"), **change_of(form),
        )):
            messages.success(request, gettext("已新增本中心事项「%(name)s」，并加入进驻目录（草稿）") % {"name": matter.name})
            return redirect("matters:matter_detail", matter=matter.pk)
    return render(request, "matters/matter_form.html", {
        "form": form, "formset": formset, "title": gettext("%(name)s：新增本中心事项") % {"name": obj.name},
        "back": catalogue_url(obj),
    })


@role_required(*ADMIN)
@require_http_methods(["GET", "POST"])
def reference_matter_create(request):
    matter = Matter()
    form = ReferenceMatterForm(request.POST or None, instance=matter, initial={"catalogue": request.GET.get("catalogue")})
    formset = MaterialFormSet(request.POST or None, request.FILES or None, instance=matter, prefix="materials")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        materials, _ = _materials_from(formset)
        if run_service(form, lambda: services.matter_create(
            actor=request.user, matter=form.instance, materials=materials, catalogue=form.cleaned_data.get("catalogue"),
            required=form.cleaned_data.get("required", False), **change_of(form),
        )):
            messages.success(request, gettext("已新增参考事项「%(name)s」") % {"name": matter.name})
            return redirect("matters:matter_detail", matter=matter.pk)
    return render(request, "matters/matter_form.html", {
        "form": form, "formset": formset, "title": "新增参考事项", "back": reverse("matters:reference_list"),
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def matter_edit(request, matter: int):
    obj = selectors.get_matter(request.user, matter)
    if not _can_edit(request.user, obj):
        raise Http404(gettext("参考目录事项由管理员维护"))
    form = MatterForm(request.POST or None, instance=obj)
    formset = MaterialFormSet(request.POST or None, request.FILES or None, instance=obj, prefix="materials")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        materials, removed = _materials_from(formset)
        if saved := run_service(form, lambda: services.matter_update(
            actor=request.user, matter=form.instance, materials=materials, removed=removed, **change_of(form),
        )):
            messages.success(request, gettext("已保存事项调整") if saved.value else gettext("没有改动"))
            return redirect("matters:matter_detail", matter=obj.pk)
    return render(request, "matters/matter_form.html", {
        "form": form, "formset": formset, "title": gettext("调整事项：%(name)s") % {"name": obj.name},
        "back": reverse("matters:matter_detail", kwargs={"matter": obj.pk}),
    })


@role_required(*ALL_ROLES)
def matter_changes_export(request, matter: int):
    obj = selectors.get_matter(request.user, matter)
    report = change_log_report(gettext("%(name)s动态调整记录") % {"name": obj.name}, selectors.changes_of_matter(request.user, obj), f"matter{obj.pk}")
    return xlsx_response(report.sheets(), report.filename + ".xlsx")


@role_required(*ALL_ROLES)
def material_attachment(request, material: int, kind: str):
    """A material's sample or blank form for signed-in users (reference matters: everyone; local ones: by scope)."""
    item = selectors.get_material(request.user, material)
    return attachment_response(item, kind)
