"""D14 over the whole site: every URL pattern, every role, plus an outsider and an anonymous visitor."""

import pytest
from django.http import HttpResponse
from django.urls import include, path

from centers.models import Window
from core.access import role_required
from tests import scopewalk

pytestmark = pytest.mark.django_db


def test_every_page_keeps_every_role_inside_its_region(world):
    problems = scopewalk.walk(world)
    assert problems == [], "\n".join(problems)


def test_the_walk_covers_the_pages_that_exist():
    names = {route.name for route in scopewalk.routes()}
    assert {"home", "centers:centre_detail", "centers:staff_edit", "matters:window_card"} <= names


# A view that skips the selector: it fetches the window by id with no scope. The walk must catch it.
@role_required("admin", "inspector", "director")
def leaky_window(request, window: int):
    return HttpResponse(Window.objects.get(pk=window).name)


urlpatterns = [path("", include("accounts.urls")), path("leaky/<int:window>/", leaky_window, name="leaky_window")]


def test_the_walk_fails_when_a_view_skips_the_selector(world, settings):
    settings.ROOT_URLCONF = __name__
    problems = scopewalk.walk(world, list(scopewalk.routes()))
    assert any("leaky_window as inspector: another county's object answered 200" in p for p in problems)
    assert any("leaky_window as director" in p for p in problems)
