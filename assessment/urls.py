from django.urls import path

from assessment import views

app_name = "assessment"

urlpatterns = [
    path("rubrics/", views.rubric_list, name="rubric_list"),
    path("rubrics/upload/", views.rubric_upload, name="rubric_upload"),
    path("rubrics/<int:rubric>/", views.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:rubric>/publish/", views.rubric_publish, name="rubric_publish"),
]
