"""No input ends in a 500: every page, every role, every parameter the page reads, set to hostile values.

One test per app and method, so that ``-n auto`` spreads the walk over the workers. Set ``INPUTWALK_LOG`` to a file
name to follow a walk page by page.
"""

import os

import pytest

from tests import inputwalk, scopewalk

pytestmark = pytest.mark.django_db

APPS = sorted({route.name.rpartition(":")[0] for route in scopewalk.routes()})


def _log():
    path = os.environ.get("INPUTWALK_LOG")
    if not path:
        return None
    out = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the walk

    def log(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    return log


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("app", APPS)
def test_no_page_answers_500_to_a_hostile_query_string_or_form(world, app, method):
    routes = [r for r in scopewalk.routes() if r.name.rpartition(":")[0] == app]
    problems = inputwalk.walk(world, routes, methods=[method], log=_log())
    assert problems == [], "\n".join(problems)


def test_the_walk_reads_the_parameters_of_a_page_and_finds_a_500(world, settings):
    settings.ROOT_URLCONF = __name__
    problems = inputwalk.walk(world, [r for r in scopewalk.routes() if r.name == "crashes_on_odd_digits"],
                              roles=["admin"], methods=["GET"])
    assert problems and all("crashes_on_odd_digits" in p for p in problems)
    assert any("{'year': '²'}" in p and "ValueError" in p for p in problems)


# A page that trusts str.isdigit(): the walk must find it without being told its parameter.
def crashes_on_odd_digits(request):
    from django.http import HttpResponse

    year = request.GET.get("year", "")
    return HttpResponse(str(int(year)) if year.isdigit() else "-")


def _urlpatterns():
    from django.urls import include, path

    return [path("", include("accounts.urls")), path("odd/", crashes_on_odd_digits, name="crashes_on_odd_digits")]


urlpatterns = _urlpatterns()
