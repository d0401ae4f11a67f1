"""Demo catalogues for `seed_demo`: the reference catalogues (71 matters, 26 on the village proxy list), and for each
centre its stationed list (a few required matters missing), one-thing bundles, life services, a local matter, a
change history, and proxy lists for most stations. Deterministic for a given seed; running it again keeps the data
(a centre or station that already has a list is left alone).
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from centers.demo import DemoCounty
from centers.models import ServiceCentre, Station, Window
from matters.choices import ChangeAction, ChangeList, Level, LifeKind, MaterialForm, Mode, ReferenceKind
from matters.demo_data import LIFE_PROVIDERS, LOCAL_MATTER, MATTERS, ONE_THINGS, PROCESS, VILLAGE_PROXY, M
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
from matters.selectors import search_text_for

FORMS = {"原": MaterialForm.ORIGINAL, "复": MaterialForm.COPY, "双": MaterialForm.BOTH, "电": MaterialForm.ELECTRONIC}
CENTRE_CATALOGUE = "四川省进驻乡镇（街道）便民服务中心政务服务事项参考目录（演示）"
STATION_CATALOGUE = "四川省村级代办事项参考目录（演示）"
# window name (centers.demo.WINDOW_NAMES) by matter area
WINDOW_BY_AREA = {
    "社会保障": "社会保障", "就业培训": "社会保障", "医疗": "社会保障", "税务": "社会保障",
    "城乡低保": "民政救助", "社会救助": "民政救助", "殡葬服务": "民政救助", "老年人服务": "民政救助",
    "儿童福利": "民政救助", "残疾人服务": "民政救助", "社会事务": "民政救助",
    "土地流转": "农业农村", "惠民政策咨询": "农业农村", "农业生产": "农业农村", "林业": "农业农村", "乡村振兴": "农业农村",
    "卫生计生": "卫生健康", "农村建房": "自然资源", "退役军人服务": "退役军人服务",
}
ADJUSTMENT_REASONS = [
    "根据县政务服务管理局事项调整通知",
    "县级部门事项下放，按“应进必进”要求进驻",
    "群众高频办理需求，纳入进驻目录",
    "窗口调整，优化办理流程",
    "按省级参考目录更新",
]


def _material(matter: Matter, position: int, spec: str) -> Material:
    name, form, copies, required = M.get(spec, spec).split("|")
    return Material(matter=matter, position=position, name=name, form=FORMS[form], copies=int(copies),
                    required=required == "1")


def _matter(row, *, centre: ServiceCentre | None = None, names: dict | None = None) -> tuple[Matter, list[str]]:
    (code, area, name, department, category, handling, level, basis, conditions, legal, promised, result,
     materials, online, proxy) = row[:15]
    names = names or {}
    matter = Matter(
        centre=centre, code=code, name=name, area=area, department=department.format(**names), category=category,
        handling_type=handling, level=level, legal_basis=basis.format(**names), conditions=conditions,
        process=PROCESS[handling], legal_days=legal, promised_days=promised, fee_standard="不收费",
        fee_basis="" if category != "power" else "依法不收费", result=result, online=online, proxy_eligible=proxy,
    )
    return matter, materials


def _save_matter(matter: Matter, materials: list[str]) -> Matter:
    matter.full_clean(exclude=["search_text"])
    matter.save()
    rows = [_material(matter, n, spec) for n, spec in enumerate(materials, start=1)]
    Material.objects.bulk_create(rows)
    matter.search_text = search_text_for(matter, [m.name for m in rows])
    matter.save(update_fields=["search_text"])
    return matter


def _reference(on) -> tuple[ReferenceCatalogue, ReferenceCatalogue, dict[str, Matter]]:
    centre_cat, _ = ReferenceCatalogue.objects.get_or_create(
        name=CENTRE_CATALOGUE,
        defaults={"kind": ReferenceKind.CENTRE, "issued_by": "四川省政务服务和公共资源交易服务中心（演示）",
                  "document_no": "川政务〔2024〕演示1号", "issued_on": on - timedelta(days=700)},
    )
    station_cat, _ = ReferenceCatalogue.objects.get_or_create(
        name=STATION_CATALOGUE,
        defaults={"kind": ReferenceKind.STATION, "issued_by": "四川省政务服务和公共资源交易服务中心（演示）",
                  "document_no": "川政务〔2024〕演示2号", "issued_on": on - timedelta(days=700)},
    )
    existing = {m.code: m for m in Matter.objects.filter(centre__isnull=True, code__in=[r[0] for r in MATTERS])}
    by_code = {}
    for row in MATTERS:
        matter = existing.get(row[0])
        if matter is None:
            matter = _save_matter(*_matter(row))
        by_code[row[0]] = matter
    if not centre_cat.items.exists():
        ReferenceItem.objects.bulk_create([
            ReferenceItem(catalogue=centre_cat, matter=by_code[row[0]], required=row[15], position=n)
            for n, row in enumerate(MATTERS, start=1)
        ])
        CatalogueChange.objects.create(
            on=centre_cat.issued_on, action=ChangeAction.ADD, list_kind=ChangeList.REFERENCE, catalogue=centre_cat,
            summary=f"印发参考目录，收录事项{len(MATTERS)}个", reason="省级参考目录印发",
        )
    if not station_cat.items.exists():
        ReferenceItem.objects.bulk_create([
            ReferenceItem(catalogue=station_cat, matter=by_code[code], required=False, position=n)
            for n, code in enumerate(VILLAGE_PROXY, start=1)
        ])
        CatalogueChange.objects.create(
            on=station_cat.issued_on, action=ChangeAction.ADD, list_kind=ChangeList.REFERENCE, catalogue=station_cat,
            summary=f"印发村级代办事项参考目录，收录事项{len(VILLAGE_PROXY)}个", reason="省级参考目录印发",
        )
    return centre_cat, station_cat, by_code


def _window_for(windows: dict[str, Window], area: str) -> Window | None:
    return windows.get(WINDOW_BY_AREA.get(area, ""), windows.get("综合受理"))


def _mode_for(rng: random.Random, matter: Matter) -> str:
    if matter.level in (Level.TOWN, Level.VILLAGE):
        return Mode.HANDLE
    if matter.handling_type == "reported":
        return rng.choice([Mode.ACCEPT, Mode.ENTRUSTED])
    return rng.choice([Mode.ACCEPT, Mode.ENTRUSTED, Mode.AUTHORISED, Mode.PROXY])


def _seed_centre(rng: random.Random, centre: ServiceCentre, by_code: dict[str, Matter], index: int, today) -> None:
    windows = {w.name: w for w in centre.windows.all()}
    town, county = centre.region.name, centre.region.parent.name
    in_bundles = {code for _, _, codes, _ in ONE_THINGS for code in codes}
    required = [row[0] for row in MATTERS if row[15]]
    optional = [row[0] for row in MATTERS if not row[15]]
    missing = set(rng.sample([c for c in required if c not in in_bundles], (1, 3, 2, 4)[index % 4]))
    skipped = set(rng.sample(optional, rng.randint(3, 8)))
    chosen = [row[0] for row in MATTERS if row[0] not in missing and row[0] not in skipped]
    drafts = set(rng.sample([c for c in chosen if c not in in_bundles], 2)) if index == 0 else set()
    first_published = timezone.now() - timedelta(days=420)
    entries = []
    for position, code in enumerate(chosen, start=1):
        matter = by_code[code]
        entries.append(CatalogueEntry(
            centre=centre, matter=matter, mode=_mode_for(rng, matter), window=_window_for(windows, matter.area),
            position=position, published=code not in drafts, published_at=None if code in drafts else first_published,
        ))
    # the centre's own matter
    local, materials = _matter(LOCAL_MATTER, centre=centre, names={"town": town})
    local.code = f"L-{centre.code}-01"
    _save_matter(local, materials)
    entries.append(CatalogueEntry(centre=centre, matter=local, mode=Mode.HANDLE, window=windows.get("农业农村"),
                                  position=len(entries) + 1, published=True, published_at=first_published))
    CatalogueEntry.objects.bulk_create(entries)

    changes = [
        CatalogueChange(on=today - timedelta(days=420), action=ChangeAction.PUBLISH, list_kind=ChangeList.CENTRE,
                        centre=centre, summary=f"{centre.name}印发进驻事项目录，共{len(entries)}个事项",
                        reason="对照省级参考目录，结合本镇实际编制并印发"),
    ]
    # recent adjustments (the last centre of the demo county has none in the last 12 months)
    ages = [400, 390] if index == 2 else sorted(rng.sample(range(20, 330), 3), reverse=True)
    for age in ages:
        entry = rng.choice(entries[:-1])
        changes.append(CatalogueChange(
            on=today - timedelta(days=age), action=ChangeAction.CHANGE, list_kind=ChangeList.CENTRE, centre=centre,
            matter=entry.matter, matter_name=entry.matter.name, reason=rng.choice(ADJUSTMENT_REASONS),
            summary=f"{centre.name}调整「{entry.matter.name}」：办理窗口", after={"办理窗口": str(entry.window or "")},
        ))
    if drafts:
        for code in sorted(drafts):
            changes.append(CatalogueChange(
                on=today - timedelta(days=3), action=ChangeAction.ADD, list_kind=ChangeList.CENTRE, centre=centre,
                matter=by_code[code], matter_name=by_code[code].name, reason="县级部门事项下放，按“应进必进”要求进驻",
                summary=f"{centre.name}新增「{by_code[code].name}」",
            ))

    stale = index == 2  # this centre has neither adjusted its lists in the last 12 months nor published bundles

    def age(low: int, high: int) -> int:
        return rng.randint(380, 700) if stale else rng.randint(low, high)

    # one-thing bundles: published everywhere but at the stale centre (drafts there)
    stationed = {e.matter.code for e in entries}
    for position, (name, description, codes, days) in enumerate(ONE_THINGS[: rng.randint(3, len(ONE_THINGS))], start=1):
        if not all(code in stationed for code in codes):
            continue
        bundle = OneThing.objects.create(
            centre=centre, name=name, description=description, promised_days=days, window=windows.get("综合受理"),
            process="一次告知：综合窗口一次性告知全部材料\n一表申请：填写一张综合申请表\n一窗受理：综合窗口统一收件\n并联办理：相关窗口同步审核\n一次办结：统一送达办理结果",
            position=position, published=not stale, published_at=None if stale else first_published,
        )
        OneThingMember.objects.bulk_create(
            [OneThingMember(bundle=bundle, matter=by_code[code], position=n) for n, code in enumerate(codes, start=1)]
        )
        changes.append(CatalogueChange(
            on=today - timedelta(days=age(60, 300)), action=ChangeAction.ADD, list_kind=ChangeList.ONE_THING,
            centre=centre, reason="推进“一件事一次办”，优化整合关联事项", summary=f"新增一件事「{name}」",
        ))

    kinds = rng.sample([k.value for k in LifeKind], rng.randint(3, 7))
    for kind in sorted(kinds):
        provider, location = LIFE_PROVIDERS[kind]
        LifeService.objects.create(
            centre=centre, kind=kind, provider=provider.format(county=county, town=town), location=location,
            hours="周一至周五 9:00-12:00，13:30-17:30",
        )
    changes.append(CatalogueChange(
        on=today - timedelta(days=age(100, 380)), action=ChangeAction.ADD, list_kind=ChangeList.LIFE,
        centre=centre, reason="拓展便民服务范围，引入生活服务事项进驻大厅",
        summary=f"进驻生活服务{len(kinds)}类：{'、'.join(LifeKind(k).label for k in sorted(kinds))}",
    ))
    CatalogueChange.objects.bulk_create(changes)


def _seed_station(rng: random.Random, station: Station, by_code: dict[str, Matter], today) -> None:
    codes = sorted(rng.sample(VILLAGE_PROXY, rng.randint(10, 18)), key=VILLAGE_PROXY.index)
    CatalogueEntry.objects.bulk_create([
        CatalogueEntry(station=station, matter=by_code[code], mode=Mode.PROXY, position=n, published=True,
                       published_at=timezone.now() - timedelta(days=300))
        for n, code in enumerate(codes, start=1)
    ])
    CatalogueChange.objects.create(
        on=today - timedelta(days=300), action=ChangeAction.PUBLISH, list_kind=ChangeList.STATION, station=station,
        summary=f"{station.name}公布代办事项目录，共{len(codes)}个事项", reason="参照村级代办事项参考目录，梳理本村高频事项",
    )


@transaction.atomic
def seed(counties: list[DemoCounty], rng: random.Random) -> None:
    today = timezone.localdate()
    _, _, by_code = _reference(today)
    for demo in counties:
        for index, centre in enumerate(demo.centres):
            if not CatalogueEntry.objects.filter(centre=centre).exists():
                _seed_centre(rng, centre, by_code, index, today)
        for n, station in enumerate(demo.stations):
            # every fourth station has not formed its proxy list yet
            if n % 4 != 3 and not CatalogueEntry.objects.filter(station=station).exists():
                _seed_station(rng, station, by_code, today)
