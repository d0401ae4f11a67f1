"""Demo and scale data for the organisation: a demo county for `make demo`, a province for benchmarks.

Deterministic for a given seed. The county scale uses ordinary saves; the province scale uses bulk inserts with the
region paths computed here (bulk_create skips ``save()``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from centers.choices import RegionLevel, StaffCategory, WindowKind
from centers.models import Region, ServiceCentre, Staff, Station, Window

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玉萍建华红梅鑫波宇浩凯健俊帆帅旭宁龙林欣佳琳晨阳雪婷倩颖慧琴云莉燕丹海鹏飞斌雷亮志国庆春喆堃"
WINDOW_NAMES = [
    ("综合受理", WindowKind.COMPREHENSIVE), ("社会保障", WindowKind.SPECIALISED), ("民政救助", WindowKind.SPECIALISED),
    ("农业农村", WindowKind.SPECIALISED), ("卫生健康", WindowKind.SPECIALISED), ("自然资源", WindowKind.SPECIALISED),
    ("退役军人服务", WindowKind.SPECIALISED), ("办不成事反映", WindowKind.CANNOT_DO),
]
POSITIONS = ["窗口工作人员", "综合窗口受理员", "业务经办员", "首席代表", "帮办代办员"]
CATEGORIES = list(StaffCategory)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def phone(rng: random.Random) -> str:
    return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))


@dataclass
class DemoCounty:
    county: Region
    centres: list[ServiceCentre] = field(default_factory=list)
    stations: list[Station] = field(default_factory=list)
    staff: list[Staff] = field(default_factory=list)


DEMO_CITY = ("5120", "资阳市")
DEMO_COUNTIES = [
    ("512022", "乐至县", [
        ("512022101", "宝林镇", ["宝林村", "龙门村", "石佛村", "高寺村", "红光社区"]),
        ("512022102", "天池街道", ["南塔社区", "帅乡社区", "莲花村", "五星村"]),
        ("512022103", "回澜镇", ["回澜村", "桂花村", "白庙村", "水井村"]),
    ]),
    ("512021", "安岳县", [
        ("512021101", "岳阳镇", ["圆觉社区", "卧佛村", "千佛村"]),
    ]),
]


def _region(parent: Region | None, level: str, code: str, name: str) -> Region:
    region, _ = Region.objects.get_or_create(code=code, defaults={"parent": parent, "level": level, "name": name})
    return region


@transaction.atomic
def seed_county(rng: random.Random) -> list[DemoCounty]:
    """The demo city with two counties, their towns, centres, windows, stations and staff. Safe to re-run."""
    city = _region(None, RegionLevel.CITY, *DEMO_CITY)
    result = []
    for county_code, county_name, towns in DEMO_COUNTIES:
        county = _region(city, RegionLevel.COUNTY, county_code, county_name)
        demo = DemoCounty(county=county)
        for town_code, town_name, villages in towns:
            town = _region(county, RegionLevel.TOWN, town_code, town_name)
            kind = "人民政府" if town_name.endswith("镇") else "办事处"
            centre, created = ServiceCentre.objects.get_or_create(
                region=town,
                defaults={
                    "code": f"c{town_code}",
                    "name": f"{town_name}{kind}便民服务中心",
                    "address": f"{county_name}{town_name}政府街{rng.randint(1, 99)}号",
                    "phone": f"028-2{rng.randint(1000000, 9999999)}",
                    "opening_hours": "周一至周五 9:00-12:00，13:30-17:30（周末轮班值守）",
                    "hall_area": Decimal(rng.choice([180, 260, 320, 420])),
                    "functional_zones": "咨询引导区\n综合受理区\n自助服务区\n休息等候区\n帮办代办区",
                },
            )
            demo.centres.append(centre)
            if created:
                for number, (name, kind_) in enumerate(WINDOW_NAMES[: rng.randint(5, 8)], start=1):
                    Window.objects.create(centre=centre, number=number, name=name, kind=kind_)
            windows = list(centre.windows.order_by("number"))
            for index, village_name in enumerate(villages, start=1):
                village = _region(town, RegionLevel.VILLAGE, f"{town_code}{index:03d}", village_name)
                station, _ = Station.objects.get_or_create(
                    region=village,
                    defaults={
                        "centre": centre, "code": f"s{village.code}", "name": f"{village_name}便民服务站",
                        "in_party_centre": True, "opening_hours": "周一至周五 9:00-17:00",
                    },
                )
                demo.stations.append(station)
            if created:
                _seed_staff(rng, centre, windows, [s for s in demo.stations if s.centre_id == centre.pk])
        demo.staff = list(Staff.objects.filter(centre__region__parent=county) | Staff.objects.filter(
            station__region__parent__parent=county))
        result.append(demo)
    return result


def _seed_staff(rng: random.Random, centre: ServiceCentre, windows: list[Window], stations: list[Station]) -> None:
    people = []
    for window in windows:
        for _ in range(rng.choice((1, 2))):
            people.append(Staff(
                name=person_name(rng), unit=centre.name, position=rng.choice(POSITIONS[:4]), phone=phone(rng),
                party_member=rng.random() < 0.45, category=rng.choice(CATEGORIES[:3]), centre=centre, window=window,
                active_from=date(2023, rng.randint(1, 12), 1),
            ))
    for station in stations:
        people.append(Staff(
            name=person_name(rng), unit=station.name, position="便民服务站代办员", phone=phone(rng),
            party_member=rng.random() < 0.5, category=StaffCategory.VILLAGE_AGENT, station=station,
            active_from=date(2023, rng.randint(1, 12), 1),
        ))
        people.append(Staff(
            name=person_name(rng), unit=station.name, position="便民服务站站长", phone=phone(rng),
            party_member=True, category=rng.choice(CATEGORIES), station=station,
            active_from=date(2022, rng.randint(1, 12), 1),
        ))
    for person in people:
        person.full_clean()
        person.save()
    # AB posts (街道提升年方案 附件4 AB岗工作制): at a centre, each person backs up the next one at the centre.
    at_centre = [p for p in people if p.centre_id]
    for a, b in zip(at_centre, at_centre[1:] + at_centre[:1], strict=True):
        if a.pk != b.pk:
            a.backup = b
            a.save(update_fields=["backup"])


# --- province scale ---------------------------------------------------------------------------------------------

@transaction.atomic
def seed_province(rng: random.Random, *, counties: int = 150, towns_per_county: int = 20, villages_per_town: int = 10,
                  staff_total: int = 200_000, batch: int = 5000) -> dict[str, int]:
    """About 3,000 centres, 30,000 stations and 200,000 staff, with bulk inserts. Region codes start with 9."""
    province_city = Region(level=RegionLevel.CITY, code="9", name="演示省（规模测试）", path="/9/")
    province_city.save()
    county_regions = [
        Region(parent=province_city, level=RegionLevel.COUNTY, code=f"9{c:03d}", name=f"规模县{c:03d}",
               path=f"/9/9{c:03d}/")
        for c in range(counties)
    ]
    Region.objects.bulk_create(county_regions, batch_size=batch)
    town_regions = [
        Region(parent=county, level=RegionLevel.TOWN, code=f"{county.code}{t:03d}", name=f"{county.name}第{t + 1}镇",
               path=f"{county.path}{county.code}{t:03d}/")
        for county in county_regions for t in range(towns_per_county)
    ]
    Region.objects.bulk_create(town_regions, batch_size=batch)
    village_regions = [
        Region(parent=town, level=RegionLevel.VILLAGE, code=f"{town.code}{v:03d}", name=f"{town.name}{v + 1}村",
               path=f"{town.path}{town.code}{v:03d}/")
        for town in town_regions for v in range(villages_per_town)
    ]
    Region.objects.bulk_create(village_regions, batch_size=batch)
    centres = [
        ServiceCentre(region=town, code=f"c{town.code}", name=f"{town.name}人民政府便民服务中心")
        for town in town_regions
    ]
    ServiceCentre.objects.bulk_create(centres, batch_size=batch)
    centre_by_town = {c.region_id: c for c in centres}
    windows = [
        Window(centre=c, number=n, name=WINDOW_NAMES[n - 1][0], kind=WINDOW_NAMES[n - 1][1])
        for c in centres for n in range(1, 6)
    ]
    Window.objects.bulk_create(windows, batch_size=batch)
    stations = [
        Station(region=v, centre=centre_by_town[v.parent_id], code=f"s{v.code}", name=f"{v.name}便民服务站")
        for v in village_regions
    ]
    Station.objects.bulk_create(stations, batch_size=batch)
    # Staff: 2 per station (60,000), the rest spread over centre windows.
    people = []
    for station in stations:
        for _ in range(2):
            people.append(Staff(name=person_name(rng), category=StaffCategory.VILLAGE_AGENT, station=station))
    remaining = staff_total - len(people)
    for i in range(max(0, remaining)):
        window = windows[i % len(windows)]
        people.append(Staff(name=person_name(rng), category=rng.choice(CATEGORIES[:3]), centre_id=window.centre_id,
                            window=window))
    Staff.objects.bulk_create(people, batch_size=batch)
    return {"regions": 1 + len(county_regions) + len(town_regions) + len(village_regions), "centres": len(centres),
            "stations": len(stations), "windows": len(windows), "staff": len(people)}
