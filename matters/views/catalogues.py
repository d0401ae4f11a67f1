"""A centre's and a station's catalogue pages: the overview, entries, publishing, the change log, QR cards."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from centers import selectors as centre_selectors
from centers.models import ServiceCentre
from core.access import role_required, user_role
from core.exports import xlsx_response
from core.forms import form_page, run_service
from core.paging import capped_page
from core.qr import public_url, qr_svg
from matters import facts, selectors, services
from matters.filters import CatalogueFilter
from matters.forms import ChangeForm, EntryEditForm, EntryForm
from matters.reports import change_log_report
from matters.views.common import MANAGERS, READERS, catalogue_url, change_of

# --- overview -------------------------------------------------------------------------------------------------------

@role_required(*READERS)
def overview(request):
    """Each centre of the user's region with its catalogue facts: required matters missing at a glance."""
    if user_role(request.user) == "director":
        return redirect("matters:centre_catalogue", centre=request.user.centre_id)
    centres = centre_selectors.centres_for(request.user).order_by("region__path")
    page = capped_page(centres, request.GET.get("page"))
    table = facts.facts_table(list(page.object_list))
    rows = [(centre, _plain(table[centre.pk])) for centre in page.object_list]
    return render(request, "matters/centre_overview.html", {"page": page, "rows": rows})


def _plain(found: dict) -> dict:
    """Fact names without the "matters." prefix, for templates."""
    return {
        "required_missing": found["matters.required_missing"], "life": found["matters.life_services_count"],
        "one_thing_published": found["matters.one_thing_list_published"],
        "adjusted": found["matters.catalogue_adjusted_12m"], "published": found["matters.stationed_catalogue_published"],
    }


# --- a centre's catalogue -------------------------------------------------------------------------------------------

CATALOGUE_PAGE = 50  # rows of a centre's catalogue a page (a town centre of a province keeps 100 and more matters)


@role_required(*READERS)
def centre_catalogue(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    comparison = selectors.compare(obj)
    matter_filter = CatalogueFilter(request, rows=comparison.rows)
    bundles = list(selectors.bundles_of(obj))
    life = list(selectors.life_services_of(obj))
    page = capped_page(matter_filter.kept, request.GET.get("page"), CATALOGUE_PAGE)
    return render(request, "matters/entry_list.html", {
        "centre": obj, "comparison": comparison, "filter": matter_filter, "rows": page.object_list, "page": page,
        "bundles": bundles, "life_services": life,
        "life_kinds": sorted({s.get_kind_display() for s in life}), "stations": selectors.stations_of(obj),
        "facts": _plain(facts.facts_table([obj])[obj.pk]),
        "recent_changes": selectors.changes_of_centre(obj)[:8],
        "can_manage": user_role(request.user) in MANAGERS,
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def entry_create(request, centre: int | None = None, station: int | None = None):
    """Adds a matter to a centre's catalogue or to a station's proxy list (the URL names one of them)."""
    owner = centre_selectors.get_service_place(request.user, centre=centre, station=station)
    form = EntryForm(request.POST or None, owner=owner, initial={"matter": request.GET.get("matter")})
    if request.method == "POST" and form.is_valid() and run_service(form, lambda: services.entry_add(
        actor=request.user, owner=owner, matter=form.cleaned_data["matter"], mode=form.cleaned_data["mode"],
        window=form.cleaned_data.get("window"), **change_of(form),
    )):
        messages.success(request, gettext("已将「%(name)s」加入目录（草稿，发布后对外公开）") % {"name": form.cleaned_data['matter'].name})
        return redirect(catalogue_url(owner))
    return render(request, "matters/entry_form.html", {
        "form": form, "title": gettext("%(name)s：添加事项") % {"name": owner.name}, "back": catalogue_url(owner),
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def entry_edit(request, entry: int):
    obj = selectors.get_entry(request.user, entry)
    form = EntryEditForm(request.POST or None, entry=obj)
    back = catalogue_url(obj.owner)
    return form_page(request, form, lambda: services.entry_update(
        actor=request.user, entry=obj, mode=form.cleaned_data["mode"], window=form.cleaned_data.get("window"),
        **change_of(form),
    ), done=gettext("已调整「%(name)s」") % {"name": obj.matter.name}, to=back, template="matters/entry_form.html",
        context={"title": gettext("调整「%(matter)s」（%(owner)s）") % {"matter": obj.matter.name, "owner": obj.owner.name}, "back": back})


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def entry_remove(request, entry: int):
    obj = selectors.get_entry(request.user, entry)
    form = ChangeForm(request.POST or None)
    back = catalogue_url(obj.owner)
    if request.method == "POST" and form.is_valid() and run_service(
        form, lambda: services.entry_remove(actor=request.user, entry=obj, **change_of(form))
    ):
        messages.success(request, gettext("已从目录移除「%(name)s」") % {"name": obj.matter.name})
        return redirect(back)
    return render(request, "matters/entry_confirm_remove.html", {
        "form": form, "entry": obj, "title": gettext("移除「%(matter)s」（%(owner)s）") % {"matter": obj.matter.name, "owner": obj.owner.name}, "back": back,
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def catalogue_publish(request, centre: int | None = None, station: int | None = None):
    """Publishes the drafts of a centre's catalogue (with its one-thing bundles) or of a station's proxy list."""
    owner = centre_selectors.get_service_place(request.user, centre=centre, station=station)
    back = catalogue_url(owner)
    form = ChangeForm(request.POST or None, initial={"reason": "按便民服务事项清单动态调整机制发布"})
    drafts = list(selectors.entries_of(owner).filter(published=False))
    bundles = list(owner.one_things.filter(published=False)) if isinstance(owner, ServiceCentre) else []
    if request.method == "POST" and form.is_valid() and (published := run_service(
        form, lambda: services.catalogue_publish(actor=request.user, owner=owner, **change_of(form)))):
        messages.success(request, gettext("已发布 %(count)s 项，公众页面已更新") % {"count": published.value})
        return redirect(back)
    return render(request, "matters/catalogue_publish.html", {
        "form": form, "owner": owner, "drafts": drafts, "bundles": bundles, "back": back,
    })


# --- a station's proxy list -----------------------------------------------------------------------------------------

@role_required(*READERS)
def station_catalogue(request, station: int):
    obj = centre_selectors.get_station(request.user, station)
    comparison = selectors.compare(obj)
    matter_filter = CatalogueFilter(request, rows=comparison.rows)
    return render(request, "matters/station_entry_list.html", {
        "station": obj, "comparison": comparison, "filter": matter_filter, "rows": matter_filter.kept,
        "present": facts.station_proxy_list_present(obj), "can_manage": user_role(request.user) in MANAGERS,
    })


# --- the change log of a centre -------------------------------------------------------------------------------------

@role_required(*READERS)
def centre_changes(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    page = capped_page(selectors.changes_of_centre(obj), request.GET.get("page"))
    states = selectors.change_states(page.object_list)
    for change in page.object_list:
        change.state_then, change.state_now = states.get(change.pk, ("", ""))
    return render(request, "matters/change_list.html", {"centre": obj, "page": page})


@role_required(*READERS)
def centre_changes_export(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    report = change_log_report(gettext("%(name)s事项动态调整记录") % {"name": obj.name}, selectors.changes_of_centre(obj), obj.code)
    return xlsx_response(report.sheets(), report.filename + ".xlsx")


# --- QR cards -------------------------------------------------------------------------------------------------------

@role_required(*READERS)
def qr_cards(request, centre: int):
    """Printable cards: one per active window and one per published service guide, each with its QR code."""
    obj = centre_selectors.get_centre(request.user, centre)
    windows = [
        (w, qr_svg(public_url("matters:public_window", window=w.pk), title=str(w)))
        for w in obj.windows.filter(active=True).order_by("number")
    ]
    guides = [
        (e, qr_svg(public_url("matters:public_guide", entry=e.pk), title=e.matter.name))
        for e in selectors.public_entries(obj)
    ]
    return render(request, "matters/qrcard_list.html", {"centre": obj, "windows": windows, "guides": guides})
