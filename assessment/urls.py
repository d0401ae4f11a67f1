from django.urls import include, path

from assessment import views

app_name = "assessment"

urlpatterns = [
    path("rubrics/", views.rubric_list, name="rubric_list"),
    path("rubrics/upload/", views.rubric_upload, name="rubric_upload"),
    path("rubrics/format/", views.rubric_format, name="rubric_format"),
    path("rubrics/example.yaml", views.rubric_example, name="rubric_example"),
    path("rubrics/<int:rubric>/", views.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:rubric>/coverage/", views.rubric_coverage, name="rubric_coverage"),
    path("rubrics/<int:rubric>/publish/", views.rubric_publish, name="rubric_publish"),
    # evaluations
    path("evaluations/", views.evaluation_list, name="evaluation_list"),
    path("evaluations/new/", views.evaluation_start, name="evaluation_start"),
    path("evaluations/subjects/", views.subject_search, name="subject_search"),
    path("evaluations/county/", views.county_overview, name="county_overview"),
    path("evaluations/county/ranking.xlsx", views.county_export, name="county_export"),
    path("evaluations/county/sheets.zip", views.county_sheets, name="county_sheets"),
    path("evaluations/<int:evaluation>/", include([
        path("", views.evaluation_detail, name="evaluation_detail"),
        path("edit/", views.evaluation_edit, name="evaluation_edit"),
        path("preview/", views.evaluation_preview, name="evaluation_preview"),
        path("move/", views.evaluation_move, name="evaluation_move"),
        path("correct/", views.evaluation_correct, name="evaluation_correct"),
        path("rectify/", views.evaluation_rectify, name="evaluation_rectify"),
        path("sheet.<str:fmt>", views.evaluation_sheet, name="evaluation_sheet"),
        path("evidence/", views.evidence_upload, name="evidence_upload"),
        path("evidence/<int:evidence>/", views.evidence_file, name="evidence_file"),
        path("evidence/<int:evidence>/delete/", views.evidence_delete, name="evidence_delete"),
        path("documents/judge/", views.document_judge, name="document_judge"),
        path("documents/pick/", views.document_pick, name="document_pick"),
    ])),
    path("evaluations/compare/centre/<int:centre>/<int:year>/", views.evaluation_compare, name="compare_centre"),
    path("evaluations/compare/station/<int:station>/<int:year>/", views.evaluation_compare, name="compare_station"),
    path("evaluations/compare/window/<int:window>/<int:year>/", views.evaluation_compare, name="compare_window"),
    # guidance records (附件7) and rectification items
    path("guidance/", views.guidance_list, name="guidance_list"),
    path("guidance/new/", views.guidance_start, name="guidance_start"),
    path("guidance/<int:guidance>/", include([
        path("", views.guidance_detail, name="guidance_detail"),
        path("edit/", views.guidance_edit, name="guidance_edit"),
        path("items/", views.rectification_add, name="rectification_add"),
        path("record.pdf", views.guidance_pdf, name="guidance_pdf"),
    ])),
    path("rectifications/<int:rectification>/move/", views.rectification_move, name="rectification_move"),
]
