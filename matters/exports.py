"""A catalogue's Excel (a centre's, a station's, a reference catalogue) as a background job (jobs/) when it lists
more than 5,000 matters: the same workbook as the page's button, the target read again with the starter's scope."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from centers import selectors as centre_selectors
from core.xlsx import stream_xlsx
from matters import selectors
from matters.reports import catalogue_workbook

CATALOGUE = "matters.catalogue"


def _target(kind: str, user, pk):
    getter = {"centre": centre_selectors.get_centre, "station": centre_selectors.get_station,
              "reference": selectors.get_catalogue}.get(kind)
    return getter(user, pk) if getter else None


def make_catalogue(params: dict, user, progress, out) -> str:
    from jobs.registry import JobError

    try:
        target = _target(params.get("kind", ""), user, int(params.get("pk") or 0))
    except (Http404, ValueError):
        target = None
    if target is None:
        raise JobError(_("找不到该事项目录，或不在您的权限范围内。"))
    workbook = catalogue_workbook(target)
    progress.start(workbook.count())
    stream_xlsx(workbook.sheets(progress), out)
    return workbook.filename + ".xlsx"


def register() -> None:
    from jobs import registry

    registry.register(CATALOGUE, make_catalogue, ext="xlsx")
