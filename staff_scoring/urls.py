from django.urls import include, path

from staff_scoring import views

app_name = "staff_scoring"

urlpatterns = [
    path("scores/", views.index, name="index"),
    path("scores/region.xlsx", views.region_export, name="region_export"),
    path("scores/record/", views.record_start, name="record_start"),
    path("scores/centres/<int:centre>/", include([
        path("", views.board, name="board"),
        path("annual/", views.annual, name="annual"),
        path("report.<str:fmt>", views.report, name="report"),
        path("appeals/", views.appeal_list, name="appeal_list"),
        path("attendance/", views.attendance_proposals, name="attendance_proposals"),
        path("duty/", views.duty_list, name="duty_list"),
        path("import/", views.import_events, name="import_events"),
        path("import/template.xlsx", views.import_template, name="import_template"),
    ])),
    path("scores/attendance/<int:attendance>/", views.attendance_decide, name="attendance_decide"),
    path("scores/staff/<int:staff>/", views.staff_page, name="staff_page"),
    path("scores/staff/<int:staff>/record/", views.event_create, name="event_create"),
    path("scores/events/<int:event>/", include([
        path("", views.event_detail, name="event_detail"),
        path("edit/", views.event_edit, name="event_edit"),
        path("revoke/", views.event_revoke, name="event_revoke"),
        path("photo/", views.event_photo, name="event_photo"),
        path("appeal/", views.appeal_create, name="appeal_create"),
    ])),
    path("scores/appeals/<int:appeal>/", views.appeal_decide, name="appeal_decide"),
    path("scores/appeals/<int:appeal>/attachment/", views.appeal_attachment, name="appeal_attachment"),
    path("scores/duty/<int:duty>/end/", views.duty_end, name="duty_end"),
    path("scores/schemes/", views.scheme_list, name="scheme_list"),
    path("scores/schemes/upload/", views.scheme_upload, name="scheme_upload"),
    path("scores/schemes/format/", views.scheme_format, name="scheme_format"),
    path("scores/schemes/example.yaml", views.scheme_example, name="scheme_example"),
    path("scores/schemes/<int:scheme>/", views.scheme_detail, name="scheme_detail"),
    path("scores/schemes/<int:scheme>/publish/", views.scheme_publish, name="scheme_publish"),
]
