"""Reads and scope (D14) for the window ledger and the red flag. Views load every object through these functions.

Who sees what: the admin every centre; an inspector the centres of their county; a director their own centre's
windows; staff only their own window's 附加分 declarations (``own_window_id``: the window of their Staff record;
every other page answers 404 by role, and the models have no staff lookup). Who writes: the admin and the centre's
director (``core.access.role_required`` on the views); a window's staff declare its 附加分 (上虞细则 二12).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from centers.models import ServiceCentre, Window
from core.access import user_role
from core.selectors import get_visible
from redflags import ranking
from redflags.ledger import MonthLedger, barred_in_year, month_ledger
from redflags.models import (
    Declaration,
    LastPlaceNotice,
    MonthPublication,
    MonthResult,
    NoticeStatus,
    RedFlagPolicy,
    WindowEvent,
)
from staff_scoring.schemes import scheme_of

FIRST_YEAR, LAST_YEAR = 2000, 2100


def check_month(year: int, month: int | None = None) -> None:
    """404 (with a Chinese message) for a month that does not exist."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(gettext("年份应在 %(FIRST_YEAR)s—%(LAST_YEAR)s 之间") % {"FIRST_YEAR": FIRST_YEAR, "LAST_YEAR": LAST_YEAR})
    if month is not None and not 1 <= month <= 12:
        raise Http404(gettext("月份应在 1—12 之间"))


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


# ------------------------------------------------------------------------------------------------ scoped fetches


def centres_for(user) -> QuerySet:
    return ServiceCentre.objects.visible_to(user).select_related("region", "region__parent").order_by("region__path")


def get_centre(user, pk: int) -> ServiceCentre:
    return get_visible(ServiceCentre.objects.select_related("region", "region__parent"), user, pk=pk)


def get_window(user, pk: int) -> Window:
    return get_visible(Window.objects.select_related("centre", "centre__region"), user, pk=pk)


def own_window_id(user) -> int | None:
    """The window a staff user works at: their Staff record's window while they are on the post; else None (and
    None for every other role)."""
    if user_role(user) != "staff" or not getattr(user, "staff_id", None):
        return None
    staff = user.staff
    if staff.window_id is None or (staff.active_to is not None and staff.active_to < timezone.localdate()):
        return None
    return staff.window_id


def get_window_to_declare(user, pk: int) -> Window:
    """A window whose 附加分 ``user`` may declare: a staff member's own window only (any other → 404); for the
    director and the admin, any window in scope."""
    if user_role(user) == "staff":
        if own_window_id(user) != pk:
            raise Http404(gettext("只能申报本人所在窗口的附加分"))
        return get_object_or_404(Window.objects.select_related("centre", "centre__region"), pk=pk)
    return get_window(user, pk)


def get_event(user, pk: int) -> WindowEvent:
    return get_visible(WindowEvent.objects.select_related("window", "window__centre", "scheme_version"), user, pk=pk)


def get_declaration(user, pk: int) -> Declaration:
    """A declaration in scope; for staff, only one of their own window."""
    queryset = Declaration.objects.select_related("window", "window__centre", "scheme_version", "declared_by",
                                                  "checked_by", "approved_by").prefetch_related("items")
    if user_role(user) == "staff":
        return get_object_or_404(queryset, pk=pk, window_id=own_window_id(user) or -1)
    return get_visible(queryset, user, pk=pk)


def window_declarations(window: Window, months: list[tuple[int, int]]) -> dict[tuple[int, int], Declaration]:
    """The window's declarations of ``months`` by (year, month): one query."""
    years = {y for y, _ in months}
    found = Declaration.objects.filter(window=window, year__in=years).select_related("declared_by")
    return {(d.year, d.month): d for d in found if (d.year, d.month) in months}


def declaration_of(window: Window, year: int, month: int) -> Declaration | None:
    return (Declaration.objects.filter(window=window, year=year, month=month)
            .select_related("declared_by", "checked_by", "approved_by").prefetch_related("items").first())


def notices_for(user) -> QuerySet:
    return LastPlaceNotice.objects.visible_to(user).select_related("centre", "window", "centre__region")


def policy_of(centre: ServiceCentre) -> RedFlagPolicy:
    """The centre's settings, or the defaults (8 and 8) when it has none saved."""
    return RedFlagPolicy.objects.filter(centre=centre).first() or RedFlagPolicy(centre=centre)


def publication_of(centre: ServiceCentre, year: int, month: int) -> MonthPublication | None:
    return (MonthPublication.objects.filter(centre=centre, year=year, month=month)
            .select_related("published_by", "scheme_version").first())


def publications_of(centre_id: int, months: list[tuple[int, int]]) -> dict[tuple[int, int], MonthPublication]:
    """The centre's publications of ``months`` by (year, month): one query."""
    found = MonthPublication.objects.filter(centre_id=centre_id, year__in={y for y, _ in months})
    return {(p.year, p.month): p for p in found if (p.year, p.month) in months}


# ------------------------------------------------------------------------------------------------ pages

FUTURE, CURRENT, ENDED = "future", "current", "ended"


def month_status(year: int, month: int, today: dt.date | None = None) -> str:
    """Whether a month has not started (FUTURE), is under way (CURRENT) or has ended (ENDED). Only an ended month is
    ranked for the red flag: it is assessed and published after its end (上虞细则 一1 每月一次; ``month_publish``
    refuses before), so before that a page shows no red flag and no last place."""
    today = today or timezone.localdate()
    if (year, month) > (today.year, today.month):
        return FUTURE
    return CURRENT if (year, month) == (today.year, today.month) else ENDED


def year_status(year: int, today: dt.date | None = None) -> str:
    """The same for a calendar year: the annual red flag is awarded once the year is over (上虞细则 一3)."""
    today = today or timezone.localdate()
    return FUTURE if year > today.year else CURRENT if year == today.year else ENDED


class _Ranked:
    """A page's month or year by its ``status`` (FUTURE, CURRENT or ENDED)."""

    status: str

    @property
    def not_started(self) -> bool:
        return self.status == FUTURE

    @property
    def under_way(self) -> bool:
        return self.status == CURRENT

    @property
    def ranked(self) -> bool:
        """Over: the red flags and the last place are given (live until published)."""
        return self.status == ENDED


@dataclass
class MonthRow:
    """A window's line on the centre's month page: the live ledger and its place in the ranking."""

    ledger: object  # ledger.WindowMonth
    placing: ranking.Placing
    published: MonthResult | None = None

    @property
    def window(self) -> Window:
        return self.ledger.window

    @property
    def differs(self) -> bool:
        """The published line no longer matches the live computation (an event recorded or revoked since)."""
        p = self.published
        return p is not None and (p.score != self.ledger.score or p.red_flag != self.placing.red_flag)


@dataclass
class MonthPage(_Ranked):
    ledger: MonthLedger
    rows: list[MonthRow]
    policy: RedFlagPolicy
    publication: MonthPublication | None
    notices: list[LastPlaceNotice] = field(default_factory=list)
    status: str = ENDED  # month_status: a month not over has no red flag and no last place

    @property
    def stale(self) -> bool:
        if self.publication is None:
            return False
        published = {r.published.window_id for r in self.rows if r.published}
        return any(r.differs for r in self.rows) or len(published) != len(self.rows)

    @property
    def red_flag_rows(self) -> list[MonthRow]:
        return [r for r in self.rows if r.placing.red_flag]

    @property
    def last_rows(self) -> list[MonthRow]:
        return [r for r in self.rows if r.placing.last]

    def chart(self) -> dict:
        return {
            "labels": [str(r.window) for r in self.rows],
            "scores": [float(r.ledger.score) for r in self.rows],
            "red": [r.placing.red_flag for r in self.rows],
            "last": [r.placing.last for r in self.rows],
        }


def month_page(centre: ServiceCentre, year: int, month: int, today: dt.date | None = None) -> MonthPage:
    """The centre's month: every active window scored live and ranked, beside what was published (if it was). A month
    not over (``month_status``) gives no red flag and no last place: before its end every window of a quiet month
    stands at 100 and would share every red flag; the scores so far and their order are shown for what they are."""
    ledger = month_ledger(centre, year, month)
    policy = policy_of(centre)
    status = month_status(year, month, today)
    placings = {
        p.key: p if status == ENDED else replace(p, red_flag=False, last=False)
        for p in ranking.rank_month(
            [ranking.MonthScore(w.window.pk, w.score, w.eligible) for w in ledger.windows], policy.monthly_red_flags
        )
    }
    publication = publication_of(centre, year, month)
    published = {}
    if publication is not None:
        published = {r.window_id: r for r in publication.results.all()}
    rows = [MonthRow(w, placings[w.window.pk], published.get(w.window.pk)) for w in ledger.windows]
    rows.sort(key=lambda r: (r.placing.rank, r.window.number))
    notices = list(LastPlaceNotice.objects.filter(centre=centre, year=year, month=month)
                   .select_related("window").order_by("window__number"))
    return MonthPage(ledger, rows, policy, publication, notices, status)


def published_month_rows(publication: MonthPublication) -> list[MonthResult]:
    return list(publication.results.select_related("window").order_by("rank", "window__number"))


@dataclass
class YearPage(_Ranked):
    centre: ServiceCentre
    year: int
    policy: RedFlagPolicy
    months: list[int]  # published months
    rows: list[dict]  # per window: placing (AnnualPlacing), window, monthly results by month
    notices: list[LastPlaceNotice]
    status: str = ENDED  # year_status: a year not over has no annual red flag yet

    def chart(self) -> dict:
        return {
            "months": [f"{m}月" for m in self.months],
            "series": [
                {"label": str(row["window"]), "ranks": [row["by_month"][m].rank if m in row["by_month"] else None
                                                        for m in self.months]}
                for row in self.rows
            ],
        }


def year_page(centre: ServiceCentre, year: int, today: dt.date | None = None) -> YearPage:
    """The annual ranking and red flag of a centre from its published months (ranking.rank_year), with each window's
    monthly places and the year's notices. A fixed number of queries. A year not over gives no annual red flag (its
    standing so far is shown, and why)."""
    policy = policy_of(centre)
    results = list(
        MonthResult.objects.filter(publication__centre=centre, publication__year=year)
        .select_related("window", "publication", "publication__scheme_version")
        .order_by("publication__month", "rank", "window__number")
    )
    by_month: dict[int, list[ranking.Placing]] = defaultdict(list)
    windows: dict[int, Window] = {}
    per_window: dict[int, dict[int, MonthResult]] = defaultdict(dict)
    for r in results:
        month = r.publication.month
        by_month[month].append(ranking.Placing(r.window_id, r.score, r.rank, r.eligible, r.red_flag, r.last))
        windows[r.window_id] = r.window
        per_window[r.window_id][month] = r
    barred: dict[int, list[int]] = {}
    if results:
        scheme = scheme_of(results[-1].publication.scheme_version)
        barred = barred_in_year(windows, year, scheme)
    annual = ranking.rank_year(by_month, policy.annual_red_flags, barred=list(barred))
    status = year_status(year, today)
    if status != ENDED:
        annual = [replace(a, red_flag=False) for a in annual]
    months = sorted(by_month)
    rows = [{"placing": a, "window": windows[a.key], "by_month": per_window[a.key],
             "cells": [per_window[a.key].get(m) for m in months]}
            for a in annual]
    rows.sort(key=lambda row: (row["placing"].rank, row["window"].number))
    notices = list(LastPlaceNotice.objects.filter(centre=centre, year=year).select_related("window")
                   .order_by("month", "window__number"))
    return YearPage(centre, year, policy, months, rows, notices, status)


@dataclass
class WindowYear:
    window: Window
    year: int
    results: dict[int, MonthResult]  # published months
    notices: list[LastPlaceNotice]
    declarations: dict[int, Declaration]

    @property
    def red_flags(self) -> int:
        return sum(1 for r in self.results.values() if r.red_flag)

    @property
    def last_places(self) -> int:
        return sum(1 for r in self.results.values() if r.last)

    def months(self) -> list[dict]:
        return [{"month": m, "result": self.results.get(m), "declaration": self.declarations.get(m),
                 "notice": next((n for n in self.notices if n.month == m), None)} for m in range(1, 13)]

    def chart(self) -> dict:
        return {
            "months": [f"{m}月" for m in range(1, 13)],
            "scores": [float(self.results[m].score) if m in self.results else None for m in range(1, 13)],
            "ranks": [self.results[m].rank if m in self.results else None for m in range(1, 13)],
        }

    @property
    def average(self) -> Decimal | None:
        if not self.results:
            return None
        return (sum(r.score for r in self.results.values()) / len(self.results)).quantize(Decimal("0.01"))


def window_year(window: Window, year: int) -> WindowYear:
    """A window's red-flag history for a year: its published months, notices and declarations."""
    results = {r.publication.month: r for r in
               MonthResult.objects.filter(window=window, publication__year=year).select_related("publication")}
    notices = list(LastPlaceNotice.objects.filter(window=window, year=year).order_by("month"))
    declarations = {d.month: d for d in Declaration.objects.filter(window=window, year=year)}
    return WindowYear(window, year, results, notices, declarations)


def red_flag_years(window: Window) -> list[int]:
    return sorted(set(MonthResult.objects.filter(window=window).values_list("publication__year", flat=True)),
                  reverse=True)


def centre_overview(centres, year: int, month: int) -> list[dict]:
    """For the index: each centre (of a page of ``centres_for(user)``) with whether the month is published, its
    red-flag windows, its notices and how many red flags it gives a month (its setting; for a published month, the
    number it was published with): four queries whatever the number of centres."""
    centres = list(centres)
    ids = [c.pk for c in centres]
    default = RedFlagPolicy._meta.get_field("monthly_red_flags").default
    red_flags = dict(RedFlagPolicy.objects.filter(centre_id__in=ids).values_list("centre_id", "monthly_red_flags"))
    pubs = {p.centre_id: p for p in MonthPublication.objects.filter(centre_id__in=ids, year=year, month=month)}
    flags: dict[int, list[str]] = defaultdict(list)
    for centre_id, number, name in (MonthResult.objects.filter(
            publication__centre_id__in=ids, publication__year=year, publication__month=month, red_flag=True)
            .order_by("rank", "window__number").values_list("publication__centre_id", "window__number",
                                                            "window__name")):
        flags[centre_id].append(f"{number}号窗口 {name}")
    notices: dict[int, int] = defaultdict(int)
    for centre_id in LastPlaceNotice.objects.filter(centre_id__in=ids, year=year, month=month,
                                                    status=NoticeStatus.ACTIVE).values_list("centre_id", flat=True):
        notices[centre_id] += 1
    return [{"centre": c, "publication": pubs.get(c.pk), "flags": flags.get(c.pk, []), "notices": notices[c.pk],
             "red_flags": pubs[c.pk].red_flags if c.pk in pubs else red_flags.get(c.pk, default)}
            for c in centres]


def today_month(today: dt.date) -> tuple[int, int]:
    """The month a page opens on by default: the previous month (the one to assess and publish)."""
    return previous_month(today.year, today.month)
