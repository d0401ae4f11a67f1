"""Exports of the feedback app that may be large, as background jobs (jobs/): the ratings list's Excel.

The page and the job read the same rows: ``filtered_ratings`` is the list's filter over the user's scoped ratings,
replayed in the worker from the query string the export was started with."""

from __future__ import annotations

from centers.models import ServiceCentre
from core.access import user_role
from core.xlsx import stream_xlsx
from feedback import selectors
from feedback.filters import RatingFilter
from feedback.reports import rating_report
from jobs.replay import ReplayedRequest

RATINGS = "feedback.ratings"


def filtered_ratings(request) -> RatingFilter:
    centres = ()
    if user_role(request.user) != "staff":
        centres = ServiceCentre.objects.visible_to(request.user).order_by("region__path")
    return RatingFilter(request, selectors.ratings_for(request.user), centres=centres)


def owner_name(ratings: RatingFilter, user) -> str:
    """Whose ratings: the centre filtered on, or the user's centre or county."""
    owner = ratings.chosen_centre or user.centre or (user.staff.centre if user.staff_id else None) or user.region
    return str(owner) if owner else ""


def make_ratings(params: dict, user, progress, out) -> str:
    ratings = filtered_ratings(ReplayedRequest(user, params.get("query", "")))
    report = rating_report(ratings.qs, owner=owner_name(ratings, user))
    progress.start(ratings.qs.count())
    sheets = report.sheets()
    for sheet in sheets:
        sheet.rows = progress.each(sheet.rows)
    stream_xlsx(sheets, out)
    return report.filename + ".xlsx"


def register() -> None:
    from jobs import registry

    registry.register(RATINGS, make_ratings, ext="xlsx")
