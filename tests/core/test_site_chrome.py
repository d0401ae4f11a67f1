"""The frame around every page: grouped navigation that keeps every link, the favicon, the shared chart script."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav_links(html: str) -> set[str]:
    nav = html[html.index('<nav class="navbar'):html.index("</nav>")]
    return {href for href in re.findall(r'href="([^"#][^"]*)"', nav)}


def test_every_role_keeps_every_link_of_its_navigation(world, login):
    a = world.a
    expected = {
        "admin": [reverse("centers:centre_list"), reverse("workdays:year_list"),
                  reverse("admin:accounts_user_changelist"), reverse("admin:index"),
                  reverse("assessment:evaluation_list"), reverse("assessment:guidance_list"),
                  reverse("assessment:rubric_list"), reverse("matters:overview"), reverse("matters:reference_list"),
                  reverse("staff_scoring:index"), reverse("staff_scoring:scheme_list"), reverse("redflags:index"),
                  reverse("feedback:overview")],
        "inspector": [reverse("centers:centre_list"), reverse("assessment:evaluation_list"),
                      reverse("assessment:guidance_list"), reverse("assessment:rubric_list"),
                      reverse("matters:overview"), reverse("matters:reference_list"), reverse("staff_scoring:index"),
                      reverse("redflags:index"), reverse("feedback:overview")],
        "director": [reverse("centers:centre_detail", kwargs={"centre": a.centre.pk}),
                     reverse("assessment:evaluation_list"), reverse("assessment:guidance_list"),
                     reverse("assessment:rubric_list"),
                     reverse("matters:centre_catalogue", kwargs={"centre": a.centre.pk}),
                     reverse("matters:reference_list"), reverse("staff_scoring:board", kwargs={"centre": a.centre.pk}),
                     reverse("redflags:index"), reverse("feedback:overview")],
        "staff": [reverse("staff_scoring:staff_page", kwargs={"staff": a.staff_user.staff_id}),
                  reverse("redflags:my_window"), reverse("matters:reference_list"), reverse("feedback:rating_list"),
                  reverse("feedback:my_ticket")],
    }
    for role, user in world.users_by_role().items():
        if role not in expected:
            continue
        links = nav_links(login(user).get("/", follow=True).content.decode())
        common = {reverse("home"), reverse("password_change")}
        assert set(expected[role]) | common <= links, f"{role} lost {set(expected[role]) | common - links}"
        assert reverse("staff_scoring:scheme_list") not in links or role == "admin"
        assert (reverse("workdays:year_list") in links) == (role != "staff")  # the calendar: read by all but staff


def test_the_user_menu_keeps_the_logout_form(world, login):
    html = login(world.a.inspector).get("/").content.decode()
    assert f'action="{reverse("logout")}"' in html and "退出" in html and "修改密码" in html
    assert str(world.a.inspector) in html and world.a.inspector.get_role_display() in html


def test_favicon_is_linked_and_favicon_ico_redirects_to_it(client, world, login):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/img/favicon.ico"
    for html in (client.get("/accounts/login/").content.decode(),
                 client.get(f"/p/windows/{world.a.window.pk}/").content.decode(),
                 login(world.admin).get("/").content.decode()):
        assert 'rel="icon" href="/static/img/favicon.svg"' in html


def test_every_page_loads_the_chart_font_script_before_its_own_scripts(world, login):
    html = login(world.a.staff_user).get(
        reverse("staff_scoring:staff_page", kwargs={"staff": world.a.staff_user.staff_id})).content.decode()
    assert html.index("js/charts.js") < html.index("chartjs/chart.umd.min.js")


def test_the_inspector_home_shows_overdue_deadlines_with_their_year(world, login):
    from datetime import date

    from assessment import services
    from tests.assessment import factories

    record = factories.guidance(world.a, on=date(2024, 3, 1))
    services.rectification_add(actor=world.a.inspector, record=record, problem="逾期的问题甲", measure="",
                               owner="张主任", due_on=date(2024, 3, 15))
    html = login(world.a.inspector).get("/").content.decode()
    part = html[html.index("逾期未整改"):]
    assert "（2024-03-15）" in part and "（03-15）" not in part
