"""Reads of ratings, follow-ups, complaints and notices, always through scope (D14); plus the numbers others use.

For other apps (documented in docs/feedback.md):

    window_month_counts(year, month, window_ids=None) -> {window_id: RatingCounts}   the window ledger (D18)
    rating_counts(start=, end=, window=|centre=|station=|staff=) -> RatingCounts     one subject, one period (D10)
    rating_counts_by("window"|"centre"|"station"|"staff", start=, end=, ids=None)   many subjects, one query
    RatingCounts.satisfaction_rate -> Decimal | None                                 好评率 (D10)
    pending_deduction_requests()                                                      the complaint → deduction hook
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from centers.models import ServiceCentre, Station, Window
from centers.selectors import child_regions, counts_per_region
from core.access import user_role
from core.params import parse_id
from core.selectors import get_visible
from feedback.models import (
    COMPLEX_DAYS,
    COUNTED_BAD_STATES,
    SIMPLE_DAYS,
    Complaint,
    DeficiencyNotice,
    FollowUp,
    FollowUpState,
    Level,
    Policy,
    Rating,
    ServiceTicket,
)
from workdays import calendar
from workdays.selectors import holiday_data

# ------------------------------------------------------------------------------------------------ counts and rates


@dataclass(frozen=True)
class RatingCounts:
    """Counts of ratings of one subject in one period.

    D18 (window ledger): ``good`` → 优/良 (no deduction), ``fair`` → 一般 (−0.5 each), ``bad_verified`` → 差 (−3 each);
    ``bad_pending`` are 差评 still being verified, ``bad_invalid`` were ruled invalid by the county on appeal.
    D10: 好评率 = 1 − 差评 / all ratings, where a 差评 ruled invalid is not a rating (it leaves both counts).
    """

    total: int = 0
    good: int = 0
    fair: int = 0
    bad: int = 0
    bad_verified: int = 0
    bad_invalid: int = 0

    @property
    def bad_pending(self) -> int:
        return self.bad - self.bad_verified - self.bad_invalid

    @property
    def counted(self) -> int:
        return self.total - self.bad_invalid

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """好评率 (D10) as a fraction with 4 decimals, or None with no ratings."""
        if self.counted <= 0:
            return None
        bad = self.bad - self.bad_invalid
        return (Decimal(1) - Decimal(bad) / Decimal(self.counted)).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    @property
    def satisfaction_percent(self) -> str:
        rate = self.satisfaction_rate
        return "—" if rate is None else f"{(rate * 100).quantize(Decimal('0.01'))}%"


_AGGREGATES = {
    "total": Count("id"),
    "good": Count("id", filter=Q(level__gte=Level.SATISFIED)),
    "fair": Count("id", filter=Q(level=Level.BASIC)),
    "bad": Count("id", filter=Q(level__lte=Level.DISSATISFIED)),
    "bad_verified": Count("id", filter=Q(level__lte=Level.DISSATISFIED, followup__state__in=COUNTED_BAD_STATES)),
    "bad_invalid": Count("id", filter=Q(level__lte=Level.DISSATISFIED, followup__state=FollowUpState.INVALID)),
}
GROUPS = {"window": "window_id", "centre": "centre_id", "station": "station_id", "staff": "staff_id"}


def local_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware datetimes [start 00:00, day after end 00:00) in the project's time zone (Asia/Shanghai)."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def _in_period(queryset: QuerySet, start: dt.date, end: dt.date) -> QuerySet:
    low, high = local_range(start, end)
    return queryset.filter(rated_at__gte=low, rated_at__lt=high)


def rating_counts(
    *, start: dt.date, end: dt.date, window=None, centre=None, station=None, staff=None, queryset=None,
) -> RatingCounts:
    """Counts (and 好评率) of one subject's ratings given from ``start`` to ``end`` inclusive (local dates)."""
    ratings = _in_period(queryset if queryset is not None else Rating.objects.all(), start, end)
    for name, value in (("window", window), ("centre", centre), ("station", station), ("staff", staff)):
        if value is not None:
            ratings = ratings.filter(**{GROUPS[name]: getattr(value, "pk", value)})
    return RatingCounts(**ratings.aggregate(**_AGGREGATES))


def rating_counts_by(
    group: str, *, start: dt.date, end: dt.date, ids: Iterable[int] | None = None, queryset=None,
) -> dict[int, RatingCounts]:
    """Counts per window, centre, station or staff member in one query. With ``ids``, every id gets an entry."""
    column = GROUPS[group]
    ratings = _in_period(queryset if queryset is not None else Rating.objects.all(), start, end)
    ratings = ratings.filter(**{f"{column}__isnull": False})
    if ids is not None:
        ids = list(ids)
        ratings = ratings.filter(**{f"{column}__in": ids})
    rows = ratings.order_by().values(column).annotate(**_AGGREGATES)
    result = {row.pop(column): RatingCounts(**row) for row in rows}
    if ids is not None:
        for pk in ids:
            result.setdefault(pk, RatingCounts())
    return result


def window_month_counts(year: int, month: int, window_ids: Iterable[int] | None = None) -> dict[int, RatingCounts]:
    """For the window monthly ledger (D18): per window, the month's counts of 一般 (``fair``) and of verified 差
    (``bad_verified``), by the local date of the rating. Not scoped: the ledger engine applies its own subjects."""
    start, end = month_range(year, month)
    return rating_counts_by("window", start=start, end=end, ids=window_ids)


# ----------------------------------------------------------------------------------------------------- privacy


def can_see_identity(user, centre_id: int) -> bool:
    """The handling role sees a complainant's (or a rater's) name and phone: the admin and the centre's director."""
    role = user_role(user)
    return role == "admin" or (role == "director" and user.centre_id == centre_id)


def mask_name(name: str) -> str:
    return f"{name[0]}{'*' * max(1, len(name) - 1)}" if name else ""


def mask_phone(phone: str) -> str:
    if not phone:
        return ""
    digits = phone.strip()
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 11 else f"{digits[:2]}***{digits[-2:]}"
    return "****"


def shown_identity(user, obj, name_field: str, phone_field: str) -> tuple[str, str]:
    name, phone = getattr(obj, name_field, ""), getattr(obj, phone_field, "")
    if can_see_identity(user, obj.centre_id):
        return name, phone
    return mask_name(name), mask_phone(phone)


# ------------------------------------------------------------------------------------------------------- ratings


def ratings_for(user) -> QuerySet:
    return Rating.objects.visible_to(user).select_related(
        "centre", "window", "station", "staff", "followup"
    )


def filter_ratings(queryset: QuerySet, *, centre=None, window=None, level=None, start=None, end=None, channel=None,
                   bad_only: bool = False) -> QuerySet:
    if centre:
        queryset = queryset.filter(centre_id=centre)
    if window:
        queryset = queryset.filter(window_id=window)
    if level:
        queryset = queryset.filter(level=level)
    if channel:
        queryset = queryset.filter(channel=channel)
    if bad_only:
        queryset = queryset.filter(level__lte=Level.DISSATISFIED)
    if start or end:
        low, high = local_range(start or dt.date(2000, 1, 1), end or dt.date(2100, 12, 31))
        queryset = queryset.filter(rated_at__gte=low, rated_at__lt=high)
    return queryset


def rows_with_identity(user, ratings: Iterable[Rating]) -> list[Rating]:
    """Ratings with ``shown_phone`` set: the phone in full for the handling role, masked for everyone else."""
    result = []
    for rating in ratings:
        rating.shown_phone = rating.phone if can_see_identity(user, rating.centre_id) else mask_phone(rating.phone)
        result.append(rating)
    return result


def rating_counts_per_region(place, start: dt.date, end: dt.date, queryset) -> dict[int, RatingCounts]:
    """Counts per row region of a summary (``centers.selectors.Drill``: per county or per town) in one GROUP BY."""
    rows = counts_per_region(place, _in_period(queryset, start, end), "centre", **_AGGREGATES)
    return {pk: RatingCounts(**row) for pk, row in rows.items()}


def summed(counts: Iterable[RatingCounts]) -> RatingCounts:
    """The counts of several subjects together (the rows of a summary add up to its total: no second query)."""
    counts = list(counts)
    return RatingCounts(**{name: sum(getattr(c, name) for c in counts) for name in _AGGREGATES})


def region_overview_rows(user, place, start: dt.date, end: dt.date) -> list[dict]:
    """Per county or town under ``place``: the period's counts and 好评率 (two queries whatever the size)."""
    counts = rating_counts_per_region(place, start, end, Rating.objects.visible_to(user))
    return [{"region": r, "counts": counts.get(r.pk, RatingCounts())} for r in child_regions(user, place)]


def overview_rows(user, start: dt.date, end: dt.date, place=None) -> list[dict]:
    """Per window and station in scope (under ``place``, a town, when given): the period's counts and 好评率 (three
    queries whatever the size)."""
    windows = Window.objects.visible_to(user).select_related("centre").order_by("centre__region__path", "number")
    stations = Station.objects.visible_to(user).select_related("centre").order_by("region__path")
    visible = Rating.objects.visible_to(user)
    if place is not None:
        windows, stations, visible = (place.within(windows, "centre"), place.within(stations, "centre"),
                                      place.within(visible, "centre"))
    windows, stations = list(windows), list(stations)
    by_window = rating_counts_by("window", start=start, end=end, queryset=visible)
    by_station = rating_counts_by("station", start=start, end=end, queryset=visible)
    rows = [{"centre": w.centre, "place": w, "kind": "window", "counts": by_window.get(w.pk, RatingCounts())}
            for w in windows]
    rows += [{"centre": s.centre, "place": s, "kind": "station", "counts": by_station.get(s.pk, RatingCounts())}
             for s in stations]
    rows.sort(key=lambda r: (r["centre"].name, r["kind"] != "window", getattr(r["place"], "number", 0), r["place"].pk))
    return rows


# ------------------------------------------------------------------------------------- public pages and tickets


def public_window(pk: int) -> Window:
    return get_object_or_404(Window.objects.select_related("centre").filter(active=True), pk=pk)


def window_staff(window: Window):
    return window.staff.filter(active_to__isnull=True).order_by("name")


def station_staff(station: Station):
    return station.staff.filter(active_to__isnull=True).order_by("name")


def window_for_tickets(user, pk: int) -> Window:
    """A window whose per-service codes ``user`` may issue: the director's/admin's windows in scope, or the window
    a staff member works at."""
    if user_role(user) == "staff":
        return get_object_or_404(Window.objects.select_related("centre"), pk=pk, staff__pk=user.staff_id, active=True)
    return get_visible(Window.objects.select_related("centre").filter(active=True), user, pk=pk)


def station_for_tickets(user, pk: int) -> Station:
    if user_role(user) == "staff":
        return get_object_or_404(Station.objects.select_related("centre"), pk=pk, staff__pk=user.staff_id)
    return get_visible(Station.objects.select_related("centre"), user, pk=pk)


def get_ticket(user, pk: int) -> ServiceTicket:
    return get_visible(
        ServiceTicket.objects.select_related("centre", "window", "station", "staff", "rating"), user, pk=pk
    )


# --------------------------------------------------------------------------------------------------- follow-ups


def policy() -> Policy:
    return Policy.objects.filter(pk=1).first() or Policy(pk=1)


def followups_for(user) -> QuerySet:
    return FollowUp.objects.visible_to(user).select_related(
        "rating", "rating__centre", "rating__window", "rating__station", "rating__staff"
    )


def get_followup(user, pk: int) -> FollowUp:
    return get_visible(followups_for(user), user, pk=pk)


def followup_deadline(followup: FollowUp, data: calendar.HolidayData) -> calendar.Deadline:
    return calendar.deadline(followup.received_on, followup.total_days, data)


def with_deadlines(items: Iterable, deadline_of, done_of, today: dt.date | None = None) -> list:
    """Each item with ``deadline`` (workdays.calendar.Deadline) and ``overdue`` set; one calendar load for all."""
    data = holiday_data()
    today = today or timezone.localdate()
    result = []
    for item in items:
        item.deadline = deadline_of(item, data)
        done_on = done_of(item)
        item.overdue = item.deadline.is_overdue(today, done_on) if (done_on or item.is_open) else False
        result.append(item)
    return result


def followups_with_deadlines(items: Iterable[FollowUp], today=None) -> list[FollowUp]:
    return with_deadlines(items, followup_deadline, lambda f: f.rectified_on, today)


def last_overdue_receipt(days: int, data: calendar.HolidayData, today: dt.date) -> dt.date:
    """The latest day of receipt whose ``days`` working days ran out before ``today``: an open item received on or
    before it is overdue, one received after it is not (the due day never moves back as the receipt moves on)."""
    day = today - dt.timedelta(days=days + 1)  # the due day is at least ``days`` days after receipt
    while calendar.add_workdays(day, days, data) >= today:
        day -= dt.timedelta(days=1)
    return day


def overdue_only(open_items: QuerySet, limits: Iterable[tuple[Q, int]], today: dt.date | None = None) -> QuerySet:
    """The open items past their deadline, in SQL, so a list, its count and its export read the same rows that
    ``with_deadlines`` flags overdue. ``limits``: (the items with that limit, working days). An open item is not done
    (its done day is set by the move that closes it), so it is overdue once today is after its due day."""
    data, today = holiday_data(), today or timezone.localdate()
    late = [which & Q(received_on__lte=last_overdue_receipt(days, data, today)) for which, days in limits]
    return open_items.filter(reduce(operator.or_, late)) if late else open_items.none()


def overdue_followups(open_followups: QuerySet, today: dt.date | None = None) -> QuerySet:
    limits = open_followups.order_by().values_list("limit_days", "extension_days").distinct()
    return overdue_only(open_followups, [(Q(limit_days=limit, extension_days=extra), limit + extra)
                                         for limit, extra in limits], today)


# --------------------------------------------------------------------------------------------------- complaints


def complaints_for(user) -> QuerySet:
    return Complaint.objects.visible_to(user).select_related("centre", "window", "staff", "staff__station")


def get_complaint(user, pk: int) -> Complaint:
    return get_visible(complaints_for(user), user, pk=pk)


def complaint_deadline(complaint: Complaint, data: calendar.HolidayData) -> calendar.Deadline:
    """5 working days, 15 for complex ones, from the day after receipt (街道提升年方案 附件6 投诉受理制 五, 限时办结制 三8)."""
    return calendar.deadline(complaint.received_on, complaint.limit_days, data)


def overdue_complaints(open_complaints: QuerySet, today: dt.date | None = None) -> QuerySet:
    return overdue_only(open_complaints, [(Q(complex=False), SIMPLE_DAYS), (Q(complex=True), COMPLEX_DAYS)], today)


def complaints_with_deadlines(user, items: Iterable[Complaint], today=None) -> list[Complaint]:
    """Complaints with deadline, overdue and the complainant's identity as ``user`` may see it."""
    result = with_deadlines(items, complaint_deadline, lambda c: c.replied_on, today)
    for complaint in result:
        complaint.shown_name, complaint.shown_phone = shown_identity(
            user, complaint, "complainant_name", "complainant_phone"
        )
    return result


def thanks_place(*, window_id: int | None, station_id: int | None) -> tuple[Window | None, Station | None]:
    """The window (active) or station a citizen has just rated, for the links of the thanks page; None if gone."""
    if window_id:
        return Window.objects.select_related("centre").filter(pk=window_id, active=True).first(), None
    if station_id:
        return None, Station.objects.select_related("centre").filter(pk=station_id).first()
    return None, None


def complaint_by_receipt(receipt: str | None) -> Complaint | None:
    if not receipt:
        return None
    return Complaint.objects.select_related("centre").filter(receipt_no=receipt).first()


def public_complaint_centre(pk: int) -> ServiceCentre:
    return get_object_or_404(ServiceCentre, pk=pk)


def public_centres() -> QuerySet:
    """Centres a citizen may address a complaint to (the picker of /p/complaints/new/ without a window)."""
    return ServiceCentre.objects.order_by("region__path").only("pk", "name")


def public_complaint_status(complaint: Complaint) -> Complaint:
    """The complaint with ``deadline`` and ``overdue`` set, for the public status page (which shows no identity)."""
    return with_deadlines([complaint], complaint_deadline, lambda c: c.replied_on)[0]


def pending_deduction_requests() -> QuerySet:
    """Verified complaints whose deduction was requested and not yet recorded as an event (for the staff-scoring
    integration: create the event, then call ``feedback.services.complaint_deduction_recorded``)."""
    return (
        Complaint.objects.filter(deduction_requested_at__isnull=False, deduction_event_ref="")
        .select_related("staff", "centre")
        .order_by("deduction_requested_at")
    )


def staff_deduction_event(complaint: Complaint):
    """The staff-scoring event a complaint's deduction recorded, with its scheme version (the page shows the scheme's
    name and links to the event); None when there is none: not requested, a window's deduction, or a reference an
    integration recorded elsewhere (``complaint_deduction_recorded``)."""
    from staff_scoring.models import StaffEvent

    pk = parse_id(complaint.deduction_event_ref) if complaint.staff_id else None
    if pk is None:
        return None
    return StaffEvent.objects.select_related("scheme_version").filter(pk=pk, staff_id=complaint.staff_id).first()


# ------------------------------------------------------------------------------------------------------ notices


def notices_for(user) -> QuerySet:
    return DeficiencyNotice.objects.visible_to(user).select_related("centre", "window", "staff")


def get_notice(user, pk: int) -> DeficiencyNotice:
    return get_visible(notices_for(user), user, pk=pk)


def centre_for_desk(user, pk: int) -> ServiceCentre:
    """A centre where ``user`` may register complaints or notices: in scope, or a staff member's own centre."""
    if user_role(user) == "staff":
        staff = user.staff
        own = staff.centre_id or (staff.station.centre_id if staff.station_id else None)
        if own != pk:
            from django.http import Http404

            raise Http404(gettext("不在您的权限范围内"))
        return ServiceCentre.objects.select_related("region").get(pk=pk)
    return get_visible(ServiceCentre.objects.select_related("region"), user, pk=pk)
