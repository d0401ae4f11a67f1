"""Writes to the matter catalogues. Each service validates in full, saves in one transaction, writes the change log
(动态调整: date, reason, who) and the audit trail. Services raise ValidationError with Chinese messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from centers.models import ServiceCentre, Station, Window
from core import audit
from core.access import user_role
from matters import selectors
from matters.choices import ChangeAction, ChangeList, Mode
from matters.models import (
    CatalogueChange,
    CatalogueEntry,
    LifeService,
    Material,
    Matter,
    OneThing,
    OneThingMember,
    ReferenceCatalogue,
    ReferenceItem,
)

MATTER_FIELDS = [
    "code", "name", "area", "department", "category", "handling_type", "level", "legal_basis", "conditions",
    "process", "legal_days", "promised_days", "fee_standard", "fee_basis", "result", "online", "proxy_eligible",
]
MATERIAL_FIELDS = ["position", "name", "form", "copies", "required", "note"]


# --- helpers --------------------------------------------------------------------------------------------------------

def _check_change(on: date | None, reason: str) -> date:
    errors = {}
    on = on or timezone.localdate()
    if on > timezone.localdate():
        errors["on"] = "调整日期不能晚于今天"
    if not (reason or "").strip():
        errors["reason"] = "请填写调整理由"
    if errors:
        raise ValidationError(errors)
    return on


def _value(obj, name: str) -> Any:
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if display else getattr(obj, name)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Window):
        return str(value)
    return "" if value is None else str(value) if not isinstance(value, int) else value


def snapshot(obj, fields: Iterable[str]) -> dict[str, Any]:
    """The fields of ``obj`` as the log shows them (choices by label, booleans as 是/否)."""
    return {obj._meta.get_field(name).verbose_name: _value(obj, name) for name in fields}


def _material_lines(matter: Matter) -> list[str]:
    return [
        f"{m.name}（{m.requirement}{'' if m.required else '，非必要'}{'；' + m.note if m.note else ''}）"
        for m in matter.materials.order_by("position", "pk")
    ]


def _diff(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _log(*, actor, action: str, list_kind: str, on: date, reason: str, summary: str, target, centre=None,
         station=None, catalogue=None, matter: Matter | None = None, before=None, after=None) -> CatalogueChange:
    change = CatalogueChange.objects.create(
        on=on, actor=actor if actor is not None and actor.is_authenticated else None, action=action,
        list_kind=list_kind, centre=centre, station=station, catalogue=catalogue, matter=matter,
        matter_name=matter.name[:100] if matter else "", summary=summary[:300], reason=reason.strip(),
        before=before, after=after,
    )
    audit.record(
        actor=actor, action=f"事项目录{ChangeAction(action).label}", target=target, before=before, after=after,
        summary=summary, reason=reason.strip(),
    )
    return change


def _owner_fields(owner) -> dict:
    if isinstance(owner, ServiceCentre):
        return {"centre": owner, "list_kind": ChangeList.CENTRE}
    return {"station": owner, "list_kind": ChangeList.STATION}


def _require_admin(actor, what: str) -> None:
    if user_role(actor) != "admin":
        raise ValidationError(gettext("%(what)s由管理员维护，中心不能修改") % {"what": what})


def refresh_search_text(matter: Matter) -> None:
    names = list(matter.materials.order_by("position", "pk").values_list("name", flat=True))
    text = selectors.search_text_for(matter, names)
    if text != matter.search_text:
        matter.search_text = text
        Matter.objects.filter(pk=matter.pk).update(search_text=text)


def _save_materials(matter: Matter, materials: Iterable[Material], removed: Iterable[Material]) -> None:
    for material in removed:
        if material.pk and material.matter_id == matter.pk:
            material.delete()
    for material in materials:
        material.matter = matter
        material.full_clean()
        material.save()


# --- matters --------------------------------------------------------------------------------------------------------

@transaction.atomic
def matter_create(*, actor, matter: Matter, materials: Iterable[Material] = (), on: date | None = None,
                  reason: str, mode: str | None = None, window: Window | None = None,
                  catalogue: ReferenceCatalogue | None = None, required: bool = True) -> Matter:
    """A new matter. A local matter (``matter.centre`` set) goes on its centre's list as a draft entry; a reference
    matter (admin only) may go straight into a reference catalogue."""
    on = _check_change(on, reason)
    if matter.centre_id is None:
        _require_admin(actor, "参考目录事项")
    matter.full_clean()
    matter.save()
    _save_materials(matter, materials, ())
    refresh_search_text(matter)
    after = {**snapshot(matter, MATTER_FIELDS), "申请材料": _material_lines(matter)}
    _log(actor=actor, action=ChangeAction.ADD, list_kind=ChangeList.MATTER, on=on, reason=reason,
         summary=f"新增事项「{matter.name}」", target=matter, centre=matter.centre, matter=matter, after=after)
    if matter.centre_id:
        entry_add(actor=actor, owner=matter.centre, matter=matter, mode=mode or Mode.HANDLE, window=window, on=on,
                  reason=reason)
    elif catalogue is not None:
        reference_item_add(actor=actor, catalogue=catalogue, matter=matter, required=required, on=on, reason=reason)
    return matter


@transaction.atomic
def matter_update(*, actor, matter: Matter, materials: Iterable[Material] = (), removed: Iterable[Material] = (),
                  on: date | None = None, reason: str) -> bool:
    """Save the edited disclosures and materials of a matter; log what changed. False when nothing changed."""
    on = _check_change(on, reason)
    if matter.centre_id is None:
        _require_admin(actor, "参考目录事项")
    old = Matter.objects.get(pk=matter.pk)
    before = {**snapshot(old, MATTER_FIELDS), "申请材料": _material_lines(old)}
    matter.full_clean()
    matter.save()
    _save_materials(matter, materials, removed)
    refresh_search_text(matter)
    after = {**snapshot(matter, MATTER_FIELDS), "申请材料": _material_lines(matter)}
    before, after = _diff(before, after)
    if not after:
        return False
    _log(actor=actor, action=ChangeAction.CHANGE, list_kind=ChangeList.MATTER, on=on, reason=reason,
         summary=f"调整事项「{matter.name}」：{'、'.join(after)}", target=matter, centre=matter.centre, matter=matter,
         before=before, after=after)
    return True


# --- entries of a centre's or a station's list ----------------------------------------------------------------------

def _next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def entry_add(*, actor, owner: ServiceCentre | Station, matter: Matter, mode: str, window: Window | None = None,
              on: date | None = None, reason: str) -> CatalogueEntry:
    """Put a matter on a centre's stationed list or a station's proxy list, as a draft."""
    on = _check_change(on, reason)
    where = _owner_fields(owner)
    owner_field = "centre" if isinstance(owner, ServiceCentre) else "station"
    entry = CatalogueEntry(
        **{owner_field: owner}, matter=matter, mode=mode, window=window,
        position=_next_position(CatalogueEntry.objects.filter(**{owner_field: owner})),
    )
    entry.full_clean()
    entry.save()
    after = snapshot(entry, ["mode", "window"])
    _log(actor=actor, action=ChangeAction.ADD, on=on, reason=reason, target=entry, matter=matter, after=after,
         summary=f"{owner.name}新增「{matter.name}」（{entry.get_mode_display()}）", **where)
    return entry


@transaction.atomic
def entry_update(*, actor, entry: CatalogueEntry, mode: str, window: Window | None, on: date | None = None,
                 reason: str) -> CatalogueEntry:
    on = _check_change(on, reason)
    before = snapshot(entry, ["mode", "window"])
    entry.mode, entry.window = mode, window
    entry.full_clean()
    after = snapshot(entry, ["mode", "window"])
    before, after = _diff(before, after)
    if not after:
        raise ValidationError(gettext("没有改动，无需保存"))
    entry.save()
    _log(actor=actor, action=ChangeAction.CHANGE, on=on, reason=reason, target=entry, matter=entry.matter,
         before=before, after=after, summary=f"{entry.owner.name}调整「{entry.matter.name}」：{'、'.join(after)}",
         **_owner_fields(entry.owner))
    return entry


@transaction.atomic
def entry_remove(*, actor, entry: CatalogueEntry, on: date | None = None, reason: str) -> None:
    on = _check_change(on, reason)
    if entry.centre_id:
        bundles = list(
            OneThing.objects.filter(centre_id=entry.centre_id, members__matter_id=entry.matter_id).values_list("name", flat=True)
        )
        if bundles:
            raise ValidationError(gettext("该事项属于一件事「%(items)s」，请先从一件事中移出再移除") % {"items": '」「'.join(bundles)})
    owner = entry.owner
    before = snapshot(entry, ["mode", "window", "published"])
    _log(actor=actor, action=ChangeAction.REMOVE, on=on, reason=reason, target=entry, matter=entry.matter,
         before=before, summary=f"{owner.name}移除「{entry.matter.name}」", **_owner_fields(owner))
    entry.delete()


@transaction.atomic
def catalogue_publish(*, actor, owner: ServiceCentre | Station, on: date | None = None, reason: str) -> int:
    """Publish every draft of the owner's list (and, for a centre, its draft one-thing bundles). Returns how many."""
    on = _check_change(on, reason)
    now = timezone.now()
    drafts = list(selectors.entries_of(owner).filter(published=False))
    bundles = list(owner.one_things.filter(published=False)) if isinstance(owner, ServiceCentre) else []
    if not drafts and not bundles:
        raise ValidationError(gettext("没有待发布的事项"))
    CatalogueEntry.objects.filter(pk__in=[e.pk for e in drafts]).update(published=True, published_at=now)
    if drafts:
        names = "、".join(e.matter.name for e in drafts[:10]) + ("等" if len(drafts) > 10 else "")
        _log(actor=actor, action=ChangeAction.PUBLISH, on=on, reason=reason, target=owner,
             after={"发布事项": [e.matter.name for e in drafts]},
             summary=f"{owner.name}发布{len(drafts)}个事项：{names}", **_owner_fields(owner))
    if bundles:
        OneThing.objects.filter(pk__in=[b.pk for b in bundles]).update(published=True, published_at=now)
        _log(actor=actor, action=ChangeAction.PUBLISH, list_kind=ChangeList.ONE_THING, on=on, reason=reason,
             target=owner, centre=owner, after={"发布一件事": [b.name for b in bundles]},
             summary=f"{owner.name}发布一件事{len(bundles)}项：{'、'.join(b.name for b in bundles)}")
    return len(drafts) + len(bundles)


# --- one-thing bundles ----------------------------------------------------------------------------------------------

def _bundle_snapshot(bundle: OneThing, matters: list[Matter]) -> dict:
    return {**snapshot(bundle, ["name", "description", "process", "promised_days", "window"]),
            "包含事项": [m.name for m in matters]}


@transaction.atomic
def bundle_save(*, actor, bundle: OneThing, matters: list[Matter], on: date | None = None, reason: str) -> OneThing:
    """Create or edit a one-thing bundle. Its matters must be on the centre's stationed list; at least two."""
    on = _check_change(on, reason)
    if len(matters) < 2:
        raise ValidationError({"matters": gettext("一件事至少包含两个事项")})
    stationed = set(CatalogueEntry.objects.filter(centre=bundle.centre, matter__in=matters).values_list("matter_id", flat=True))
    outside = [m.name for m in matters if m.pk not in stationed]
    if outside:
        raise ValidationError({"matters": gettext("「%(items)s」未进驻本中心，不能纳入一件事") % {"items": '」「'.join(outside)}})
    creating = bundle.pk is None
    before = None
    if not creating:
        old = OneThing.objects.get(pk=bundle.pk)
        before = _bundle_snapshot(old, [m.matter for m in old.members.select_related("matter").order_by("position")])
    else:
        bundle.position = _next_position(OneThing.objects.filter(centre=bundle.centre))
    bundle.full_clean()
    bundle.save()
    bundle.members.all().delete()
    OneThingMember.objects.bulk_create(
        [OneThingMember(bundle=bundle, matter=m, position=n) for n, m in enumerate(matters, start=1)]
    )
    after = _bundle_snapshot(bundle, matters)
    if creating:
        _log(actor=actor, action=ChangeAction.ADD, list_kind=ChangeList.ONE_THING, on=on, reason=reason,
             target=bundle, centre=bundle.centre, after=after, summary=f"新增一件事「{bundle.name}」")
        return bundle
    before, after = _diff(before, after)
    if not after:
        raise ValidationError(gettext("没有改动，无需保存"))
    _log(actor=actor, action=ChangeAction.CHANGE, list_kind=ChangeList.ONE_THING, on=on, reason=reason,
         target=bundle, centre=bundle.centre, before=before, after=after,
         summary=f"调整一件事「{bundle.name}」：{'、'.join(after)}")
    return bundle


@transaction.atomic
def bundle_remove(*, actor, bundle: OneThing, on: date | None = None, reason: str) -> None:
    on = _check_change(on, reason)
    before = _bundle_snapshot(bundle, [m.matter for m in bundle.members.select_related("matter")])
    _log(actor=actor, action=ChangeAction.REMOVE, list_kind=ChangeList.ONE_THING, on=on, reason=reason,
         target=bundle, centre=bundle.centre, before=before, summary=f"移除一件事「{bundle.name}」")
    bundle.delete()


# --- life services --------------------------------------------------------------------------------------------------

LIFE_FIELDS = ["kind", "provider", "location", "phone", "hours"]


@transaction.atomic
def life_service_save(*, actor, service: LifeService, on: date | None = None, reason: str) -> LifeService:
    on = _check_change(on, reason)
    creating = service.pk is None
    before = None if creating else snapshot(LifeService.objects.get(pk=service.pk), LIFE_FIELDS)
    service.full_clean()
    after = snapshot(service, LIFE_FIELDS)
    if not creating:
        before, after = _diff(before, after)
        if not after:
            raise ValidationError(gettext("没有改动，无需保存"))
    service.save()
    _log(actor=actor, action=ChangeAction.ADD if creating else ChangeAction.CHANGE, list_kind=ChangeList.LIFE,
         on=on, reason=reason, target=service, centre=service.centre, before=before, after=after,
         summary=f"{'新增' if creating else '调整'}生活服务「{service}」")
    return service


@transaction.atomic
def life_service_remove(*, actor, service: LifeService, on: date | None = None, reason: str) -> None:
    on = _check_change(on, reason)
    _log(actor=actor, action=ChangeAction.REMOVE, list_kind=ChangeList.LIFE, on=on, reason=reason, target=service,
         centre=service.centre, before=snapshot(service, LIFE_FIELDS), summary=f"移除生活服务「{service}」")
    service.delete()


# --- reference catalogues (admin) -----------------------------------------------------------------------------------

@transaction.atomic
def reference_item_add(*, actor, catalogue: ReferenceCatalogue, matter: Matter, required: bool = True,
                       on: date | None = None, reason: str) -> ReferenceItem:
    on = _check_change(on, reason)
    _require_admin(actor, "参考目录")
    item = ReferenceItem(catalogue=catalogue, matter=matter, required=required,
                         position=_next_position(catalogue.items.all()))
    item.full_clean()
    item.save()
    _log(actor=actor, action=ChangeAction.ADD, list_kind=ChangeList.REFERENCE, on=on, reason=reason, target=item,
         catalogue=catalogue, matter=matter, after=snapshot(item, ["required"]),
         summary=f"{catalogue.name}新增「{matter.name}」{'（应进必进）' if required else ''}")
    return item


@transaction.atomic
def reference_item_update(*, actor, item: ReferenceItem, required: bool, on: date | None = None,
                          reason: str) -> ReferenceItem:
    on = _check_change(on, reason)
    _require_admin(actor, "参考目录")
    if item.required == required:
        raise ValidationError(gettext("没有改动，无需保存"))
    before = snapshot(item, ["required"])
    item.required = required
    item.save(update_fields=["required"])
    _log(actor=actor, action=ChangeAction.CHANGE, list_kind=ChangeList.REFERENCE, on=on, reason=reason, target=item,
         catalogue=item.catalogue, matter=item.matter, before=before, after=snapshot(item, ["required"]),
         summary=f"{item.catalogue.name}调整「{item.matter.name}」：{'设为' if required else '取消'}应进必进")
    return item


@transaction.atomic
def reference_item_remove(*, actor, item: ReferenceItem, on: date | None = None, reason: str) -> None:
    on = _check_change(on, reason)
    _require_admin(actor, "参考目录")
    _log(actor=actor, action=ChangeAction.REMOVE, list_kind=ChangeList.REFERENCE, on=on, reason=reason, target=item,
         catalogue=item.catalogue, matter=item.matter, before=snapshot(item, ["required"]),
         summary=f"{item.catalogue.name}移除「{item.matter.name}」")
    item.delete()


# --- XLSX import ----------------------------------------------------------------------------------------------------

def _sync_materials(matter: Matter, rows) -> None:
    """Make the matter's materials equal to ``rows`` (matched by name, so attachments stay with their material)."""
    current = {m.name: m for m in matter.materials.all()}
    keep = set()
    for row in rows:
        material = current.get(row.name) or Material(matter=matter, name=row.name)
        material.position, material.form, material.copies = row.position, row.form, row.copies
        material.required, material.note = row.required, row.note
        material.full_clean()
        material.save()
        keep.add(material.pk)
    matter.materials.exclude(pk__in=keep).delete()


@transaction.atomic
def catalogue_import(*, actor, plan, on: date | None = None, reason: str) -> dict[str, int]:
    """Apply a checked import plan (``matters.imports.parse_catalogue``): all of it or, on any error, none of it.

    Only what differs is saved and logged, so importing the file just exported changes nothing.
    """
    from matters.imports import ImportErrors

    on = _check_change(on, reason)
    if plan.kind == "reference":
        _require_admin(actor, "参考目录")
    counts = {"matters_added": 0, "matters_changed": 0, "list_added": 0, "list_changed": 0}
    for row in plan.rows:
        try:
            matter = row.matter
            if row.new_matter or row.matter_changed or row.materials_changed:
                before = None if row.new_matter else {**snapshot(Matter.objects.get(pk=matter.pk), MATTER_FIELDS),
                                                       "申请材料": _material_lines(matter)}
                matter.full_clean()
                matter.save()
                if row.materials is not None:
                    _sync_materials(matter, row.materials)
                refresh_search_text(matter)
                after = {**snapshot(matter, MATTER_FIELDS), "申请材料": _material_lines(matter)}
                if row.new_matter:
                    counts["matters_added"] += 1
                    _log(actor=actor, action=ChangeAction.ADD, list_kind=ChangeList.MATTER, on=on, reason=reason,
                         summary=f"导入新增事项「{matter.name}」", target=matter, centre=matter.centre, matter=matter,
                         after=after)
                else:
                    before, after = _diff(before, after)
                    counts["matters_changed"] += 1
                    _log(actor=actor, action=ChangeAction.CHANGE, list_kind=ChangeList.MATTER, on=on, reason=reason,
                         summary=f"导入调整事项「{matter.name}」：{'、'.join(after)}", target=matter,
                         centre=matter.centre, matter=matter, before=before, after=after)
            values = row.list_values
            if plan.kind == "reference":
                if row.existing is None:
                    reference_item_add(actor=actor, catalogue=plan.target, matter=matter,
                                       required=values.get("required", True), on=on, reason=reason)
                    counts["list_added"] += 1
                elif row.existing.required != values.get("required", row.existing.required):
                    reference_item_update(actor=actor, item=row.existing, required=values["required"], on=on,
                                          reason=reason)
                    counts["list_changed"] += 1
            elif row.existing is None:
                entry_add(actor=actor, owner=plan.target, matter=matter, mode=values["mode"],
                          window=values.get("window"), on=on, reason=reason)
                counts["list_added"] += 1
            else:
                entry = row.existing
                mode, window = values.get("mode", entry.mode), values.get("window", entry.window)
                if mode != entry.mode or (window.pk if window else None) != entry.window_id:
                    entry_update(actor=actor, entry=entry, mode=mode, window=window, on=on, reason=reason)
                    counts["list_changed"] += 1
        except ValidationError as exc:
            raise ImportErrors([gettext("第 %(row)s 行：%(items)s") % {"row": row.row, "items": '；'.join(exc.messages)}]) from exc
    return counts
