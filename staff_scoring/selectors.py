"""Reads and scope (D14) for staff scoring. Views load every object through these functions, so outsiders get 404.

Who sees what:
* scores and events — ``visible_to(user)``: admin all; inspector their county; director their centre and its
  stations; a staff member only themselves;
* who may record — ``recordable_staff(user)``: admin anyone; a director the staff of their centre and its stations;
  a staff member named duty officer (值班员) of a centre the same people except themselves; nobody else.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from centers.models import ServiceCentre, Staff
from centers.selectors import staff_ids_of_centre, staff_of_centre
from core.access import user_role
from core.roles import MANAGERS
from core.selectors import get_visible
from staff_scoring.models import Appeal, AppealStatus, DutyOfficer, SchemeVersion, StaffEvent


def board_staff(centre: ServiceCentre) -> QuerySet:
    """The people on a centre's board: its own staff and its stations' staff (scored by their post's scheme)."""
    return staff_of_centre(centre).select_related("window", "station", "centre")


def get_board_centre(user, pk: int) -> ServiceCentre:
    return get_visible(ServiceCentre.objects.select_related("region", "region__parent"), user, pk=pk)


def board_centres(user) -> QuerySet:
    return ServiceCentre.objects.visible_to(user).select_related("region", "region__parent").order_by("region__path")


def get_staff(user, pk: int) -> Staff:
    """A staff member whose scores ``user`` may read (a staff user: only themselves)."""
    return get_visible(Staff.objects.select_related("centre", "station", "station__centre", "window"), user, pk=pk)


def active_duties(user) -> QuerySet:
    """The centres where ``user`` (a staff account) is currently a duty officer."""
    if not getattr(user, "staff_id", None):
        return DutyOfficer.objects.none()
    return DutyOfficer.objects.filter(staff_id=user.staff_id, ended_at__isnull=True).select_related("centre")


def recordable_staff(user) -> QuerySet:
    role = user_role(user)
    if role == "admin":
        return Staff.objects.all()
    if role == "director" and user.centre_id:
        return Staff.objects.filter(pk__in=staff_ids_of_centre(user.centre_id))
    if role == "staff" and user.staff_id:
        centres = list(active_duties(user).values_list("centre_id", flat=True))
        if centres:
            return Staff.objects.filter(pk__in=staff_ids_of_centre(*centres)).exclude(pk=user.staff_id)
    return Staff.objects.none()


def can_record(user) -> bool:
    return user_role(user) in MANAGERS or active_duties(user).exists()


def get_recordable_staff(user, pk: int) -> Staff:
    return get_object_or_404(
        recordable_staff(user).select_related("centre", "station", "station__centre", "window"), pk=pk)


def recordable_by_centre(user) -> list[tuple[ServiceCentre, list[Staff]]]:
    """For the recording start page: the people ``user`` may record for, grouped by centre."""
    people = (recordable_staff(user).select_related("centre", "station", "station__centre", "window")
              .order_by("station__region__path", "window__number", "name", "pk"))
    if user_role(user) == "admin":
        people = people[:0]  # an admin records from a centre's board, not from a list of the whole province
    groups: dict[int, tuple[ServiceCentre, list[Staff]]] = {}
    for person in people:
        centre = person.centre or person.station.centre
        groups.setdefault(centre.pk, (centre, []))[1].append(person)
    return list(groups.values())


def events_for(user) -> QuerySet:
    return StaffEvent.objects.visible_to(user)


def get_event(user, pk: int) -> StaffEvent:
    return get_visible(
        StaffEvent.objects.select_related("staff", "staff__centre", "staff__station", "scheme_version",
                                          "recorded_by", "revoked_by"),
        user, pk=pk)


def get_managed_event(user, pk: int) -> StaffEvent:
    """An event ``user`` may edit or revoke: in scope, and of a person they may record for (not a duty officer)."""
    event = get_event(user, pk)
    if user_role(user) not in MANAGERS:
        raise Http404(gettext("不在您的权限范围内"))
    return event


def events_in_period(staff: Staff, start, end, also: Iterable[int] = ()) -> QuerySet:
    """Every event (active and revoked) of one staff member dated in a period, and the events ``also`` (those dated
    earlier whose points are credited to the period), with appeals, for their page."""
    return (StaffEvent.objects.filter(Q(date__gte=start, date__lte=end) | Q(pk__in=list(also)), staff=staff)
            .select_related("scheme_version", "recorded_by", "appeal").order_by("date", "id"))


def get_appeal(user, pk: int) -> Appeal:
    return get_visible(Appeal.objects.select_related("event", "event__staff", "event__scheme_version"), user, pk=pk)


def pending_appeals(centre: ServiceCentre) -> QuerySet:
    return (Appeal.objects.filter(status=AppealStatus.PENDING)
            .filter(event__staff__in=staff_ids_of_centre(centre))
            .select_related("event", "event__staff", "submitted_by").order_by("submitted_at"))


def pending_appeal_counts(people: QuerySet) -> dict[int, int]:
    """Staff pk → number of appeals waiting for a decision (one query)."""
    rows = (Appeal.objects.filter(status=AppealStatus.PENDING, event__staff__in=people.order_by().values("pk"))
            .values_list("event__staff_id").annotate(n=Count("id")).order_by())
    return dict(rows)


def duties_of_centre(centre: ServiceCentre) -> QuerySet:
    return (DutyOfficer.objects.filter(centre=centre)
            .select_related("staff", "staff__station", "granted_by", "ended_by").order_by("ended_at", "-granted_at"))


def get_duty(user, pk: int) -> DutyOfficer:
    return get_visible(DutyOfficer.objects.select_related("centre", "staff"), user, pk=pk)


def scheme_versions() -> QuerySet:
    return SchemeVersion.objects.select_related("uploaded_by").order_by("code", "-version")


def get_scheme_version(pk: int) -> SchemeVersion:
    return get_object_or_404(SchemeVersion, pk=pk)


def home_scores(user, person) -> dict:
    """The staff member's card on their home page: this month as it stands and the centres where they are on duty."""
    from django.utils import timezone

    from staff_scoring import scoring
    from staff_scoring.periods import period_containing

    month = period_containing(timezone.localdate())
    return {
        "person": person,
        "score": scoring.score_one(person, month) if person is not None else None,
        "duties": list(active_duties(user)) if user is not None else [],
    }
