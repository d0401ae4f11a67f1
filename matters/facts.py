"""Facts for assessment, computed from the matter catalogues (docs/domain.md §4: computed items are pre-filled).

The rubric engine's computed criteria bind to the names in ``scoring.rubric.facts.FACTS``; ``facts_for(subject)``
gives them for a centre or a station. What counts:

* a matter is stationed when the centre's list has a *published* entry for it (a draft is not yet in force);
* required = marked 应进必进 in the reference catalogue that applies to the centre (the most specific active one);
* life services count distinct kinds (水、电、气、电视、通信、金融、邮政快递), each kind once (宝林镇方案 附件1: 进驻一项得0.5分);
* an adjustment is any recorded change to the centre's own lists (stationed list, local matters, one-thing
  bundles, life services) dated within the 365 days up to ``on``; publishing alone is not an adjustment;
* a station's proxy list is present when it has at least one published entry.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from centers.models import ServiceCentre, Station
from matters import selectors
from matters.choices import ChangeAction, ReferenceKind
from matters.models import CatalogueChange, CatalogueEntry, LifeService, OneThing, ReferenceCatalogue, ReferenceItem


def _required_matter_ids(catalogue: ReferenceCatalogue | None) -> set[int]:
    if catalogue is None:
        return set()
    return set(catalogue.items.filter(required=True).values_list("matter_id", flat=True))


def required_missing(centre: ServiceCentre) -> int:
    """How many required matters of the applicable reference catalogue the centre has not (published as) stationed."""
    required = _required_matter_ids(selectors.reference_catalogue_for(centre.region, ReferenceKind.CENTRE))
    if not required:
        return 0
    stationed = set(
        CatalogueEntry.objects.filter(centre=centre, published=True, matter_id__in=required).values_list("matter_id", flat=True)
    )
    return len(required - stationed)


def life_services_count(centre: ServiceCentre) -> int:
    return LifeService.objects.filter(centre=centre).values("kind").distinct().count()


def life_services_kinds(centre: ServiceCentre) -> list[str]:
    """Which kinds are stationed, by their Chinese label, in the order of the choices."""
    from matters.choices import LifeKind

    kinds = set(LifeService.objects.filter(centre=centre).values_list("kind", flat=True))
    return [kind.label for kind in LifeKind if kind.value in kinds]


def one_thing_list_published(centre: ServiceCentre) -> bool:
    return OneThing.objects.filter(centre=centre, published=True).exists()


def stationed_catalogue_published(centre: ServiceCentre) -> bool:
    return CatalogueEntry.objects.filter(centre=centre, published=True).exists()


def catalogue_adjusted_12m(centre: ServiceCentre, on: date) -> bool:
    return selectors.adjusted_since(centre, on).exists()


def station_proxy_list_present(station: Station) -> bool:
    return CatalogueEntry.objects.filter(station=station, published=True).exists()


def guides_published(subject: ServiceCentre | Station) -> bool:
    """The subject has published entries and each one's matter discloses its process (the public guide page shows
    the nine disclosures, 九公开, of every published entry)."""
    entries = CatalogueEntry.objects.filter(published=True, **{
        "station" if isinstance(subject, Station) else "centre": subject})
    return entries.exists() and not entries.filter(matter__process="").exists()


def station_online_proxy(station: Station) -> bool:
    """The station's published proxy list (定点办 at the station) has matters that can also be done online (掌上办)."""
    return CatalogueEntry.objects.filter(station=station, published=True, matter__online=True).exists()


def facts_for(subject: ServiceCentre | Station, on: date | None = None) -> dict[str, Any]:
    """The facts of a centre or a station, keyed by the fact names the rubric engine binds to."""
    if isinstance(subject, Station):
        return {"matters.station_proxy_list_present": station_proxy_list_present(subject)}
    on = on or timezone.localdate()
    return {
        "matters.required_missing": required_missing(subject),
        "matters.life_services_count": life_services_count(subject),
        "matters.one_thing_list_published": one_thing_list_published(subject),
        "matters.catalogue_adjusted_12m": catalogue_adjusted_12m(subject, on),
        "matters.stationed_catalogue_published": stationed_catalogue_published(subject),
    }


def facts_table(centres: list[ServiceCentre], on: date | None = None) -> dict[int, dict[str, Any]]:
    """``facts_for`` for many centres at once in a fixed number of queries (the inspector's overview).

    The centres must come with ``region`` loaded.
    """
    on = on or timezone.localdate()
    ids = [c.pk for c in centres]
    catalogues = list(
        ReferenceCatalogue.objects.filter(kind=ReferenceKind.CENTRE, active=True).select_related("region")
    )
    required: dict[int, set[int]] = {c.pk: set() for c in catalogues}
    for catalogue_id, matter_id in (
        ReferenceItem.objects.filter(catalogue__in=catalogues, required=True)
        .values_list("catalogue_id", "matter_id")
    ):
        required[catalogue_id].add(matter_id)
    stationed: dict[int, set[int]] = {pk: set() for pk in ids}
    for centre_id, matter_id in CatalogueEntry.objects.filter(centre_id__in=ids, published=True).values_list(
        "centre_id", "matter_id"
    ):
        stationed[centre_id].add(matter_id)
    kinds: dict[int, set[str]] = {pk: set() for pk in ids}
    for centre_id, kind in LifeService.objects.filter(centre_id__in=ids).values_list("centre_id", "kind"):
        kinds[centre_id].add(kind)
    one_things = set(OneThing.objects.filter(centre_id__in=ids, published=True).values_list("centre_id", flat=True))
    adjusted = set(
        CatalogueChange.objects.filter(centre_id__in=ids, on__gt=on - timedelta(days=365), on__lte=on)
        .exclude(action=ChangeAction.PUBLISH)
        .values_list("centre_id", flat=True)
    )
    table = {}
    for centre in centres:
        applicable = [
            c for c in catalogues if c.region_id is None or centre.region.path.startswith(c.region.path)
        ]
        applicable.sort(key=lambda c: (len(c.region.path) if c.region_id else 0, c.pk), reverse=True)
        needed = required[applicable[0].pk] if applicable else set()
        table[centre.pk] = {
            "matters.required_missing": len(needed - stationed[centre.pk]),
            "matters.life_services_count": len(kinds[centre.pk]),
            "matters.one_thing_list_published": centre.pk in one_things,
            "matters.catalogue_adjusted_12m": centre.pk in adjusted,
            "matters.stationed_catalogue_published": bool(stationed[centre.pk]),
        }
    return table


__all__ = [
    "catalogue_adjusted_12m", "facts_for", "facts_table", "life_services_count", "life_services_kinds",
    "one_thing_list_published", "required_missing", "station_proxy_list_present", "stationed_catalogue_published",
]
