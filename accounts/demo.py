"""Demo accounts, one per role (and a second inspector and director in the neighbouring county)."""

from accounts.models import Role, User
from centers.demo import DemoCounty

PASSWORD = "demo12345"


def _account(username: str, display_name: str, role: str, **ties) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"display_name": display_name, "role": role, **ties})
    if created:
        user.set_password(PASSWORD)
        if role == Role.ADMIN:
            user.is_staff = user.is_superuser = True
        user.full_clean()
        user.save()
    return user


def seed_accounts(counties: list[DemoCounty]) -> list[tuple[str, str, str]]:
    """Create the demo accounts if missing; return (username, password, what it is) for printing."""
    main, other = counties[0], counties[1]
    centre = main.centres[0]
    window_staff = next(p for p in main.staff if p.centre_id == centre.pk and p.window_id)
    station_staff = next(p for p in main.staff if p.station_id and p.station.centre_id == centre.pk)
    rows = [
        (_account("admin", "系统管理员", Role.ADMIN), "管理员（全部数据）"),
        (_account("inspector", "县考核组 李明", Role.INSPECTOR, region=main.county), f"考核人员（{main.county.name}）"),
        (_account("director", f"{centre.region.name}中心主任", Role.DIRECTOR, centre=centre), f"中心主任（{centre.name}）"),
        (_account("staff", window_staff.name, Role.STAFF, staff=window_staff), f"窗口工作人员（{window_staff.name}）"),
        (_account("agent", station_staff.name, Role.STAFF, staff=station_staff), f"便民服务站工作人员（{station_staff.name}）"),
        (_account("inspector2", "安岳县考核组", Role.INSPECTOR, region=other.county), f"考核人员（{other.county.name}）"),
        (_account("supervisor", f"{main.county.parent.name}政务服务管理局", Role.SUPERVISOR, region=main.county.parent),
         f"上级监管人员（{main.county.parent.name}，只读）"),
        (_account("director2", "岳阳镇中心主任", Role.DIRECTOR, centre=other.centres[0]), f"中心主任（{other.centres[0].name}）"),
    ]
    duty = User.objects.filter(username="duty").first()  # made by staff_scoring.demo: the director's duty officer
    if duty is not None:
        rows.append((duty, f"值班人员（{duty.display_name}，可代主任记录扣分加分）"))
    return [(user.username, PASSWORD, what) for user, what in rows]
