"""Builders for the red-flag tests and for the scope walk (tests/scopewalk.py ARGUMENTS)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from decimal import Decimal

from accounts.models import Role, User
from centers.models import Window
from redflags import services
from redflags.ledger import SCHEME_CODE
from redflags.models import Declaration, WindowEvent
from staff_scoring.models import SchemeVersion
from tests import factories


def ensure_scheme() -> SchemeVersion:
    """The shangyu-window scheme, published (every fixture scheme is loaded, as ``load_fixtures`` does)."""
    found = SchemeVersion.objects.filter(code=SCHEME_CODE, published_at__isnull=False).first()
    if found is None:
        from staff_scoring.fixtures_loader import load_all

        load_all(io.StringIO())
        found = SchemeVersion.objects.get(code=SCHEME_CODE, published_at__isnull=False)
    return found


_seq = itertools.count(1)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def record(window: Window, when: str | dt.date, rule: str, points=None, *, actor, occurrences: int = 1,
           note: str = "测试") -> WindowEvent:
    when = day(when) if isinstance(when, str) else when
    if points is not None and not isinstance(points, Decimal):
        points = Decimal(str(points))
    return services.event_record(actor=actor, window=window, date=when, rule=rule, points=points,
                                 occurrences=occurrences, note=note)


def approver_for(window: Window, declarer) -> User:
    """Someone who may approve a declaration ``declarer`` made: the centre's director, or (when the director
    declared it) an admin — the declarer may not approve their own declaration."""
    director = User.objects.filter(role=Role.DIRECTOR, centre=window.centre_id).exclude(pk=declarer.pk).first()
    if director is not None:
        return director
    return User.objects.filter(role=Role.ADMIN).exclude(pk=declarer.pk).first() or factories.user(
        f"approver{next(_seq)}", Role.ADMIN)


def declare(window: Window, year: int, month: int, items, *, actor, approve: bool = False,
            approver=None) -> Declaration:
    declaration = services.declaration_save(
        actor=actor, window=window, year=year, month=month,
        items=[{"rule": rule, "points": Decimal(str(points)), "reason": "测试事由"} for rule, points in items],
    )
    if approve:
        approver = approver or approver_for(window, actor)
        declaration = services.declaration_move(actor=approver, declaration=declaration, action="check")
        declaration = services.declaration_move(actor=approver, declaration=declaration, action="approve")
    return declaration


def windows(centre, count: int, start: int = 2) -> list[Window]:
    """``count`` more windows in ``centre`` (numbers from ``start``)."""
    return [factories.window(centre, number=start + i, name=f"测试窗口{start + i}") for i in range(count)]


# --- objects of a county for the scope walk: created once, found again on later calls ---------------------------


def ledger_event_of(county) -> WindowEvent:
    ensure_scheme()
    found = WindowEvent.objects.filter(window=county.window, note="scope-walk").first()
    return found or record(county.window, "2025-10-06", "5.5", "0.5", actor=county.director, note="scope-walk")


def declaration_of(county) -> Declaration:
    """A declaration of September 2025: the walk publishes October (the month of its routes), and a published month
    takes no more 附加分."""
    ensure_scheme()
    found = Declaration.objects.filter(window=county.window, year=2025, month=9).first()
    return found or declare(county.window, 2025, 9, [("A4", "1")], actor=county.director)


def walk_object(kind: str, county) -> int:
    make = {"ledger_event": ledger_event_of, "declaration": declaration_of}[kind]
    return make(county).pk
