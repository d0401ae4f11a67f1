"""Matter pages: the director's catalogue pages, the reference catalogues, exports and imports, and the public
catalogue, service guides and one-thing bundles (no login, published data only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from centers import selectors as centre_selectors
from centers.models import ServiceCentre
from core.access import role_required, user_role
from core.exports import export_name, pdf_response, xlsx_response
from core.forms import run_service
from core.qr import public_url, qr_data_uri, qr_svg
from matters import facts, selectors, services
from matters.choices import ReferenceKind
from matters.filters import CatalogueFilter
from matters.forms import (
    ChangeForm,
    EntryEditForm,
    EntryForm,
    ImportForm,
    LifeServiceForm,
    LocalMatterForm,
    MaterialFormSet,
    MatterForm,
    OneThingForm,
    ReferenceItemEditForm,
    ReferenceItemForm,
    ReferenceMatterForm,
)
from matters.imports import ImportErrors, parse_catalogue, target_kind
from matters.models import LifeService, Matter, OneThing
from matters.reports import catalogue_workbook, change_log_report, template_sheets

ADMIN = ("admin",)
MANAGERS = ("admin", "director")
READERS = ("admin", "inspector", "director")
ALL_ROLES = ("admin", "inspector", "director", "staff")


def _change(form) -> dict:
    return {"on": form.cleaned_data["on"], "reason": form.cleaned_data["reason"]}


# --- overview -------------------------------------------------------------------------------------------------------

@role_required(*READERS)
def overview(request):
    """Each centre of the user's region with its catalogue facts: required matters missing at a glance."""
    if user_role(request.user) == "director":
        return redirect("matters:centre_catalogue", centre=request.user.centre_id)
    centres = centre_selectors.centres_for(request.user).order_by("region__path")
    page = Paginator(centres, 50).get_page(request.GET.get("page"))
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

@role_required(*READERS)
def centre_catalogue(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    comparison = selectors.compare(obj)
    matter_filter = CatalogueFilter(request.GET, rows=comparison.rows)
    bundles = list(selectors.bundles_of(obj))
    life = list(selectors.life_services_of(obj))
    return render(request, "matters/entry_list.html", {
        "centre": obj, "comparison": comparison, "filter": matter_filter, "rows": matter_filter.rows(),
        "bundles": bundles, "life_services": life,
        "life_kinds": sorted({s.get_kind_display() for s in life}), "stations": selectors.stations_of(obj),
        "facts": _plain(facts.facts_table([obj])[obj.pk]),
        "recent_changes": selectors.changes_of_centre(obj)[:8],
        "can_manage": user_role(request.user) in MANAGERS,
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def entry_create(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    return _entry_create(request, obj, "matters:centre_catalogue", {"centre": obj.pk})


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def station_entry_create(request, station: int):
    obj = centre_selectors.get_station(request.user, station)
    return _entry_create(request, obj, "matters:station_catalogue", {"station": obj.pk})


def _entry_create(request, owner, back: str, kwargs: dict):
    form = EntryForm(request.POST or None, owner=owner, initial={"matter": request.GET.get("matter")})
    if request.method == "POST" and form.is_valid() and run_service(form, lambda: services.entry_add(
        actor=request.user, owner=owner, matter=form.cleaned_data["matter"], mode=form.cleaned_data["mode"],
        window=form.cleaned_data.get("window"), **_change(form),
    )):
        messages.success(request, f"已将「{form.cleaned_data['matter'].name}」加入目录（草稿，发布后对外公开）")
        return redirect(back, **kwargs)
    return render(request, "matters/entry_form.html", {
        "form": form, "title": f"{owner.name}：添加事项", "back": reverse(back, kwargs=kwargs),
    })


def _back_of(entry) -> str:
    if entry.centre_id:
        return reverse("matters:centre_catalogue", kwargs={"centre": entry.centre_id})
    return reverse("matters:station_catalogue", kwargs={"station": entry.station_id})


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def entry_edit(request, entry: int):
    obj = selectors.get_entry(request.user, entry)
    form = EntryEditForm(request.POST or None, entry=obj)
    if request.method == "POST" and form.is_valid() and run_service(form, lambda: services.entry_update(
        actor=request.user, entry=obj, mode=form.cleaned_data["mode"], window=form.cleaned_data.get("window"),
        **_change(form),
    )):
        messages.success(request, f"已调整「{obj.matter.name}」")
        return redirect(_back_of(obj))
    return render(request, "matters/entry_form.html", {
        "form": form, "title": f"调整「{obj.matter.name}」（{obj.owner.name}）", "back": _back_of(obj),
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def entry_remove(request, entry: int):
    obj = selectors.get_entry(request.user, entry)
    form = ChangeForm(request.POST or None)
    back = _back_of(obj)
    if request.method == "POST" and form.is_valid() and run_service(
        form, lambda: services.entry_remove(actor=request.user, entry=obj, **_change(form))
    ):
        messages.success(request, f"已从目录移除「{obj.matter.name}」")
        return redirect(back)
    return render(request, "matters/entry_confirm_remove.html", {
        "form": form, "entry": obj, "title": f"移除「{obj.matter.name}」（{obj.owner.name}）", "back": back,
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def catalogue_publish(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    return _publish(request, obj, reverse("matters:centre_catalogue", kwargs={"centre": obj.pk}))


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def station_publish(request, station: int):
    obj = centre_selectors.get_station(request.user, station)
    return _publish(request, obj, reverse("matters:station_catalogue", kwargs={"station": obj.pk}))


def _publish(request, owner, back: str):
    form = ChangeForm(request.POST or None, initial={"reason": "按便民服务事项清单动态调整机制发布"})
    drafts = list(selectors.entries_of(owner).filter(published=False))
    bundles = list(owner.one_things.filter(published=False)) if isinstance(owner, ServiceCentre) else []
    count = {}
    if request.method == "POST" and form.is_valid() and run_service(form, lambda: count.setdefault(
        "n", services.catalogue_publish(actor=request.user, owner=owner, **_change(form))
    )):
        messages.success(request, f"已发布 {count['n']} 项，公众页面已更新")
        return redirect(back)
    return render(request, "matters/catalogue_publish.html", {
        "form": form, "owner": owner, "drafts": drafts, "bundles": bundles, "back": back,
    })


# --- a station's proxy list -----------------------------------------------------------------------------------------

@role_required(*READERS)
def station_catalogue(request, station: int):
    obj = centre_selectors.get_station(request.user, station)
    comparison = selectors.compare(obj)
    matter_filter = CatalogueFilter(request.GET, rows=comparison.rows)
    return render(request, "matters/station_entry_list.html", {
        "station": obj, "comparison": comparison, "filter": matter_filter, "rows": matter_filter.rows(),
        "present": facts.station_proxy_list_present(obj), "can_manage": user_role(request.user) in MANAGERS,
    })


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
            window=form.cleaned_data.get("window"), **_change(form),
        )):
            messages.success(request, f"已新增本中心事项「{matter.name}」，并加入进驻目录（草稿）")
            return redirect("matters:matter_detail", matter=matter.pk)
    return render(request, "matters/matter_form.html", {
        "form": form, "formset": formset, "title": f"{obj.name}：新增本中心事项",
        "back": reverse("matters:centre_catalogue", kwargs={"centre": obj.pk}),
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
            required=form.cleaned_data.get("required", False), **_change(form),
        )):
            messages.success(request, f"已新增参考事项「{matter.name}」")
            return redirect("matters:matter_detail", matter=matter.pk)
    return render(request, "matters/matter_form.html", {
        "form": form, "formset": formset, "title": "新增参考事项", "back": reverse("matters:reference_list"),
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def matter_edit(request, matter: int):
    obj = selectors.get_matter(request.user, matter)
    if not _can_edit(request.user, obj):
        raise Http404("参考目录事项由管理员维护")
    form = MatterForm(request.POST or None, instance=obj)
    formset = MaterialFormSet(request.POST or None, request.FILES or None, instance=obj, prefix="materials")
    result = {}
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        materials, removed = _materials_from(formset)
        if run_service(form, lambda: result.setdefault("changed", services.matter_update(
            actor=request.user, matter=form.instance, materials=materials, removed=removed, **_change(form),
        ))):
            messages.success(request, "已保存事项调整" if result["changed"] else "没有改动")
            return redirect("matters:matter_detail", matter=obj.pk)
    return render(request, "matters/matter_form.html", {
        "form": form, "formset": formset, "title": f"调整事项：{obj.name}",
        "back": reverse("matters:matter_detail", kwargs={"matter": obj.pk}),
    })


@role_required(*ALL_ROLES)
def matter_changes_export(request, matter: int):
    obj = selectors.get_matter(request.user, matter)
    report = change_log_report(f"{obj.name}动态调整记录", selectors.changes_of_matter(request.user, obj), f"matter{obj.pk}")
    return xlsx_response(report.sheets(), report.filename + ".xlsx")


@role_required(*ALL_ROLES)
def material_attachment(request, material: int, kind: str):
    """A material's sample or blank form for signed-in users (reference matters: everyone; local ones: by scope)."""
    item = selectors.get_material(request.user, material)
    return _attachment(item, kind)


def _attachment(item, kind: str):
    upload = item.sample if kind == "sample" else item.blank_form
    if not upload:
        raise Http404("没有这个附件")
    suffix = upload.name.rsplit(".", 1)[-1]
    label = "示范样本" if kind == "sample" else "空白表格"
    try:
        handle = upload.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已丢失") from None
    return FileResponse(handle, as_attachment=True, filename=export_name(item.name, label, ext=suffix))


# --- the change log of a centre -------------------------------------------------------------------------------------

@role_required(*READERS)
def centre_changes(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    page = Paginator(selectors.changes_of_centre(obj), 50).get_page(request.GET.get("page"))
    states = selectors.change_states(page.object_list)
    for change in page.object_list:
        change.state_then, change.state_now = states.get(change.pk, ("", ""))
    return render(request, "matters/change_list.html", {"centre": obj, "page": page})


@role_required(*READERS)
def centre_changes_export(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    report = change_log_report(f"{obj.name}事项动态调整记录", selectors.changes_of_centre(obj), obj.code)
    return xlsx_response(report.sheets(), report.filename + ".xlsx")


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
        actor=request.user, bundle=form.instance, matters=list(form.cleaned_data["matters"]), **_change(form),
    )):
        messages.success(request, f"已保存一件事「{bundle.name}」")
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
        form, lambda: services.bundle_remove(actor=request.user, bundle=obj, **_change(form))
    ):
        messages.success(request, f"已移除一件事「{obj.name}」")
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
        form, lambda: services.life_service_save(actor=request.user, service=form.instance, **_change(form))
    ):
        messages.success(request, f"已保存生活服务「{service}」")
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
        form, lambda: services.life_service_remove(actor=request.user, service=obj, **_change(form))
    ):
        messages.success(request, f"已移除生活服务「{obj}」")
        return redirect(back)
    return render(request, "matters/lifeservice_confirm_remove.html", {"form": form, "service": obj, "back": back})


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


# --- XLSX export / import -------------------------------------------------------------------------------------------

@role_required(*READERS)
def centre_export(request, centre: int):
    return _export(centre_selectors.get_centre(request.user, centre))


@role_required(*READERS)
def station_export(request, station: int):
    return _export(centre_selectors.get_station(request.user, station))


@role_required(*ALL_ROLES)
def reference_export(request, catalogue: int):
    return _export(selectors.get_catalogue(request.user, catalogue))


def _export(target):
    workbook = catalogue_workbook(target)
    return xlsx_response(workbook.sheets(), workbook.filename + ".xlsx")


@role_required(*ALL_ROLES)
def import_template(request):
    kind = request.GET.get("for", "centre")
    if kind not in ("reference", "centre", "station"):
        raise Http404("没有这种模板")
    what = {"reference": "参考目录", "centre": "便民服务中心事项目录", "station": "便民服务站事项目录"}[kind]
    return xlsx_response(template_sheets(kind), export_name(what, "导入模板", ext="xlsx"))


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def centre_import(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    return _import(request, obj, reverse("matters:centre_catalogue", kwargs={"centre": obj.pk}))


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def station_import(request, station: int):
    obj = centre_selectors.get_station(request.user, station)
    return _import(request, obj, reverse("matters:station_catalogue", kwargs={"station": obj.pk}))


@role_required(*ADMIN)
@require_http_methods(["GET", "POST"])
def reference_import(request, catalogue: int):
    obj = selectors.get_catalogue(request.user, catalogue)
    return _import(request, obj, reverse("matters:reference_detail", kwargs={"catalogue": obj.pk}))


def _import(request, target, back: str):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            plan = parse_catalogue(form.cleaned_data["file"], target)
            counts = services.catalogue_import(actor=request.user, plan=plan, **_change(form))
        except ImportErrors as exc:
            problems = exc.messages
        else:
            if not any(counts.values()):
                messages.info(request, f"已导入 {plan.counts['rows']} 行，内容与现有目录一致，没有改动")
            else:
                messages.success(request, (
                    f"导入完成：新增事项 {counts['matters_added']} 个，调整事项 {counts['matters_changed']} 个，"
                    f"目录新增 {counts['list_added']} 项，目录调整 {counts['list_changed']} 项"
                ))
            return redirect(back)
    return render(request, "matters/catalogue_import.html", {
        "form": form, "target": target, "kind": target_kind(target), "problems": problems, "back": back,
    })


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
    back = reverse("matters:reference_detail", kwargs={"catalogue": obj.pk})
    if request.method == "POST" and form.is_valid() and run_service(form, lambda: services.reference_item_add(
        actor=request.user, catalogue=obj, matter=form.cleaned_data["matter"], required=form.cleaned_data["required"],
        **_change(form),
    )):
        messages.success(request, f"已将「{form.cleaned_data['matter'].name}」收录到参考目录")
        return redirect(back)
    return render(request, "matters/entry_form.html", {"form": form, "title": f"{obj.name}：收录事项", "back": back})


@role_required(*ADMIN)
@require_http_methods(["GET", "POST"])
def reference_item_edit(request, item: int):
    obj = selectors.get_reference_item(request.user, item)
    form = ReferenceItemEditForm(request.POST or None, initial={"required": obj.required})
    back = reverse("matters:reference_detail", kwargs={"catalogue": obj.catalogue_id})

    def apply():
        if form.cleaned_data["action"] == "remove":
            services.reference_item_remove(actor=request.user, item=obj, **_change(form))
        else:
            services.reference_item_update(actor=request.user, item=obj, required=form.cleaned_data["required"],
                                           **_change(form))

    if request.method == "POST" and form.is_valid() and run_service(form, apply):
        messages.success(request, f"已调整参考目录中的「{obj.matter.name}」")
        return redirect(back)
    return render(request, "matters/entry_form.html", {
        "form": form, "title": f"{obj.catalogue.name}：{obj.matter.name}", "back": back,
    })


# --- public pages (no login) ----------------------------------------------------------------------------------------

def _query(request) -> str:
    """The search words, without control characters (PostgreSQL refuses NUL), at most 50 characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in request.GET.get("q", ""))
    return " ".join(text.split())[:50]


def _public_context(request, **extra) -> dict:
    return {"large_text": request.COOKIES.get("large_text") == "1", **extra}


@login_not_required
def public_centre(request, centre: int):
    """The public catalogue of a centre: published matters by area, Chinese search, life services, one-thing list."""
    obj = selectors.public_centre(centre)
    query = _query(request)
    entries = selectors.public_entries(obj)
    entries = list(selectors.search_entries(entries, query)) if query else selectors.by_area(entries)
    return render(request, "matters/entry_public_list.html", _public_context(
        request, owner=obj, centre=obj, entries=entries, query=query, grouped=not query,
        life_services=selectors.life_services_of(obj), bundle_count=selectors.public_bundles(obj).count(),
        stations=obj.stations.order_by("region__path"),
    ))


@login_not_required
def public_station(request, station: int):
    obj = selectors.public_station(station)
    query = _query(request)
    entries = selectors.public_entries(obj)
    entries = list(selectors.search_entries(entries, query)) if query else selectors.by_area(entries)
    return render(request, "matters/entry_public_list.html", _public_context(
        request, owner=obj, centre=obj.centre, station=obj, entries=entries, query=query, grouped=not query,
    ))


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
    context["qr"] = qr_svg(context["url"], title=f"{obj.matter.name} 办事指南")
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
    return _attachment(selectors.public_material(obj, material), kind)


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
    """Public post card of a window (000 信息公开(4)): who works there, their post, photo and party badge."""
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
        raise Http404("无照片")
    return FileResponse(person.photo.open("rb"))


@login_not_required
def public_window(request, window: int):
    """What a window handles: the QR code on the window's card leads here."""
    obj = selectors.public_window(window)
    entries = selectors.public_entries(obj.centre).filter(window=obj)
    return render(request, "matters/window_public_detail.html", _public_context(
        request, window=obj, centre=obj.centre, owner=obj.centre, entries=list(entries),
    ))
