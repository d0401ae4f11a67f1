from django.urls import include, path

from redflags import views

app_name = "redflags"

urlpatterns = [
    path("redflags/", views.index, name="index"),
    path("redflags/notices/", views.notice_list, name="notice_list"),
    path("redflags/my-window/", views.my_window, name="my_window"),
    path("redflags/centres/<int:centre>/", include([
        path("", views.centre_home, name="centre_home"),
        path("settings/", views.policy_edit, name="policy_edit"),
        path("events/new/", views.event_create, name="event_create"),
        path("<int:year>/", views.centre_year, name="centre_year"),
        path("<int:year>/<int:month>/", include([
            path("", views.centre_month, name="centre_month"),
            path("publish/", views.month_publish, name="month_publish"),
            path("report.<str:fmt>", views.month_report_export, name="month_report"),
        ])),
    ])),
    path("redflags/events/<int:ledger_event>/revoke/", views.event_revoke, name="event_revoke"),
    path("redflags/complaints/<int:complaint>/deduction/", views.complaint_deduction, name="complaint_deduction"),
    path("redflags/windows/<int:window>/<int:year>/", include([
        path("", views.window_year, name="window_year"),
        path("<int:month>/", views.window_month, name="window_month"),
        path("<int:month>/declare/", views.declaration_edit, name="declaration_edit"),
    ])),
    path("redflags/declarations/<int:declaration>/", views.declaration_detail, name="declaration_detail"),
]
