"""Reads of the matter catalogues: scoped fetches for the signed-in pages (D14), published-only fetches for the
public pages, the comparison with the reference catalogue, search and the merged materials of a one-thing bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from django.db import connection
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from centers.models import Region, ServiceCentre, Station, Window
from core.selectors import get_visible
from matters.choices import ChangeAction, ChangeList, ReferenceKind
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

MAX_SEARCH_TERMS = 5


# --- scoped fetches (signed-in pages) -------------------------------------------------------------------------------

def get_matter(user, pk: int) -> Matter:
    return get_visible(Matter.objects.select_related("centre"), user, pk=pk)


def get_entry(user, pk: int) -> CatalogueEntry:
    return get_visible(
        CatalogueEntry.objects.select_related("matter", "window", "centre", "station", "station__centre"), user, pk=pk
    )


def get_bundle(user, pk: int) -> OneThing:
    return get_visible(OneThing.objects.select_related("centre", "window"), user, pk=pk)


def get_life_service(user, pk: int) -> LifeService:
    return get_visible(LifeService.objects.select_related("centre"), user, pk=pk)


def get_catalogue(user, pk: int) -> ReferenceCatalogue:
    return get_visible(ReferenceCatalogue.objects.select_related("region"), user, pk=pk)


def catalogues_for(user) -> QuerySet[ReferenceCatalogue]:
    return ReferenceCatalogue.objects.visible_to(user).select_related("region")


# --- reference catalogues -------------------------------------------------------------------------------------------

def _ancestor_paths(path: str) -> list[str]:
    """"/51/5120/512022/" → ["/51/", "/51/5120/", "/51/5120/512022/"]."""
    codes = [code for code in path.split("/") if code]
    return ["/" + "/".join(codes[: n + 1]) + "/" for n in range(len(codes))]


def reference_catalogue_for(region: Region, kind: str) -> ReferenceCatalogue | None:
    """The most specific active reference catalogue of ``kind`` that applies to ``region`` (a town or a village)."""
    candidates = list(
        ReferenceCatalogue.objects.filter(kind=kind, active=True)
        .filter(Q(region__isnull=True) | Q(region__path__in=_ancestor_paths(region.path)))
        .select_related("region")
    )
    candidates.sort(key=lambda c: (len(c.region.path) if c.region_id else 0, c.pk), reverse=True)
    return candidates[0] if candidates else None


def reference_items(catalogue: ReferenceCatalogue | None) -> list[ReferenceItem]:
    if catalogue is None:
        return []
    return list(catalogue.items.select_related("matter").order_by("position", "pk"))


def reference_matters() -> QuerySet[Matter]:
    return Matter.objects.filter(centre__isnull=True)


# --- a centre's and a station's lists -------------------------------------------------------------------------------

def entries_of(owner) -> QuerySet[CatalogueEntry]:
    field_name = "centre" if isinstance(owner, ServiceCentre) else "station"
    return (
        CatalogueEntry.objects.filter(**{field_name: owner})
        .select_related("matter", "window")
        .order_by("position", "pk")
    )


@dataclass
class CompareRow:
    """One line of the comparison of a list with its reference catalogue."""

    matter: Matter
    item: ReferenceItem | None = None
    entry: CatalogueEntry | None = None

    @property
    def required(self) -> bool:
        return bool(self.item and self.item.required)

    @property
    def status(self) -> str:
        if self.entry is None:
            return "missing"
        return "published" if self.entry.published else "draft"

    @property
    def missing_required(self) -> bool:
        """A required matter that is not (yet) stationed: missing, or still a draft."""
        return self.required and self.status != "published"


@dataclass
class Comparison:
    catalogue: ReferenceCatalogue | None
    rows: list[CompareRow] = field(default_factory=list)

    @property
    def listed(self) -> list[CompareRow]:
        return [row for row in self.rows if row.entry is not None]

    @property
    def not_listed(self) -> list[CompareRow]:
        return [row for row in self.rows if row.entry is None]

    @property
    def required_missing(self) -> int:
        return sum(1 for row in self.rows if row.missing_required)

    @property
    def required_total(self) -> int:
        return sum(1 for row in self.rows if row.required)

    @property
    def drafts(self) -> int:
        return sum(1 for row in self.rows if row.status == "draft")

    @property
    def published(self) -> int:
        return sum(1 for row in self.rows if row.status == "published")


def compare(owner) -> Comparison:
    """The owner's list beside its reference catalogue: reference items first (in catalogue order, each with the
    owner's entry or none), then the owner's entries that are not in the reference catalogue. Three queries."""
    kind = ReferenceKind.CENTRE if isinstance(owner, ServiceCentre) else ReferenceKind.STATION
    catalogue = reference_catalogue_for(owner.region, kind)
    entries = list(entries_of(owner))
    by_matter = {entry.matter_id: entry for entry in entries}
    rows = []
    for item in reference_items(catalogue):
        rows.append(CompareRow(matter=item.matter, item=item, entry=by_matter.pop(item.matter_id, None)))
    for entry in entries:
        if entry.matter_id in by_matter:
            rows.append(CompareRow(matter=entry.matter, entry=entry))
    return Comparison(catalogue=catalogue, rows=rows)


def _not_listed(owner) -> QuerySet[Matter]:
    """Reference matters and the local matters of the owner's centre that are not on the owner's list yet."""
    centre_id = owner.pk if isinstance(owner, ServiceCentre) else owner.centre_id
    taken = entries_of(owner).values("matter_id")
    return Matter.objects.filter(Q(centre__isnull=True) | Q(centre_id=centre_id)).exclude(pk__in=taken)


def matters_addable(owner) -> QuerySet[Matter]:
    """Matters that may be put on the owner's list and are not on it yet: reference matters and the local matters of
    the owner's centre, by area and code. A station's proxy list takes only matters marked 可村级代办."""
    matters = _not_listed(owner)
    if isinstance(owner, Station):
        matters = matters.filter(proxy_eligible=True)
    return matters.order_by("area", "code")


def matters_not_proxy_eligible(owner) -> QuerySet[Matter]:
    """The matters a station's proxy list refuses only because they are not marked 可村级代办 (none for a centre)."""
    if not isinstance(owner, Station):
        return Matter.objects.none()
    return _not_listed(owner).filter(proxy_eligible=False)


def stationed_matters(centre: ServiceCentre) -> QuerySet[Matter]:
    return Matter.objects.filter(entries__centre=centre).order_by("area", "code")


def stations_of(centre: ServiceCentre):
    from django.db.models import Count

    return (
        centre.stations.select_related("region")
        .annotate(
            entry_count=Count("entries", distinct=True),
            published_count=Count("entries", filter=Q(entries__published=True), distinct=True),
        )
        .order_by("region__path")
    )


def life_services_of(centre: ServiceCentre) -> QuerySet[LifeService]:
    return centre.life_services.order_by("kind", "pk")


def bundles_of(centre: ServiceCentre) -> QuerySet[OneThing]:
    return centre.one_things.select_related("window").prefetch_related(
        Prefetch("members", queryset=OneThingMember.objects.select_related("matter").order_by("position", "pk"))
    ).order_by("position", "pk")


def bundle_with_members(bundle: OneThing) -> list[OneThingMember]:
    return list(
        bundle.members.select_related("matter").prefetch_related(
            Prefetch("matter__materials", queryset=Material.objects.order_by("position", "pk"))
        ).order_by("position", "pk")
    )


@dataclass
class MergedMaterial:
    name: str
    requirement: str
    required: bool
    note: str
    matters: list[str]


def _material_key(name: str) -> str:
    return "".join(name.split()).replace("（", "(").replace("）", ")").lower()


def merged_materials(members: list[OneThingMember]) -> list[MergedMaterial]:
    """The one list of materials of a bundle: each material once (same name, ignoring spaces and bracket width),
    in the order first met, with the matters that need it. A material required by any member stays required."""
    merged: dict[str, MergedMaterial] = {}
    for member in members:
        for material in member.matter.materials.all():
            key = _material_key(material.name)
            if key in merged:
                found = merged[key]
                found.required = found.required or material.required
                if member.matter.name not in found.matters:
                    found.matters.append(member.matter.name)
            else:
                merged[key] = MergedMaterial(
                    name=material.name, requirement=material.requirement, required=material.required,
                    note=material.note, matters=[member.matter.name],
                )
    return list(merged.values())


# --- matter page ----------------------------------------------------------------------------------------------------

def materials_of(matter: Matter) -> QuerySet[Material]:
    return matter.materials.order_by("position", "pk")


def entries_of_matter(user, matter: Matter) -> QuerySet[CatalogueEntry]:
    return (
        CatalogueEntry.objects.visible_to(user).filter(matter=matter)
        .select_related("centre", "station", "window")
        .order_by("centre__region__path", "station__region__path")
    )


def changes_of_matter(user, matter: Matter) -> QuerySet[CatalogueChange]:
    return CatalogueChange.objects.visible_to(user).filter(matter=matter).select_related(
        "actor", "centre", "station", "catalogue"
    )


def changes_of_centre(centre: ServiceCentre) -> QuerySet[CatalogueChange]:
    return CatalogueChange.objects.filter(Q(centre=centre) | Q(station__centre=centre)).select_related(
        "actor", "centre", "station", "catalogue"
    )


def change_states(changes) -> dict[int, tuple[str, str]]:
    """For log lines about a matter on a centre's or station's list: (state at the line's time, state now), by pk.

    At its time: a line adding a matter left it a draft (``entry_add``), a publish line published it, a removal
    shows what it removed. Now: published, still a draft (待发布), or no longer on the list. One query per page."""
    lines = [c for c in changes if c.matter_id and c.list_kind in (ChangeList.CENTRE, ChangeList.STATION)]
    if not lines:
        return {}
    entries = CatalogueEntry.objects.filter(
        Q(centre_id__in={c.centre_id for c in lines if c.list_kind == ChangeList.CENTRE}, station__isnull=True)
        | Q(station_id__in={c.station_id for c in lines if c.list_kind == ChangeList.STATION}),
        matter_id__in={c.matter_id for c in lines},
    ).values_list("centre_id", "station_id", "matter_id", "published")
    now = {(centre, station, matter): published for centre, station, matter, published in entries}
    states = {}
    for c in lines:
        key = (c.centre_id, None, c.matter_id) if c.list_kind == ChangeList.CENTRE else (None, c.station_id, c.matter_id)
        published = now.get(key)
        current = "不在目录中" if published is None else ("已发布" if published else "草稿（待发布）")
        then = ""
        if c.action == ChangeAction.ADD:
            then = "草稿"
        elif c.action == ChangeAction.REMOVE and isinstance(c.before, dict):
            was = c.before.get(CatalogueEntry._meta.get_field("published").verbose_name)
            then = {"是": "移除前已发布", "否": "移除前为草稿"}.get(was, "")
        states[c.pk] = (then, current)
    return states


def changes_of_catalogue(catalogue: ReferenceCatalogue) -> QuerySet[CatalogueChange]:
    return catalogue.changes.select_related("actor", "catalogue")


def adjusted_since(centre: ServiceCentre, on: date) -> QuerySet[CatalogueChange]:
    return CatalogueChange.objects.filter(centre=centre, on__gt=on - timedelta(days=365), on__lte=on).exclude(
        action=ChangeAction.PUBLISH
    )


# --- public pages (no login): published data only -------------------------------------------------------------------

def public_centre(pk: int) -> ServiceCentre:
    return get_object_or_404(ServiceCentre.objects.select_related("region"), pk=pk)


def public_station(pk: int) -> Station:
    return get_object_or_404(Station.objects.select_related("region", "centre"), pk=pk)


def public_entries(owner) -> QuerySet[CatalogueEntry]:
    return entries_of(owner).filter(published=True)


def public_entry(pk: int) -> CatalogueEntry:
    """A published entry with everything its service guide shows. Unpublished entries do not exist in public."""
    return get_object_or_404(
        CatalogueEntry.objects.filter(published=True).select_related(
            "matter", "window", "centre", "centre__region", "station", "station__centre", "station__region"
        ),
        pk=pk,
    )


def public_window(pk: int) -> Window:
    return get_object_or_404(Window.objects.select_related("centre").filter(active=True), pk=pk)


def public_bundles(centre: ServiceCentre) -> QuerySet[OneThing]:
    return bundles_of(centre).filter(published=True)


def public_bundle(pk: int) -> OneThing:
    return get_object_or_404(OneThing.objects.filter(published=True).select_related("centre", "window"), pk=pk)


def public_material(entry: CatalogueEntry, pk: int) -> Material:
    return get_object_or_404(Material, pk=pk, matter_id=entry.matter_id)


def by_area(entries) -> list[CatalogueEntry]:
    """Entries in list order, gathered by area (areas in the order they first appear), for a grouped catalogue."""
    entries = list(entries)
    order: dict[str, int] = {}
    for entry in entries:
        order.setdefault(entry.matter.area, len(order))
    return sorted(entries, key=lambda e: order[e.matter.area])


@cache
def _trigram_available() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def search_entries(entries: QuerySet[CatalogueEntry], query: str) -> QuerySet[CatalogueEntry]:
    """Entries whose matter matches every term of ``query`` (split on spaces), name matches first.

    On PostgreSQL with pg_trgm the ILIKE is served by the trigram index, and a term of 3+ characters also matches
    a near spelling (trigram word similarity ≥ 0.5), best first; elsewhere (SQLite) it is a plain icontains.
    """
    return search_matters(entries, query, prefix="matter__", then=("position", "pk"))


def search_matters(queryset: QuerySet, query: str, *, prefix: str = "", then: tuple[str, ...] = ("pk",)) -> QuerySet:
    """The rows of ``queryset`` whose matter (``prefix`` leads to it: "" for matters themselves, "matter__" for
    entries) matches every term of ``query``, name matches first. The public catalogue's search (``search_entries``)
    and the internal catalogues' filter (``matters.filters``) are this one function."""
    terms = query.split()[:MAX_SEARCH_TERMS]
    if not terms:
        return queryset
    name_hit = Case(When(**{f"{prefix}name__icontains": terms[0]}, then=Value(0)), default=Value(1),
                    output_field=IntegerField())
    fuzzy = _trigram_available()
    similarities = {}
    condition = Q()
    for n, term in enumerate(terms):
        part = Q(**{f"{prefix}search_text__icontains": term})
        if fuzzy and len(term) >= 3:
            from django.contrib.postgres.search import TrigramWordSimilarity

            similarities[f"similarity_{n}"] = TrigramWordSimilarity(term, f"{prefix}search_text")
            part |= Q(**{f"similarity_{n}__gte": 0.5})
        condition &= part
    ranking = [f"-{name}" for name in similarities]
    return (
        queryset.annotate(name_hit=name_hit, **similarities).filter(condition)
        .order_by("name_hit", *ranking, *then)
    )


def search_text_for(matter: Matter, material_names: list[str]) -> str:
    parts = [matter.code, matter.name, matter.area, matter.department, matter.result, *material_names]
    return " ".join(part for part in parts if part)


def get_reference_item(user, pk: int) -> ReferenceItem:
    return get_object_or_404(
        ReferenceItem.objects.filter(catalogue__in=catalogues_for(user)).select_related("catalogue", "matter"), pk=pk
    )


def get_material(user, pk: int) -> Material:
    return get_visible(Material.objects.select_related("matter"), user, pk=pk)
