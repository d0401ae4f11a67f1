"""Assessment pages: rubrics, evaluations (form, sign-off, comparison, score sheets), the county overview, guidance
records and rectification items. Views bind a form, call a service, render or redirect; every object is fetched
through a scoped selector (D14), so another county's object answers 404."""

from assessment.views.county import county_export, county_overview, county_sheets
from assessment.views.documents import document_judge, document_pick
from assessment.views.evaluations import (
    evaluation_compare,
    evaluation_correct,
    evaluation_detail,
    evaluation_edit,
    evaluation_list,
    evaluation_move,
    evaluation_preview,
    evaluation_rectify,
    evaluation_sheet,
    evaluation_start,
    evidence_delete,
    evidence_file,
    evidence_upload,
    subject_search,
)
from assessment.views.guidance import (
    guidance_detail,
    guidance_edit,
    guidance_list,
    guidance_pdf,
    guidance_start,
    rectification_add,
    rectification_move,
)
from assessment.views.rubrics import (
    rubric_coverage,
    rubric_detail,
    rubric_example,
    rubric_format,
    rubric_list,
    rubric_publish,
    rubric_upload,
)

__all__ = [
    "county_export", "county_overview", "county_sheets", "document_judge", "document_pick", "evaluation_compare",
    "evaluation_correct", "evaluation_detail",
    "evaluation_edit", "evaluation_list", "evaluation_move", "evaluation_preview", "evaluation_rectify",
    "evaluation_sheet", "evaluation_start", "evidence_delete", "evidence_file", "evidence_upload", "guidance_detail",
    "guidance_edit", "guidance_list", "guidance_pdf", "guidance_start", "rectification_add", "rectification_move",
    "rubric_coverage", "rubric_detail", "rubric_example", "rubric_format", "rubric_list", "rubric_publish",
    "rubric_upload", "subject_search",
]
