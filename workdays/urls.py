from django.urls import path

from workdays import views

app_name = "workdays"

urlpatterns = [
    path("workdays/", views.year_list, name="year_list"),
    path("workdays/<int:year>/", views.year_detail, name="year_detail"),
    path("workdays/<int:year>/enter/", views.year_enter, name="year_enter"),
    path("workdays/deadline/", views.deadline_calc, name="deadline_calc"),
]
