"""The admin's menu speaks Chinese: django-axes' English models are replaced by one Chinese list of lockouts."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_menu_shows_lockouts_in_chinese_and_no_axes_entries(world, login, settings):
    world.admin.is_superuser = True  # the county office's admin account (seed_demo makes it a superuser)
    world.admin.save()
    client = login(world.admin)
    index = client.get(reverse("admin:index")).content.decode()
    assert "登录失败与锁定记录" in index
    for english in ("Axes", "AXES", "Access attempts", "Access logs", "Access failures"):
        assert english not in index
    AccessAttempt.objects.create(username="zhangsan", ip_address="10.0.0.9", user_agent="x", path_info="/accounts/login/",
                                 failures_since_start=settings.AXES_FAILURE_LIMIT, get_data="", post_data="")
    listing = client.get(reverse("admin:accounts_loginlock_changelist")).content.decode()
    assert "zhangsan" in listing and "失败次数" in listing and "10.0.0.9" in listing
    assert "Attempt time" not in listing and "IP Address" not in listing
