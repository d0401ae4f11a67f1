import pytest

from centers.models import Staff, Window
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_director_adds_a_staff_member_to_a_window_of_their_centre(world, login):
    client = login(world.a.director)
    response = client.post(f"/centres/{world.a.centre.pk}/staff/new/", {
        "name": "赵喆", "category": "临时聘用", "post": "centre", "window": world.a.window.pk, "party_member": "on",
    })
    assert response.status_code == 302
    person = Staff.objects.get(name="赵喆")
    assert person.centre == world.a.centre and person.window == world.a.window and person.party_member
    entry = AuditEntry.objects.get(action="新增工作人员")
    assert entry.actor == world.a.director and entry.after["name"] == "赵喆"


def test_a_station_post_with_a_window_is_refused_and_nothing_is_saved(world, login):
    client = login(world.a.director)
    response = client.post(f"/centres/{world.a.centre.pk}/staff/new/", {
        "name": "钱堃", "category": "村(社区)代办人", "post": str(world.a.station.pk), "window": world.a.window.pk,
    })
    assert response.status_code == 200
    assert "便民服务站的工作人员不设窗口" in response.content.decode()
    assert not Staff.objects.filter(name="钱堃").exists()


def test_a_window_from_another_centre_cannot_be_chosen(world, login):
    client = login(world.a.director)
    response = client.post(f"/centres/{world.a.centre.pk}/staff/new/", {
        "name": "孙某", "category": "临时聘用", "post": "centre", "window": world.b.window.pk,
    })
    assert response.status_code == 200 and not Staff.objects.filter(name="孙某").exists()
    assert "选择一个有效的选项： 该选择不在可用的选项中。" in response.content.decode()  # Django's zh-hans text
    assert f'<option value="{world.b.window.pk}"' not in response.content.decode().split('name="window"', 1)[1] \
        .split("</select>", 1)[0]  # the other centre's window is not even offered


def test_a_duplicate_window_number_gets_a_chinese_message(world, login):
    client = login(world.a.director)
    response = client.post(f"/centres/{world.a.centre.pk}/windows/new/", {"number": 1, "name": "重复", "kind": "specialised"})
    assert "本中心已有这个窗口号" in response.content.decode()
    assert Window.objects.filter(centre=world.a.centre).count() == 1


def test_an_inspector_reads_the_centre_but_may_not_edit_it(world, login):
    client = login(world.a.inspector)
    response = client.get(f"/centres/{world.a.centre.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert world.a.centre.name in text and world.a.window_staff.name in text and world.a.station.name in text
    for button in ("编辑中心信息", "新增窗口", "新增工作人员", f"/centres/{world.a.centre.pk}/edit/"):
        assert button not in text, button  # the inspector is offered no change
    assert client.get(f"/centres/{world.a.centre.pk}/edit/").status_code == 404


def test_a_staff_member_sets_an_ab_backup_from_the_same_centre(world, login):
    client = login(world.a.director)
    other = Staff.objects.create(name="备岗人", category="临时聘用", centre=world.a.centre)
    person = world.a.window_staff
    response = client.post(f"/staff/{person.pk}/edit/", {
        "name": person.name, "category": person.category, "post": "centre", "window": world.a.window.pk,
        "backup": other.pk, "revision": person.revision,
    })
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.backup == other


@pytest.mark.parametrize("size", [1, 30])
def test_the_centre_page_keeps_its_queries_flat_as_staff_grow(world, login, size, django_assert_max_num_queries):
    client = login(world.a.director)
    backup = Staff.objects.create(name="后备人员", category="临时聘用", centre=world.a.centre)
    for i in range(size):
        Staff.objects.create(name=f"员工{i:02d}", category="临时聘用", centre=world.a.centre, window=world.a.window,
                             backup=backup)
    with django_assert_max_num_queries(12):
        response = client.get(f"/centres/{world.a.centre.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert all(f"员工{i:02d}" in html for i in range(size))  # in the window's row and in the staff table
    assert html.count("员工") == 2 * size and html.count("后备人员") == 1 + size
