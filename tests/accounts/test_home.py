import re

import pytest
from django.urls import reverse

from tests.assets import external_loads

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_is_sent_to_the_chinese_login_page(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    page = client.get(response["Location"]).content.decode()
    assert "便民服务中心（站）标准化考核系统" in page and "登录" in page
    assert 'lang="zh-hans"' in page


def test_each_role_reaches_its_own_home_page(world, login):
    admin_home = login(world.admin).get("/").content.decode()
    assert "管理员首页" in admin_home
    for name in ("assessment:rubric_upload", "staff_scoring:scheme_upload", "staff_scoring:scheme_list"):
        assert f'href="{reverse(name)}"' in admin_home  # the admin's uploads: rubrics and schemes alike
    page = login(world.a.inspector).get("/").content.decode()
    assert "甲县 · 考核人员首页" in page and world.a.centre.name in page and world.b.centre.name not in page
    response = login(world.a.director).get("/")
    assert response["Location"] == reverse("centers:centre_detail", kwargs={"centre": world.a.centre.pk})
    page = login(world.a.staff_user).get("/").content.decode()
    assert "甲窗口员，您好" in page and "公务员编制" in page


def test_a_user_without_a_role_is_told_to_ask_the_admin(world, login):
    assert "尚未分配角色" in login(world.nobody).get("/").content.decode()


def test_login_with_the_right_password_lands_on_home(world, client):
    from tests.factories import PASSWORD

    response = client.post("/accounts/login/", {"username": world.a.inspector.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(world.a.inspector.pk)
    assert "甲县 · 考核人员首页" in client.get("/").content.decode()


def test_a_wrong_password_is_refused_in_chinese(world, client):
    response = client.post("/accounts/login/", {"username": world.a.inspector.username, "password": "x"})
    assert response.status_code == 200  # the login page again, not a redirect home
    assert "请输入一个正确的用户名和密码。注意，两者都区分大小写。" in response.content.decode()  # Django's zh-hans text
    assert "_auth_user_id" not in client.session


def menu_links(page: str) -> set[str]:
    """The addresses of the navigation bar's menu (the part left of the user's own menu)."""
    found = re.search(r'<ul class="navbar-nav me-auto">(.*?)<ul class="navbar-nav">', page, flags=re.S)
    assert found is not None, "the page has no navigation menu"
    return set(re.findall(r'href="([^"#]+)"', found.group(1)))


def test_navigation_follows_the_role(world, login):
    a = world.a
    admin_only = {reverse("admin:index"), reverse("admin:accounts_user_changelist"),
                  reverse("staff_scoring:scheme_list")}
    county_side = {reverse("assessment:evaluation_list"), reverse("redflags:index"), reverse("feedback:overview")}
    staff_side = {reverse("staff_scoring:staff_page", kwargs={"staff": a.window_staff.pk}),
                  reverse("feedback:rating_list"), reverse("feedback:my_ticket")}

    page = login(world.admin).get("/").content.decode()
    assert "管理后台" in page
    links = menu_links(page)
    assert admin_only | county_side | {reverse("centers:centre_list"), reverse("staff_scoring:index")} <= links
    assert not staff_side & links

    page = login(a.inspector).get("/").content.decode()
    assert "管理后台" not in page and "账号管理" not in page
    links = menu_links(page)
    assert county_side | {reverse("centers:centre_list"), reverse("staff_scoring:index")} <= links
    assert not (admin_only | staff_side) & links
    centres = login(a.inspector).get(reverse("centers:centre_list")).content.decode()  # where 中心与站点 leads
    assert a.centre.name in centres and world.b.centre.name not in centres

    page = login(a.director).get("/", follow=True).content.decode()
    links = menu_links(page)
    assert county_side | {reverse("centers:centre_detail", kwargs={"centre": a.centre.pk}),
                          reverse("staff_scoring:board", kwargs={"centre": a.centre.pk})} <= links
    assert not (admin_only | staff_side | {reverse("centers:centre_list"), reverse("staff_scoring:index")}) & links

    page = login(a.staff_user).get("/").content.decode()
    links = menu_links(page)
    assert staff_side <= links
    assert not (admin_only | county_side | {reverse("centers:centre_list"), reverse("staff_scoring:index")}) & links
    assert "管理后台" not in page and "工作人员计分" not in page

    assert menu_links(login(world.nobody).get("/").content.decode()) == {reverse("home")}  # nothing until a role


def test_static_assets_are_local_never_a_cdn(world, login):
    page = login(world.admin).get("/").content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in page
    assert external_loads(page) == []
    assert external_loads('<script src="https://cdn.example.com/x.js"></script><link href="//cdn.x/y.css">') == [
        "https://cdn.example.com/x.js", "//cdn.x/y.css"]  # the check itself sees a CDN


def test_the_ui_is_chinese_even_for_an_english_browser_unless_the_user_chooses(world, client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in page and 'lang="zh-hans"' in page
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get("/accounts/login/").content.decode()
