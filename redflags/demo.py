"""Demo data for the window ledger and the red flag (`seed_demo`): for each demo centre, this year's months up to
last month — everyday deductions, information points, approved 附加分, one severe item, a window that keeps
finishing last — each month published, so the ranking, red flags, notices and the annual page have content.

Deterministic for a seed; safe to re-run: a centre whose windows already have ledger events is left as it is.

People are the demo accounts: the centre's director records the events, publishes each month a few days after it
ends, and checks and approves the 附加分; a window's declaration is made by its staff account (the ``staff`` demo
account's window) or, for a window without one, by the director on its behalf — and then approved by the admin,
since whoever declared may not approve (redflags.workflow).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from centers.demo import DemoCounty
from centers.models import Window
from core import audit
from core.definitions import import_definition
from redflags import services
from redflags.ledger import SCHEME_CODE, month_end
from redflags.models import (
    Declaration,
    DeclarationItem,
    DeclarationState,
    MonthPublication,
    RedFlagPolicy,
    WindowEvent,
)
from scoring.ledger import Event, validate_event
from staff_scoring.demo import centre_director, ensure_accounts
from staff_scoring.schemes import SCHEMES, scheme_of

# (rule, weight, points or None for fixed-point rules, note)
EVERYDAY = [
    ("1.3", 4, "1", "办件签收不到位，材料交接单缺签字"),
    ("1.7", 3, "1", "当日办件未及时录入办件管理系统"),
    ("3.1", 3, "0.5", "一件承诺件超过承诺时限1天"),
    ("4.3", 2, None, "擅自更改窗口电脑IP地址"),
    ("5.5", 5, "0.5", "上班迟到约10分钟"),
    ("5.10", 3, "0.3", "在窗口工作区串岗聊天"),
    ("6.1", 3, "0.2", "着装不规范，未佩戴工作牌"),
    ("7.1", 3, "0.3", "窗口桌面资料摆放零乱"),
    ("8.1", 2, "0.5", "办事须知断档未及时补充"),
    ("9.late", 2, None, "月度信息未按时报送"),
    ("9.extra", 4, None, "多报送信息一篇"),
]
BONUS = [("A4", "1", "推行“帮办代办”预约服务，群众好评"), ("A6", "0.5", "周末加班完成集中认证任务"),
         ("A1", "2", "收到企业感谢信一封"), ("A9", "0.8", "承诺件提前办结率较高")]


def ensure_scheme():
    path = settings.FIXTURES_DIR / "schemes" / f"{SCHEME_CODE}.yaml"
    return import_definition(SCHEMES, path.read_bytes(), source_name=path.name, publish=True).obj


def seed(counties: list[DemoCounty], rng: random.Random) -> None:
    version = ensure_scheme()
    ensure_accounts(counties)
    today = timezone.localdate()
    months = [(today.year, m) for m in range(1, today.month)] or [(today.year - 1, 12)]
    for county in counties:
        for centre in county.centres:
            windows = list(Window.objects.filter(centre=centre, active=True).order_by("number"))
            if len(windows) < 2 or WindowEvent.objects.filter(window__centre=centre).exists():
                continue
            with transaction.atomic():
                _seed_centre(centre, windows, version, months, rng)


def _weekday(year: int, month: int, rng: random.Random) -> dt.date:
    day = dt.date(year, month, rng.randint(1, 28))
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _seed_centre(centre, windows, version, months, rng) -> None:
    scheme = scheme_of(version)
    RedFlagPolicy.objects.get_or_create(centre=centre, defaults={"monthly_red_flags": min(3, len(windows) - 1),
                                                                 "annual_red_flags": 2})
    now = timezone.now()
    director = centre_director(centre)
    events: list[WindowEvent] = []

    def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute))), now)

    def add(window, day, rule, points=None, note="", occurrences=1):
        points = Decimal(points) if points is not None else None
        validate_event(scheme, Event(date=day, rule=rule, points=points, occurrences=occurrences))
        events.append(WindowEvent(window=window, scheme_version=version, rule=rule, kind=scheme.rules[rule].kind,
                                  date=day, points=points, occurrences=occurrences, note=note,
                                  recorded_by=director, recorded_at=at(day, 17, 30)))

    rules = [r for r, _, _, _ in EVERYDAY]
    weights = [w for _, w, _, _ in EVERYDAY]
    table = {r: (p, n) for r, _, p, n in EVERYDAY}
    laggard = windows[-1]  # keeps finishing last in the spring: notices
    severe_window = windows[1] if len(windows) > 2 else None
    for index, (year, month) in enumerate(months):
        for window in windows:
            for _ in range(rng.randint(0, 3)):
                rule = rng.choices(rules, weights)[0]
                points, note = table[rule]
                add(window, _weekday(year, month, rng), rule, points, note)
        if 2 <= index <= 4:
            add(laggard, _weekday(year, month, rng), "1.6", "3", "未一次性书面告知需补正的材料，群众往返多次")
            add(laggard, _weekday(year, month, rng), "6.2", "1", "态度生硬，群众不满意")
        if index == 6:
            add(laggard, _weekday(year, month, rng), "2.4", "5", "未执行惠民收费减免政策")
        if severe_window is not None and index == 1:
            add(severe_window, _weekday(year, month, rng), "S5", None, "窗口有责投诉，造成严重后果")
        if index % 2 == 0:
            add(windows[0], _weekday(year, month, rng), "4.1", None, "私接笔记本电脑到局域网")
            add(windows[0], _weekday(year, month, rng), "4.1", None, "再次发现私接设备（加倍累计）")
    WindowEvent.objects.bulk_create(events, batch_size=1000)

    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    declarers = {}  # a window's staff account, if it has one (the ``staff`` demo account's window)
    for user in User.objects.filter(role=Role.STAFF, staff__window__in=windows).select_related("staff"):
        declarers.setdefault(user.staff.window_id, user)
    for year, month in months:
        end = month_end(year, month)
        for window in rng.sample(windows, k=max(1, len(windows) // 3)):
            rule, points, reason = rng.choice(BONUS)
            declarer = declarers.get(window.pk, director)
            approver = director if declarer != director else (admin or director)
            declared, checked, approved = at(end, 17), at(end + dt.timedelta(days=1), 10), at(end + dt.timedelta(days=2), 16)
            declaration = Declaration.objects.create(
                window=window, year=year, month=month, scheme_version=version, state=DeclarationState.APPROVED,
                declared_by=declarer, declared_at=declared, checked_by=director, checked_at=checked,
                approved_by=approver, approved_at=approved,
                note="月底申报（演示数据）" if declarer != director else "窗口无账号，由中心主任代为申报（演示数据）",
            )
            DeclarationItem.objects.create(declaration=declaration, rule=rule, points=Decimal(points), reason=reason)
            for actor, action, stamp in ((declarer, "申报附加分", declared), (director, "附加分申报：审核通过", checked),
                                         (approver, "附加分申报：审定", approved)):
                entry = audit.record(actor=actor, action=action, target=declaration, summary=str(declaration))
                entry.at = stamp
                entry.save(update_fields=["at"])

    for year, month in months:
        publication = services.month_publish(actor=director, centre=centre, year=year, month=month)
        MonthPublication.objects.filter(pk=publication.pk).update(
            published_at=at(month_end(year, month) + dt.timedelta(days=4), 10))
