"""The staff form with a post (岗位所在) of another centre or a bogus value: a form error, nothing saved, never a 500."""

import pytest

from centers.models import Staff
from core.models import AuditEntry

pytestmark = pytest.mark.django_db

BOGUS = ["other-station", "²", "①", "１２", "99999999999999999999", "-1", "", "\x00", "x" * 5000]


def post_value(world, value: str) -> str:
    return str(world.b.station.pk) if value == "other-station" else value


@pytest.mark.parametrize("value", BOGUS)
def test_a_new_staff_member_with_a_bad_post_is_refused_and_nothing_is_saved(world, login, value):
    before = Staff.objects.count()
    response = login(world.a.director).post(f"/centres/{world.a.centre.pk}/staff/new/", {
        "name": "周某", "category": "临时聘用", "post": post_value(world, value), "window": value, "backup": value,
    })
    assert response.status_code == 200
    assert response.context["form"].errors["post"]  # the post field says what is wrong
    assert "选择一个有效的选项" in response.content.decode() or "这个字段是必填项" in response.content.decode()
    assert Staff.objects.count() == before and not AuditEntry.objects.filter(action="新增工作人员").exists()


@pytest.mark.parametrize("value", BOGUS)
def test_editing_a_staff_member_with_a_bad_post_keeps_their_place(world, login, value):
    person = world.a.station_staff
    response = login(world.a.director).post(f"/staff/{person.pk}/edit/", {
        "name": "改名", "category": person.category, "post": post_value(world, value), "window": value,
    })
    assert response.status_code == 200 and response.context["form"].errors["post"]
    person.refresh_from_db()
    assert person.name != "改名" and person.station == world.a.station and person.centre is None
