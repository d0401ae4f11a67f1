"""Matter test data built in code. ``walk_object`` makes (once) an object of each kind inside a county, for the
scope walk (tests/scopewalk.py ARGUMENTS)."""

from __future__ import annotations

from centers.models import ServiceCentre
from matters.choices import Category, HandlingType, Level, Mode, ReferenceKind
from matters.models import (
    CatalogueEntry,
    LifeService,
    Material,
    Matter,
    OneThing,
    OneThingMember,
    ReferenceCatalogue,
    ReferenceItem,
)
from matters.selectors import search_text_for


def matter(code: str, name: str | None = None, *, centre: ServiceCentre | None = None, area: str = "社会保障",
           materials: tuple[str, ...] = ("居民身份证", "户口簿"), **extra) -> Matter:
    fields = {
        "name": name or f"事项{code}", "area": area, "department": "县人力资源和社会保障局",
        "category": Category.PUBLIC, "handling_type": HandlingType.PROMISED, "level": Level.COUNTY,
        "legal_basis": "《中华人民共和国社会保险法》", "conditions": "符合条件的城乡居民", "process": "申请\n受理\n审核\n办结",
        "legal_days": 20, "promised_days": 10, "result": "办理结果通知", **extra,
    }
    obj = Matter(code=code, centre=centre, **fields)
    obj.full_clean()
    obj.save()
    for position, material_name in enumerate(materials, start=1):
        Material.objects.create(matter=obj, position=position, name=material_name)
    obj.search_text = search_text_for(obj, list(materials))
    obj.save(update_fields=["search_text"])
    return obj


def catalogue(kind: str = ReferenceKind.CENTRE, name: str | None = None, **extra) -> ReferenceCatalogue:
    return ReferenceCatalogue.objects.create(
        kind=kind, name=name or ("进驻乡镇便民服务中心政务服务事项参考目录" if kind == ReferenceKind.CENTRE else "村级代办事项参考目录"),
        **extra,
    )


def item(catalogue_: ReferenceCatalogue, matter_: Matter, required: bool = True) -> ReferenceItem:
    position = catalogue_.items.count() + 1
    return ReferenceItem.objects.create(catalogue=catalogue_, matter=matter_, required=required, position=position)


def entry(owner, matter_: Matter, *, published: bool = True, mode: str = Mode.HANDLE, window=None) -> CatalogueEntry:
    field = "centre" if isinstance(owner, ServiceCentre) else "station"
    obj = CatalogueEntry(**{field: owner}, matter=matter_, mode=mode, window=window, published=published,
                         position=CatalogueEntry.objects.filter(**{field: owner}).count() + 1)
    obj.full_clean()
    obj.save()
    return obj


def bundle(centre: ServiceCentre, matters: list[Matter], *, name: str = "新生儿出生一件事", published: bool = True) -> OneThing:
    obj = OneThing.objects.create(centre=centre, name=name, process="一次告知\n一表申请\n一窗受理\n一次办结",
                                  promised_days=5, published=published)
    for position, m in enumerate(matters, start=1):
        OneThingMember.objects.create(bundle=obj, matter=m, position=position)
    return obj


# --- for the scope walk ---------------------------------------------------------------------------------------------

def walk_object(kind: str, county) -> int:
    """The pk of an object of ``kind`` inside ``county`` (a tests.factories.County), made on first use."""
    centre: ServiceCentre = county.centre
    local = Matter.objects.filter(centre=centre, code=f"L-{centre.code}").first() or matter(
        f"L-{centre.code}", f"{centre.region.name}特色事项", centre=centre
    )
    if kind == "matter":
        return local.pk
    if kind == "material":
        return local.materials.first().pk
    centre_entry = CatalogueEntry.objects.filter(centre=centre, matter=local).first() or entry(
        centre, local, window=county.window
    )
    if kind == "entry":
        return centre_entry.pk
    if kind == "bundle":
        found = OneThing.objects.filter(centre=centre).first()
        if found is None:
            other = Matter.objects.filter(centre=centre, code=f"L2-{centre.code}").first() or matter(
                f"L2-{centre.code}", f"{centre.region.name}第二事项", centre=centre
            )
            if not CatalogueEntry.objects.filter(centre=centre, matter=other).exists():
                entry(centre, other)
            found = bundle(centre, [local, other])
        return found.pk
    if kind == "service":
        found = LifeService.objects.filter(centre=centre).first() or LifeService.objects.create(
            centre=centre, kind="power", provider=f"{centre.region.name}供电所"
        )
        return found.pk
    shared = ReferenceCatalogue.objects.filter(name="走查用参考目录").first() or catalogue(name="走查用参考目录")
    if kind == "catalogue":
        return shared.pk
    if kind == "item":
        found = shared.items.first()
        if found is None:
            reference = Matter.objects.filter(centre__isnull=True, code="WALK-REF").first() or matter("WALK-REF", "走查参考事项")
            found = item(shared, reference)
        return found.pk
    raise ValueError(kind)
