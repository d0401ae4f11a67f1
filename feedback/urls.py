from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    # public (no account): the QR codes lead here
    path("p/rate/w/<int:window>/", views.rate_window, name="rate_window"),
    path("p/rate/s/<int:station>/", views.rate_station, name="rate_station"),
    path("p/rate/t/<str:token>/", views.rate, name="rate"),
    path("p/rate/thanks/", views.rate_thanks, name="rate_thanks"),
    path("p/complaints/new/", views.complaint_new, name="complaint_new"),
    path("p/complaints/receipt/", views.complaint_receipt, name="complaint_receipt"),
    path("p/complaints/status/", views.complaint_status, name="complaint_status"),
    # rating codes on the window screen, printable static QR codes
    path("feedback/ticket/", views.my_ticket, name="my_ticket"),
    path("feedback/windows/<int:window>/ticket/", views.ticket_window, name="ticket_window"),
    path("feedback/stations/<int:station>/ticket/", views.ticket_station, name="ticket_station"),
    path("feedback/tickets/<int:ticket>/", views.ticket_detail, name="ticket_detail"),
    path("feedback/tickets/<int:ticket>/status/", views.ticket_status, name="ticket_status"),
    path("feedback/windows/<int:window>/qr/", views.window_qr, name="window_qr"),
    path("feedback/stations/<int:station>/qr/", views.station_qr, name="station_qr"),
    # ratings and their follow-up
    path("feedback/", views.overview, name="overview"),
    path("feedback/ratings/", views.rating_list, name="rating_list"),
    path("feedback/ratings.xlsx", views.rating_export, name="rating_export"),
    path("feedback/followups/", views.followup_list, name="followup_list"),
    path("feedback/followups/<int:followup>/", views.followup_detail, name="followup_detail"),
    # complaints
    path("feedback/complaints/", views.complaint_list, name="complaint_list"),
    path("feedback/complaints.xlsx", views.complaint_export, name="complaint_export"),
    path("feedback/centres/<int:centre>/complaints/new/", views.complaint_create, name="complaint_create"),
    path("feedback/complaints/<int:complaint>/", views.complaint_detail, name="complaint_detail"),
    # 容缺受理 notices
    path("feedback/notices/", views.notice_list, name="notice_list"),
    path("feedback/centres/<int:centre>/notices/new/", views.notice_create, name="notice_create"),
    path("feedback/notices/<int:notice>/", views.notice_detail, name="notice_detail"),
    path("feedback/notices/<int:notice>/notice.pdf", views.notice_pdf, name="notice_pdf"),
]
