"""The reference catalogues (参考目录) and their items."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core.access import role_required, user_role
from core.forms import run_service
from matters import selectors, services
from matters.choices import ReferenceKind
from matters.forms import ReferenceItemEditForm, ReferenceItemForm
from matters.views.common import ADMIN, ALL_ROLES, catalogue_url, change_of

# --- reference catalogues -------------------------------------------------------------------------------------------

@role_required(*ALL_ROLES)
def reference_list(request):
    return render(request, "matters/reference_list.html", {
        "catalogues": selectors.catalogues_for(request.user),
        "matter_count": selectors.reference_matters().count(),
    })


@role_required(*ALL_ROLES)
def reference_detail(request, catalogue: int):
    obj = selectors.get_catalogue(request.user, catalogue)
    return render(request, "matters/reference_detail.html", {
        "catalogue": obj, "items": selectors.reference_items(obj),
        "changes": list(selectors.changes_of_catalogue(obj)[:20]), "is_admin": user_role(request.user) == "admin",
        "centre_kind": obj.kind == ReferenceKind.CENTRE,
    })


@role_required(*ADMIN)
@require_http_methods(["GET", "POST"])
def reference_item_create(request, catalogue: int):
    obj = selectors.get_catalogue(request.user, catalogue)
    form = ReferenceItemForm(request.POST or None, catalogue=obj)
    back = catalogue_url(obj)
    if request.method == "POST" and form.is_valid() and run_service(form, lambda: services.reference_item_add(
        actor=request.user, catalogue=obj, matter=form.cleaned_data["matter"], required=form.cleaned_data["required"],
        **change_of(form),
    )):
        messages.success(request, gettext("已将「%(name)s」收录到参考目录") % {"name": form.cleaned_data['matter'].name})
        return redirect(back)
    return render(request, "matters/entry_form.html", {"form": form, "title": gettext("%(name)s：收录事项") % {"name": obj.name}, "back": back})


@role_required(*ADMIN)
@require_http_methods(["GET", "POST"])
def reference_item_edit(request, item: int):
    obj = selectors.get_reference_item(request.user, item)
    form = ReferenceItemEditForm(request.POST or None, initial={"required": obj.required})
    back = catalogue_url(obj.catalogue)

    def apply():
        if form.cleaned_data["action"] == "remove":
            services.reference_item_remove(actor=request.user, item=obj, **change_of(form))
        else:
            services.reference_item_update(actor=request.user, item=obj, required=form.cleaned_data["required"],
                                           **change_of(form))

    if request.method == "POST" and form.is_valid() and run_service(form, apply):
        messages.success(request, gettext("已调整参考目录中的「%(name)s」") % {"name": obj.matter.name})
        return redirect(back)
    return render(request, "matters/entry_form.html", {
        "form": form, "title": f"{obj.catalogue.name}：{obj.matter.name}", "back": back,
    })
