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


def test_a_wrong_password_is_refused_in_chinese(world, client):
    page = client.post("/accounts/login/", {"username": world.a.inspector.username, "password": "x"}).content.decode()
    assert "请输入一个正确的" in page or "用户名和密码" in page


def test_navigation_follows_the_role(world, login):
    assert "管理后台" in login(world.admin).get("/").content.decode()
    assert "管理后台" not in login(world.a.inspector).get("/").content.decode()


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
