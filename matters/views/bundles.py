"""A centre's one-thing bundles (一件事) and life services."""

from __future__ import annotations

from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from centers import selectors as centre_selectors
from core.access import role_required
from core.forms import form_page
from matters import selectors, services
from matters.forms import ChangeForm, LifeServiceForm, OneThingForm
from matters.models import LifeService, OneThing
from matters.views.common import MANAGERS, catalogue_url, change_of

# --- one-thing bundles ----------------------------------------------------------------------------------------------

@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def bundle_create(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    return _bundle_form(request, OneThing(centre=obj), gettext("%(name)s：新增一件事") % {"name": obj.name})


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def bundle_edit(request, bundle: int):
    obj = selectors.get_bundle(request.user, bundle)
    return _bundle_form(request, obj, gettext("调整一件事：%(name)s") % {"name": obj.name})


def _bundle_form(request, bundle: OneThing, title: str):
    form = OneThingForm(request.POST or None, instance=bundle, centre=bundle.centre)
    merged = selectors.merged_materials(selectors.bundle_with_members(bundle)) if bundle.pk else []
    back = catalogue_url(bundle.centre)
    return form_page(
        request, form,
        lambda: services.bundle_save(actor=request.user, bundle=form.instance, matters=list(form.cleaned_data["matters"]),
                                     **change_of(form)),
        done=lambda saved: gettext("已保存一件事「%(name)s」") % {"name": saved.name}, to=back,
        template="matters/onething_form.html",
        context={"title": title, "back": back, "merged": merged, "bundle": bundle},
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def bundle_remove(request, bundle: int):
    obj = selectors.get_bundle(request.user, bundle)
    return _confirm_remove(request, obj, services.bundle_remove, "bundle", "matters/onething_confirm_remove.html",
                           done=gettext("已移除一件事「%(name)s」") % {"name": obj.name})


def _confirm_remove(request, obj, remove, name: str, template: str, *, done: str):
    """The page that removes a bundle or a life service with the change note (ChangeForm) the catalogue log keeps."""
    form = ChangeForm(request.POST or None)
    back = catalogue_url(obj.centre)
    return form_page(request, form, lambda: remove(actor=request.user, **{name: obj}, **change_of(form)), done=done,
                     to=back, template=template, context={name: obj, "back": back})


# --- life services --------------------------------------------------------------------------------------------------

@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def life_service_create(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    return _life_form(request, LifeService(centre=obj), gettext("%(name)s：登记生活服务") % {"name": obj.name})


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def life_service_edit(request, service: int):
    obj = selectors.get_life_service(request.user, service)
    return _life_form(request, obj, gettext("调整生活服务：%(service)s") % {"service": obj}, removable=True)


def _life_form(request, service: LifeService, title: str, removable: bool = False):
    form = LifeServiceForm(request.POST or None, instance=service)
    back = catalogue_url(service.centre)
    return form_page(
        request, form, lambda: services.life_service_save(actor=request.user, service=form.instance, **change_of(form)),
        done=lambda saved: gettext("已保存生活服务「%(service)s」") % {"service": saved}, to=back,
        template="matters/lifeservice_form.html",
        context={"title": title, "back": back, "service": service if removable else None},
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def life_service_remove(request, service: int):
    obj = selectors.get_life_service(request.user, service)
    return _confirm_remove(request, obj, services.life_service_remove, "service",
                           "matters/lifeservice_confirm_remove.html",
                           done=gettext("已移除生活服务「%(service)s」") % {"service": obj})
