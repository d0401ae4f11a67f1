"""The navigation bar's menu (core/nav.py): what each role sees, in order, where it leads, what is active, and that
every link answers the role that sees it."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from core import nav
from tests import factories

pytestmark = pytest.mark.django_db

ENTRY = re.compile(r'<a class="(nav-link|dropdown-item)[^"]*" href="([^"]*)"[^>]*>([^<]*)</a>|<hr class="dropdown-divider">')


def menu(html: str) -> list[str]:
    """The menu left of the user's own, one line per entry: "首页 /", a dropdown "考核 #", its items indented, "—" a
    divider; "*" ends an active entry."""
    found = re.search(r'<ul class="navbar-nav me-auto">(.*?)<ul class="navbar-nav">', html, flags=re.S)
    assert found is not None, "the page has no navigation menu"
    lines = []
    for match in ENTRY.finditer(found.group(1)):
        kind, href, label = match.groups()
        if kind is None:
            lines.append("  —")
            continue
        active = " *" if kind == "nav-link" and " active" in match.group(0).split('"')[1] else ""
        lines.append(f"{'  ' if kind == 'dropdown-item' else ''}{label} {href}{active}")
    return lines


def urls(**names) -> dict[str, str]:
    return {key: reverse(name, kwargs=kwargs) for key, (name, kwargs) in names.items()}


@pytest.fixture
def people(world):
    a = world.a
    return {
        "admin": factories.user("root", Role.ADMIN, is_superuser=True),  # as the demo's: the admin site's too
        "supervisor": world.supervisor, "inspector": a.inspector, "director": a.director,
        "staff": a.staff_user,  # at a window: declares 附加分
        "agent": factories.user("station-agent", Role.STAFF, staff=a.station_staff),  # at a station: does not
        "unfiled": factories.user("unfiled-staff", Role.STAFF),  # no staff record (yet)
        "nobody": world.nobody,
    }


def expected_menus(world) -> dict[str, list[str]]:
    a = world.a
    centre, catalogue = reverse("centers:centre_detail", kwargs={"centre": a.centre.pk}), reverse(
        "matters:centre_catalogue", kwargs={"centre": a.centre.pk})
    board = reverse("staff_scoring:board", kwargs={"centre": a.centre.pk})
    own_page = reverse("staff_scoring:staff_page", kwargs={"staff": a.window_staff.pk})
    assessment = ["考核 #", "  考核评分 /evaluations/", "  指导与整改 /guidance/", "  考核细则 /rubrics/",
                  "  资料库 /library/", "  沟通语言标准 /references/service-language/", "  培训与会议 /trainings/"]
    return {
        "admin": ["首页 /", "组织机构 #", "  中心与站点 /centres/", "  工作日历 /workdays/", "  辖区汇总 /oversight/",
                  "  —", "  账号管理 /admin/accounts/user/", "  管理后台 /admin/", *assessment,
                  "事项目录 #", "  事项目录 /matters/", "  参考目录 /matters/reference/",
                  "工作人员计分 #", "  工作人员计分 /scores/", "  计分方案 /scores/schemes/",
                  "流动红旗 /redflags/", "好差评与投诉 /feedback/"],
        "supervisor": ["首页 /", "辖区汇总 /oversight/", "考核总览 /evaluations/county/", "好差评与投诉 /feedback/",
                       "工作人员得分 /scores/"],
        "inspector": ["首页 /", "中心与站点 /centres/", *assessment, "  工作日历 /workdays/",
                      "事项目录 #", "  事项目录 /matters/", "  参考目录 /matters/reference/",
                      "工作人员计分 /scores/", "流动红旗 /redflags/", "好差评与投诉 /feedback/"],
        "director": ["首页 /", f"本中心 {centre}", *assessment, "  工作日历 /workdays/",
                     "事项目录 #", f"  事项目录 {catalogue}", "  参考目录 /matters/reference/",
                     f"工作人员计分 {board}", "流动红旗 /redflags/", "好差评与投诉 /feedback/"],
        "staff": ["首页 /", f"我的得分 {own_page}", "附加分申报 /redflags/my-window/", "参考目录 /matters/reference/",
                  "我的评价 /feedback/ratings/", "服务评价码 /feedback/ticket/"],
        "agent": ["首页 /", f"我的得分 {reverse('staff_scoring:staff_page', kwargs={'staff': a.station_staff.pk})}",
                  "参考目录 /matters/reference/", "我的评价 /feedback/ratings/", "服务评价码 /feedback/ticket/"],
        "unfiled": ["首页 /", "参考目录 /matters/reference/", "我的评价 /feedback/ratings/",
                    "服务评价码 /feedback/ticket/"],
        "nobody": ["首页 /"],
    }


def test_each_role_sees_its_menu_in_order_with_its_own_links(world, people, login):
    expected = expected_menus(world)
    for name, user in people.items():
        page = login(user).get(reverse("home"), follow=True).text  # the director's and the supervisor's go on
        assert [line.removesuffix(" *") for line in menu(page)] == expected[name], name


def test_the_entry_of_the_page_s_section_is_active(world, people, login):
    a = world.a
    pages = [
        ("admin", reverse("workdays:year_list"), "组织机构 #"),  # the admin's calendar is under 组织机构
        ("inspector", reverse("assessment:evaluation_list"), "考核 #"),
        ("inspector", reverse("library:document_list"), "考核 #"),
        ("director", reverse("centers:centre_detail", kwargs={"centre": a.centre.pk}),
         f"本中心 {reverse('centers:centre_detail', kwargs={'centre': a.centre.pk})}"),
        ("director", reverse("matters:reference_list"), "事项目录 #"),
        ("admin", reverse("staff_scoring:scheme_list"), "工作人员计分 #"),
        ("supervisor", reverse("feedback:overview"), "好差评与投诉 /feedback/"),
        ("supervisor", reverse("feedback:complaint_list"), "好差评与投诉 /feedback/"),
        ("supervisor", reverse("assessment:county_overview"), "考核总览 /evaluations/county/"),
        ("supervisor", reverse("staff_scoring:index"), "工作人员得分 /scores/"),
        ("staff", reverse("feedback:rating_list"), "我的评价 /feedback/ratings/"),
        ("staff", reverse("matters:reference_list"), "参考目录 /matters/reference/"),
    ]
    for name, path, entry in pages:
        response = login(people[name]).get(path)
        assert response.status_code == 200, (name, path)
        active = [line for line in menu(response.text) if line.endswith(" *")]
        assert active == [f"{entry} *"], (name, path, active)


def test_my_ticket_makes_the_rating_code_active_not_my_ratings(world):
    """The staff member's two feedback entries share a namespace: 服务评价码 is active on the code pages it leads to
    (``my_ticket`` redirects to the window's or the station's), 我的评价 on the others."""
    staff = world.a.staff_user
    for url_name, active in (("my_ticket", "服务评价码"), ("rating_list", "我的评价"), ("ticket_window", "服务评价码"),
                             ("ticket_station", "服务评价码"), ("ticket_detail", "服务评价码")):
        shown = nav.visible(staff, "staff", {"declares_bonus": True}, "feedback", url_name)
        assert [str(entry.label) for entry in shown if entry.active] == [active], url_name
    assert not any(entry.active for entry in nav.visible(staff, "staff", {}, None, None))  # a page that matched no URL


def test_building_the_menu_asks_the_database_nothing(world, people, django_assert_num_queries):
    """Its facts come from the user row and the context processors (whose queries tests/redflags pin)."""
    for name, user in people.items():
        role = "admin" if user.is_superuser else user.role
        with django_assert_num_queries(0):
            nav.visible(user, role, {"declares_bonus": name == "staff"}, "feedback", "overview")


def test_every_link_of_a_role_s_menu_answers_that_role(world, people, login):
    for name, user in people.items():
        client = login(user)
        links = {line.removesuffix(" *").rsplit(" ", 1)[1]
                 for line in menu(client.get(reverse("home"), follow=True).text) if line != "  —"} - {"#"}
        assert links, name
        for href in links:
            response = client.get(href, follow=True)
            assert response.status_code == 200, (name, href, response.status_code)


def test_a_staff_account_without_a_staff_record_is_told_why_it_has_no_rating_code(people, login):
    # It used to be sent to the county's overview, which staff may not read (404).
    page = login(people["unfiled"]).get(reverse("feedback:my_ticket"), follow=True)
    assert page.status_code == 200 and page.redirect_chain[-1][0] == reverse("home")
    assert "您的账号尚未关联工作人员，不能生成服务评价码" in page.text
