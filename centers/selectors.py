"""Reads of the organisation, always through scope (D14)."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from centers.models import Region, ServiceCentre, Staff, Station, Window
from core.selectors import get_visible


def _count_of(model) -> Subquery:
    """How many ``model`` rows name the outer centre: a correlated count, computed only for the rows a page shows
    (a GROUP BY over joined windows and stations would count them for every centre of a province first)."""
    return Subquery(model.objects.filter(centre=OuterRef("pk")).order_by().values("centre")
                    .annotate(n=Count("pk")).values("n")[:1])


def centres_for(user):
    return (
        ServiceCentre.objects.visible_to(user)
        .select_related("region", "region__parent")
        .annotate(window_count=Coalesce(_count_of(Window), 0), station_count=Coalesce(_count_of(Station), 0))
    )


def stations_for(user):
    return Station.objects.visible_to(user).select_related("region", "centre")


SEARCH_LIMIT = 20


def search(centres, text: str):
    """``centres`` whose name or town's name contains ``text`` (all of them for an empty text)."""
    return centres.filter(Q(name__contains=text) | Q(region__name__contains=text)) if text else centres


def search_centres(user, text: str, limit: int = SEARCH_LIMIT) -> list[ServiceCentre]:
    """At most ``limit`` centres in ``user``'s scope whose name (or town's name) contains ``text``, in region order
    (empty text: the first ones): what a typed search offers instead of a select box of every centre."""
    centres = ServiceCentre.objects.visible_to(user).only("pk", "name", "region__path").select_related("region")
    return list(search(centres, text).order_by("region__path")[:limit])


def visible_centre(user, pk) -> ServiceCentre | None:
    """The centre ``pk`` if ``user`` may see it, else None (one query)."""
    return ServiceCentre.objects.visible_to(user).filter(pk=pk).first() if pk is not None else None


def get_centre(user, pk: int) -> ServiceCentre:
    return get_visible(ServiceCentre.objects.select_related("region", "region__parent"), user, pk=pk)


def get_station(user, pk: int) -> Station:
    return get_visible(Station.objects.select_related("region", "centre"), user, pk=pk)


def get_window(user, pk: int) -> Window:
    return get_visible(Window.objects.select_related("centre"), user, pk=pk)


def get_staff(user, pk: int) -> Staff:
    return get_visible(
        Staff.objects.select_related("centre", "station", "window", "backup"), user, pk=pk
    )


def staff_of_centre(centre: ServiceCentre):
    """The centre's own staff and the staff of its stations, for the roster and the director's pages."""
    return (
        Staff.objects.filter(Q(centre=centre) | Q(station__centre=centre))
        .select_related("window", "station", "backup")
        .order_by("station__region__path", "window__number", "name", "pk")
    )


def windows_of_centre(centre: ServiceCentre):
    return centre.windows.order_by("number").prefetch_related(
        Prefetch("staff", queryset=Staff.objects.order_by("name"))
    )


def counties_for(user):
    return Region.objects.visible_to(user).filter(level="county")


def public_window(pk: int) -> Window:
    """A window for its public post card (宝林镇方案 三(三)5 4) 公开服务人员): no scope, only active windows."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Window.objects.select_related("centre").filter(active=True), pk=pk)


def public_staff(pk: int) -> Staff:
    """A person shown on an active window's public post card (for the card's photo): no scope, only current staff."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Staff, pk=pk, window__active=True, active_to__isnull=True)
