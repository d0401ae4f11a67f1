"""Public pages (no login, published data only): catalogues, service guides, one-thing bundles, the window's
card and its matters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from centers import selectors as centre_selectors
from core.exports import export_name, pdf_response
from core.qr import public_url, qr_data_uri, qr_svg
from matters import selectors
from matters.views.common import attachment_response

# --- public pages (no login) ----------------------------------------------------------------------------------------

def _query(request) -> str:
    """The search words, without control characters (PostgreSQL refuses NUL), at most 50 characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in request.GET.get("q", ""))
    return " ".join(text.split())[:50]


def _public_context(request, **extra) -> dict:
    return {"large_text": request.COOKIES.get("large_text") == "1", **extra}


def _public_catalogue(request, owner, centre, **extra):
    """The public catalogue page of a centre or station: its published matters by area, or those matching the
    search words."""
    query = _query(request)
    entries = selectors.public_entries(owner)
    entries = list(selectors.search_entries(entries, query)) if query else selectors.by_area(entries)
    return render(request, "matters/entry_public_list.html", _public_context(
        request, owner=owner, centre=centre, entries=entries, query=query, grouped=not query, **extra,
    ))


@login_not_required
def public_centre(request, centre: int):
    """The public catalogue of a centre: published matters by area, Chinese search, life services, one-thing list."""
    obj = selectors.public_centre(centre)
    return _public_catalogue(
        request, obj, obj, life_services=selectors.life_services_of(obj),
        bundle_count=selectors.public_bundles(obj).count(), stations=obj.stations.order_by("region__path"),
    )


@login_not_required
def public_station(request, station: int):
    obj = selectors.public_station(station)
    return _public_catalogue(request, obj, obj.centre, station=obj)


def _guide_context(request, entry) -> dict:
    url = public_url("matters:public_guide", entry=entry.pk)
    return {
        "entry": entry, "matter": entry.matter, "materials": list(selectors.materials_of(entry.matter)),
        "place": entry.centre or entry.station, "centre": entry.centre or entry.station.centre, "url": url,
    }


@login_not_required
def public_guide(request, entry: int):
    """The service guide (办事指南) of a published matter where it is handled, with its QR code."""
    obj = selectors.public_entry(entry)
    context = _guide_context(request, obj)
    context["qr"] = qr_svg(context["url"], title=gettext("%(name)s 办事指南") % {"name": obj.matter.name})
    context.update(_citizen_links(obj))
    return render(request, "matters/entry_public_detail.html", _public_context(request, **context))


def _citizen_links(entry) -> dict:
    """Where a citizen reading a guide rates the service (the window that handles it, or the station) and complains."""
    complaints = reverse("feedback:complaint_new")
    if entry.window_id and entry.window.active:
        return {"rate_url": reverse("feedback:rate_window", kwargs={"window": entry.window_id}),
                "complaint_url": f"{complaints}?window={entry.window_id}"}
    if entry.station_id:
        return {"rate_url": reverse("feedback:rate_station", kwargs={"station": entry.station_id}),
                "complaint_url": f"{complaints}?centre={entry.station.centre_id}"}
    return {"rate_url": "", "complaint_url": f"{complaints}?centre={entry.centre_id}"}


@login_not_required
def public_guide_pdf(request, entry: int):
    obj = selectors.public_entry(entry)
    context = _guide_context(request, obj)
    context["qr_uri"] = qr_data_uri(context["url"])
    context["printed_on"] = timezone.localdate()
    return pdf_response(request, "matters/entry_guide_pdf.html", context,
                        export_name(obj.owner, "办事指南", obj.matter.name, ext="pdf"), inline=True)


@login_not_required
def public_attachment(request, entry: int, material: int, kind: str):
    obj = selectors.public_entry(entry)
    return attachment_response(selectors.public_material(obj, material), kind)


@login_not_required
def public_bundles(request, centre: int):
    obj = selectors.public_centre(centre)
    return render(request, "matters/onething_public_list.html", _public_context(
        request, centre=obj, owner=obj, bundles=list(selectors.public_bundles(obj)),
    ))


@login_not_required
def public_bundle(request, bundle: int):
    obj = selectors.public_bundle(bundle)
    members = selectors.bundle_with_members(obj)
    guides = {e.matter_id: e for e in selectors.public_entries(obj.centre)}
    for member in members:
        member.guide = guides.get(member.matter_id)
    return render(request, "matters/onething_public_detail.html", _public_context(
        request, bundle=obj, centre=obj.centre, owner=obj.centre, members=members,
        merged=selectors.merged_materials(members),
    ))


@login_not_required
def window_card(request, window: int):
    """Public post card of a window (宝林镇方案 三(三)5 4) 公开服务人员): who works there, their post, photo and party badge."""
    obj = selectors.public_window(window)
    staff = obj.staff.filter(active_to__isnull=True).order_by("name")
    return render(request, "matters/window_card.html", {
        "window": obj, "centre": obj.centre, "staff": staff,
        "has_matters": selectors.public_entries(obj.centre).filter(window=obj).exists(),
        "large_text": request.COOKIES.get("large_text") == "1",
    })


@login_not_required
def staff_photo(request, staff: int):
    """The photo on a public post card. Only staff shown on an active window's card are served."""
    person = centre_selectors.public_staff(staff)
    if not person.photo:
        raise Http404(gettext("无照片"))
    return FileResponse(person.photo.open("rb"))


@login_not_required
def public_window(request, window: int):
    """What a window handles: the QR code on the window's card leads here."""
    obj = selectors.public_window(window)
    entries = selectors.public_entries(obj.centre).filter(window=obj)
    return render(request, "matters/window_public_detail.html", _public_context(
        request, window=obj, centre=obj.centre, owner=obj.centre, entries=list(entries),
    ))
