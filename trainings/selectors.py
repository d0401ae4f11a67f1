"""Reads and scope (D14) for trainings and meetings. Views load every object through these functions; other apps
(``staff_scoring`` for the deduction proposals, the fact providers) read through them too."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from centers.models import ServiceCentre, Staff
from centers.selectors import staff_of_centre
from core.selectors import get_visible
from library.models import Document, DocumentKind
from trainings.models import Attendance, Review, Training


def trainings_for(user) -> QuerySet:
    """The trainings in scope, newest first, with their attendee and pending counts — correlated counts, so a page
    counts its own 30 rows' attendance, not a province's (a GROUP BY over every attendance row took 75 ms)."""
    return (Training.objects.visible_to(user).select_related("centre", "station")
            .annotate(attendee_count=_attendance_count(), pending_count=_attendance_count(review=Review.PENDING))
            .order_by("-date", "-id"))


def _attendance_count(**conditions):
    rows = (Attendance.objects.filter(training=OuterRef("pk"), **conditions).order_by().values("training")
            .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows), 0)


def get_training(user, pk: int) -> Training:
    return get_visible(Training.objects.select_related("centre", "centre__region", "station"), user, pk=pk)


def attendances_of(training: Training) -> QuerySet:
    return training.attendances.select_related("staff", "staff__station", "staff__window", "reviewed_by")


def roster(training: Training) -> list[Staff]:
    """Who may be on a training's list: the centre's and its stations' staff on post at the training's date, and
    anyone already listed (a person who left since keeps their row)."""
    listed = set(training.attendances.values_list("staff_id", flat=True)) if training.pk else set()
    return list(staff_of_centre(training.centre).filter(
        Q(active_to__isnull=True) | Q(active_to__gte=training.date) | Q(pk__in=listed)))


def pending_proposals(centre: ServiceCentre) -> QuerySet:
    """The deduction proposals of a centre (its own trainings and its stations') awaiting the director."""
    return (Attendance.objects.filter(training__centre=centre, review=Review.PENDING)
            .select_related("training", "staff", "staff__station", "staff__centre")
            .order_by("training__date", "training_id", "staff__name"))


def get_attendance(user, pk: int) -> Attendance:
    return get_visible(Attendance.objects.select_related("training", "training__centre", "staff", "staff__centre",
                                                         "staff__station"), user, pk=pk)


def year_trainings(*, centre: ServiceCentre | None = None, station=None, year: int) -> QuerySet:
    """The trainings and meetings a centre (its own, not its stations') or a station held in ``year``."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    found = Training.objects.filter(date__range=(start, end))
    if station is not None:
        return found.filter(station=station)
    return found.filter(centre=centre, station__isnull=True)


def roster_of_centre(centre: ServiceCentre) -> list[Staff]:
    """The centre's and its stations' staff still on post (for imports and their template)."""
    return list(staff_of_centre(centre).filter(active_to__isnull=True))


def material_choices(user) -> QuerySet:
    """The documents a training may link to: the user's centres' and stations' 培训记录 and 会议纪要 (newest first;
    the service checks they belong to the training's organiser)."""
    return (Document.objects.visible_to(user).filter(centre__isnull=False, kind__in=MATERIAL_KINDS)
            .select_related("centre", "station").order_by("-issued_on", "-pk"))


MATERIAL_KINDS = (DocumentKind.TRAINING, DocumentKind.MINUTES)
