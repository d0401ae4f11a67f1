from django.urls import path

from centers import views

app_name = "centers"

# The centre's page (centers:centre_detail) is portal.views.centre_detail, added to this namespace in portal.urls.

urlpatterns = [
    path("centres/", views.centre_list, name="centre_list"),
    path("centres/search/", views.centre_search, name="centre_search"),
    path("counties/search/", views.county_search, name="county_search"),
    path("centres/<int:centre>/edit/", views.centre_edit, name="centre_edit"),
    path("centres/<int:centre>/windows/new/", views.window_create, name="window_create"),
    path("centres/<int:centre>/staff/new/", views.staff_create, name="staff_create"),
    path("centres/<int:centre>/roster.<str:fmt>", views.roster_export, name="roster_export"),
    path("stations/<int:station>/", views.station_detail, name="station_detail"),
    path("stations/<int:station>/edit/", views.station_edit, name="station_edit"),
    path("windows/<int:window>/edit/", views.window_edit, name="window_edit"),
    path("staff/<int:staff>/edit/", views.staff_edit, name="staff_edit"),
]
