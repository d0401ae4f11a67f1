"""Error pages in Chinese (DEBUG off: Django's own are English), with the message written for the user and never
Django's English one."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"Not Found|Forbidden|Bad Request|Server Error|matches the given query|Resolver404")


def test_a_page_outside_the_users_scope_is_a_chinese_404_with_the_site_bar(world, login):
    response = login(world.a.director).get(reverse("centers:centre_detail", kwargs={"centre": world.b.centre.pk}))
    page = response.content.decode()
    assert response.status_code == 404
    assert "找不到这个页面" in page and "返回首页" in page and "navbar" in page
    assert not ENGLISH.search(page)


def test_an_unknown_address_and_a_missing_object_say_it_in_chinese_without_djangos_words(world, login):
    client = login(world.admin)
    for path in ("/no-such-page/", reverse("centers:station_detail", kwargs={"station": 999_999})):
        response = client.get(path)
        assert response.status_code == 404
        assert "链接可能已失效" in response.content.decode() and not ENGLISH.search(response.content.decode())


def test_a_citizen_scanning_a_stale_code_reads_why(world, client):
    world.a.window.active = False
    world.a.window.save()
    response = client.get(reverse("feedback:rate_window", kwargs={"window": world.a.window.pk}))
    page = response.content.decode()
    assert response.status_code == 404 and "该窗口已停用或不存在" in page
    assert "返回首页" not in page  # no way into the staff site for a citizen


def test_a_form_sent_without_its_csrf_token_says_the_page_expired_in_chinese(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)
    response = client.post(reverse("logout"))
    assert response.status_code == 403 and "页面已过期" in response.content.decode()
    assert not ENGLISH.search(response.content.decode())


@pytest.mark.parametrize(("template", "words"), [("400.html", "请求无效"), ("500.html", "系统暂时出错")])
def test_the_pages_django_renders_without_a_request_need_no_context(template, words):
    page = render_to_string(template)
    assert words in page and "返回首页" in page and not ENGLISH.search(page)
