"""Background jobs of the assessment app (jobs/): a ZIP of every score sheet (evaluation PDF) of a county.

Every finalised evaluation of the county that a correction has not replaced, as the evaluation page's PDF, one file
each, named as that page's download. Read with the starter's scope (D14): an inspector gets their county's only."""

from __future__ import annotations

import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from assessment import reports, selectors
from assessment.models import EvaluationState
from centers.models import Region
from core.exports import export_name, render_pdf_bytes, zh_date

COUNTY_SHEETS = "assessment.county_sheets"


def county_sheets(user, county: Region):
    """The evaluations whose sheets go into the county's ZIP (oldest period first)."""
    finalised = selectors.evaluations_for(user).filter(centre__region__parent=county, state=EvaluationState.FINALISED)
    return selectors.not_superseded(finalised).order_by("period", "centre__region__path", "subject_kind", "pk")


def zip_name(county: Region) -> str:
    return export_name(county.name, "评分表", zh_date(timezone.localdate()))


def make_county_sheets(params: dict, user, progress, out) -> str:
    from jobs.registry import JobError

    county = Region.objects.visible_to(user).filter(level="county", pk=params.get("county")).first()
    if county is None:
        raise JobError(_("找不到该县/区，或不在您的权限范围内。"))
    evaluations = county_sheets(user, county)
    progress.start(evaluations.count())
    used: set[str] = set()
    written = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for evaluation in progress.each(evaluations.iterator(chunk_size=50)):
            sheet = reports.score_sheet(evaluation)
            name, n = reports.sheet_filename(evaluation) + ".pdf", 2
            while name in used:
                name, n = f"{reports.sheet_filename(evaluation)} ({n}).pdf", n + 1
            used.add(name)
            archive.writestr(name, render_pdf_bytes("assessment/evaluation_sheet_pdf.html",
                                                    {"sheet": sheet, "c": sheet.context}))
            written += 1
    if not written:
        raise JobError(_("该县/区还没有已定稿的评分表。"))
    return zip_name(county) + ".zip"


def register() -> None:
    from jobs import registry

    registry.register(COUNTY_SHEETS, make_county_sheets, ext="zip")
