"""The home page (``home``) and the centre's page, which keeps its place and name in the organisation's pages
(``centers:centre_detail``): ``centre_patterns`` is the ``centers`` namespace, this page included."""

from django.urls import path

from centers import urls as centers_urls
from portal import views

urlpatterns = [
    path("", views.home, name="home"),
]

centre_patterns = [
    path("centres/<int:centre>/", views.centre_detail, name="centre_detail"),
    *centers_urls.urlpatterns,
]
