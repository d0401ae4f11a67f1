from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<uuid:job>/", views.job_detail, name="job_detail"),
    path("jobs/<uuid:job>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<uuid:job>/download/", views.job_download, name="job_download"),
]
