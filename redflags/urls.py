from django.urls import path

from redflags import views

app_name = "redflags"

urlpatterns = [
    path("redflags/", views.index, name="index"),
    path("redflags/notices/", views.notice_list, name="notice_list"),
    path("redflags/my-window/", views.my_window, name="my_window"),
    path("redflags/centres/<int:centre>/", views.centre_home, name="centre_home"),
    path("redflags/centres/<int:centre>/settings/", views.policy_edit, name="policy_edit"),
    path("redflags/centres/<int:centre>/events/new/", views.event_create, name="event_create"),
    path("redflags/centres/<int:centre>/<int:year>/", views.centre_year, name="centre_year"),
    path("redflags/centres/<int:centre>/<int:year>/<int:month>/", views.centre_month, name="centre_month"),
    path("redflags/centres/<int:centre>/<int:year>/<int:month>/publish/", views.month_publish, name="month_publish"),
    path("redflags/centres/<int:centre>/<int:year>/<int:month>/report.<str:fmt>", views.month_report_export,
         name="month_report"),
    path("redflags/events/<int:ledger_event>/revoke/", views.event_revoke, name="event_revoke"),
    path("redflags/complaints/<int:complaint>/deduction/", views.complaint_deduction, name="complaint_deduction"),
    path("redflags/windows/<int:window>/<int:year>/", views.window_year, name="window_year"),
    path("redflags/windows/<int:window>/<int:year>/<int:month>/", views.window_month, name="window_month"),
    path("redflags/windows/<int:window>/<int:year>/<int:month>/declare/", views.declaration_edit,
         name="declaration_edit"),
    path("redflags/declarations/<int:declaration>/", views.declaration_detail, name="declaration_detail"),
]
