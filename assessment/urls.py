from django.urls import include, path

from assessment.views import county, documents, evaluations, guidance, rubrics

app_name = "assessment"

urlpatterns = [
    path("rubrics/", rubrics.rubric_list, name="rubric_list"),
    path("rubrics/upload/", rubrics.rubric_upload, name="rubric_upload"),
    path("rubrics/format/", rubrics.rubric_format, name="rubric_format"),
    path("rubrics/example.yaml", rubrics.rubric_example, name="rubric_example"),
    path("rubrics/<int:rubric>/", rubrics.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:rubric>/coverage/", rubrics.rubric_coverage, name="rubric_coverage"),
    path("rubrics/<int:rubric>/publish/", rubrics.rubric_publish, name="rubric_publish"),
    # evaluations
    path("evaluations/", evaluations.evaluation_list, name="evaluation_list"),
    path("evaluations/new/", evaluations.evaluation_start, name="evaluation_start"),
    path("evaluations/subjects/", evaluations.subject_search, name="subject_search"),
    path("evaluations/county/", county.county_overview, name="county_overview"),
    path("evaluations/county/ranking.xlsx", county.county_export, name="county_export"),
    path("evaluations/county/sheets.zip", county.county_sheets, name="county_sheets"),
    path("evaluations/<int:evaluation>/", include([
        path("", evaluations.evaluation_detail, name="evaluation_detail"),
        path("edit/", evaluations.evaluation_edit, name="evaluation_edit"),
        path("preview/", evaluations.evaluation_preview, name="evaluation_preview"),
        path("move/", evaluations.evaluation_move, name="evaluation_move"),
        path("correct/", evaluations.evaluation_correct, name="evaluation_correct"),
        path("rectify/", evaluations.evaluation_rectify, name="evaluation_rectify"),
        path("sheet.<str:fmt>", evaluations.evaluation_sheet, name="evaluation_sheet"),
        path("evidence/", evaluations.evidence_upload, name="evidence_upload"),
        path("evidence/<int:evidence>/", evaluations.evidence_file, name="evidence_file"),
        path("evidence/<int:evidence>/delete/", evaluations.evidence_delete, name="evidence_delete"),
        path("documents/judge/", documents.document_judge, name="document_judge"),
        path("documents/pick/", documents.document_pick, name="document_pick"),
    ])),
    path("evaluations/compare/centre/<int:centre>/<int:year>/", evaluations.evaluation_compare,
         name="compare_centre"),
    path("evaluations/compare/station/<int:station>/<int:year>/", evaluations.evaluation_compare,
         name="compare_station"),
    path("evaluations/compare/window/<int:window>/<int:year>/", evaluations.evaluation_compare,
         name="compare_window"),
    # guidance records (附件7) and rectification items
    path("guidance/", guidance.guidance_list, name="guidance_list"),
    path("guidance/new/", guidance.guidance_start, name="guidance_start"),
    path("guidance/<int:guidance>/", include([
        path("", guidance.guidance_detail, name="guidance_detail"),
        path("edit/", guidance.guidance_edit, name="guidance_edit"),
        path("items/", guidance.rectification_add, name="rectification_add"),
        path("record.pdf", guidance.guidance_pdf, name="guidance_pdf"),
    ])),
    path("rectifications/<int:rectification>/move/", guidance.rectification_move, name="rectification_move"),
]
