"""A centre's one-thing bundles (一件事) and life services."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from centers import selectors as centre_selectors
from core.access import role_required
from core.forms import run_service
from matters import selectors, services
from matters.forms import ChangeForm, LifeServiceForm, OneThingForm
from matters.models import LifeService, OneThing
from matters.views.common import MANAGERS, change_of

# --- one-thing bundles ----------------------------------------------------------------------------------------------

@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def bundle_create(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    return _bundle_form(request, OneThing(centre=obj), f"{obj.name}：新增一件事")


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def bundle_edit(request, bundle: int):
    obj = selectors.get_bundle(request.user, bundle)
    return _bundle_form(request, obj, f"调整一件事：{obj.name}")


def _bundle_form(request, bundle: OneThing, title: str):
    form = OneThingForm(request.POST or None, instance=bundle, centre=bundle.centre)
    back = reverse("matters:centre_catalogue", kwargs={"centre": bundle.centre_id})
    if request.method == "POST" and form.is_valid() and run_service(form, lambda: services.bundle_save(
        actor=request.user, bundle=form.instance, matters=list(form.cleaned_data["matters"]), **change_of(form),
    )):
        messages.success(request, gettext("已保存一件事「%(name)s」") % {"name": bundle.name})
        return redirect(back)
    merged = selectors.merged_materials(selectors.bundle_with_members(bundle)) if bundle.pk else []
    return render(request, "matters/onething_form.html", {"form": form, "title": title, "back": back, "merged": merged,
                                                          "bundle": bundle})


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def bundle_remove(request, bundle: int):
    obj = selectors.get_bundle(request.user, bundle)
    form = ChangeForm(request.POST or None)
    back = reverse("matters:centre_catalogue", kwargs={"centre": obj.centre_id})
    if request.method == "POST" and form.is_valid() and run_service(
        form, lambda: services.bundle_remove(actor=request.user, bundle=obj, **change_of(form))
    ):
        messages.success(request, gettext("已移除一件事「%(name)s」") % {"name": obj.name})
        return redirect(back)
    return render(request, "matters/onething_confirm_remove.html", {"form": form, "bundle": obj, "back": back})


# --- life services --------------------------------------------------------------------------------------------------

@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def life_service_create(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    return _life_form(request, LifeService(centre=obj), f"{obj.name}：登记生活服务")


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def life_service_edit(request, service: int):
    obj = selectors.get_life_service(request.user, service)
    return _life_form(request, obj, f"调整生活服务：{obj}", removable=True)


def _life_form(request, service: LifeService, title: str, removable: bool = False):
    form = LifeServiceForm(request.POST or None, instance=service)
    back = reverse("matters:centre_catalogue", kwargs={"centre": service.centre_id})
    if request.method == "POST" and form.is_valid() and run_service(
        form, lambda: services.life_service_save(actor=request.user, service=form.instance, **change_of(form))
    ):
        messages.success(request, gettext("已保存生活服务「%(service)s」") % {"service": service})
        return redirect(back)
    return render(request, "matters/lifeservice_form.html", {
        "form": form, "title": title, "back": back, "service": service if removable else None,
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def life_service_remove(request, service: int):
    obj = selectors.get_life_service(request.user, service)
    form = ChangeForm(request.POST or None)
    back = reverse("matters:centre_catalogue", kwargs={"centre": obj.centre_id})
    if request.method == "POST" and form.is_valid() and run_service(
        form, lambda: services.life_service_remove(actor=request.user, service=obj, **change_of(form))
    ):
        messages.success(request, gettext("已移除生活服务「%(service)s」") % {"service": obj})
        return redirect(back)
    return render(request, "matters/lifeservice_confirm_remove.html", {"form": form, "service": obj, "back": back})
