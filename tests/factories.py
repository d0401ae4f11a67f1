"""Test data built in code: small factory functions and a two-county world with one user per role."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from accounts.models import Role, User
from centers.choices import RegionLevel, StaffCategory, WindowKind
from centers.models import Region, ServiceCentre, Staff, Station, Window

_seq = itertools.count(1)
PASSWORD = "pw-for-tests-1"


def region(parent: Region | None, level: str, name: str) -> Region:
    code = f"{parent.code if parent else '9'}{next(_seq):03d}"
    obj = Region(parent=parent, level=level, code=code, name=name)
    obj.full_clean()
    obj.save()
    return obj


def centre(town: Region, **extra) -> ServiceCentre:
    obj = ServiceCentre(region=town, code=f"c{town.code}", name=f"{town.name}人民政府便民服务中心", **extra)
    obj.full_clean()
    obj.save()
    return obj


def window(centre_: ServiceCentre, number: int = 1, name: str = "综合受理", kind: str = WindowKind.COMPREHENSIVE) -> Window:
    return Window.objects.create(centre=centre_, number=number, name=name, kind=kind)


def station(village: Region, centre_: ServiceCentre) -> Station:
    obj = Station(region=village, centre=centre_, code=f"s{village.code}", name=f"{village.name}便民服务站")
    obj.full_clean()
    obj.save()
    return obj


def staff(*, centre_: ServiceCentre | None = None, station_: Station | None = None, window_: Window | None = None,
          name: str = "张三", category: str = StaffCategory.INSTITUTION, **extra) -> Staff:
    obj = Staff(name=name, category=category, centre=centre_, station=station_, window=window_, **extra)
    obj.full_clean()
    obj.save()
    return obj


def user(username: str, role: str = "", **ties) -> User:
    obj = User(username=username, role=role, display_name=username, **ties)
    if role == Role.ADMIN:
        obj.is_staff = True
    obj.set_password(PASSWORD)
    obj.save()
    return obj


@dataclass
class County:
    county: Region
    town: Region
    village: Region
    centre: ServiceCentre
    window: Window
    station: Station
    window_staff: Staff
    station_staff: Staff
    inspector: User
    director: User
    staff_user: User


def county(name: str, city: Region) -> County:
    county_ = region(city, RegionLevel.COUNTY, name)
    town = region(county_, RegionLevel.TOWN, f"{name[:-1]}镇")
    village = region(town, RegionLevel.VILLAGE, f"{name[:-1]}村")
    centre_ = centre(town)
    window_ = window(centre_)
    station_ = station(village, centre_)
    window_staff = staff(centre_=centre_, window_=window_, name=f"{name[:1]}窗口员", category=StaffCategory.CIVIL_SERVANT)
    station_staff = staff(station_=station_, name=f"{name[:1]}代办员", category=StaffCategory.VILLAGE_AGENT)
    tag = county_.code
    return County(
        county=county_, town=town, village=village, centre=centre_, window=window_, station=station_,
        window_staff=window_staff, station_staff=station_staff,
        inspector=user(f"inspector{tag}", Role.INSPECTOR, region=county_),
        director=user(f"director{tag}", Role.DIRECTOR, centre=centre_),
        staff_user=user(f"staff{tag}", Role.STAFF, staff=window_staff),
    )


@dataclass
class World:
    """Two counties in two cities: ``a`` (in ``city``) is home, ``b`` (in ``other_city``) is the outside world; plus an
    admin, the home city's supervisor (上级监管人员: reads the city, county ``a``, and not ``b``) and a role-less user."""

    city: Region
    other_city: Region
    a: County
    b: County
    admin: User
    supervisor: User
    nobody: User

    def users_by_role(self) -> dict[str, User]:
        return {
            "admin": self.admin, "supervisor": self.supervisor, "inspector": self.a.inspector,
            "director": self.a.director, "staff": self.a.staff_user, "outsider": self.nobody,
        }


def world() -> World:
    city = region(None, RegionLevel.CITY, "测试市")
    other_city = region(None, RegionLevel.CITY, "邻市")
    return World(city=city, other_city=other_city, a=county("甲县", city), b=county("乙县", other_city),
                 admin=user("admin-user", Role.ADMIN), supervisor=user("supervisor-user", Role.SUPERVISOR, region=city),
                 nobody=user("nobody"))


def xlsx_upload(header, rows, name: str = "导入.xlsx"):
    """An uploaded .xlsx whose first sheet has ``header`` and ``rows`` (imports' tests)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
