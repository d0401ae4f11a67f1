from django.urls import path

from trainings import views

app_name = "trainings"

urlpatterns = [
    path("trainings/", views.training_list, name="list"),
    path("trainings/new/", views.training_create, name="create"),
    path("trainings/centres/<int:centre>/import/", views.training_import, name="import"),
    path("trainings/centres/<int:centre>/import/template.xlsx", views.import_template, name="import_template"),
    path("trainings/<int:training>/", views.training_detail, name="detail"),
    path("trainings/<int:training>/attendance/", views.attendance_edit, name="attendance"),
]
