"""The staff form carries the revision it was loaded at: of two people editing the same staff member, the second
is shown the current values (HTTP 409) and saves nothing over the first (core.revisions)."""

import re

import pytest
from django.forms.models import model_to_dict

from centers.models import Staff
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def staff_post(person: Staff, **changes) -> dict:
    data = {"name": person.name, "category": person.category, "post": "centre", "window": person.window_id or "",
            "unit": person.unit, "position": person.position, "phone": person.phone}
    return {**data, **changes}


def loaded_revision(html: str) -> str:
    return re.search(r'name="revision" value="(\d+)"', html).group(1)


def test_a_stale_staff_form_is_refused_with_the_current_values(world, login):
    person = world.a.window_staff
    first, second = login(world.a.director), login(world.admin)
    url = f"/staff/{person.pk}/edit/"
    loaded = loaded_revision(first.get(url).content.decode())
    assert second.post(url, staff_post(person, phone="12345", revision=loaded)).status_code == 302

    response = first.post(url, staff_post(person, name="被覆盖的名字", revision=loaded))
    html = response.content.decode()
    assert response.status_code == 409
    assert "保存未成功" in html and "您的修改未保存" in html
    assert 'value="12345"' in html and "被覆盖的名字" not in html  # the values stored now, not the stale edit
    assert loaded_revision(html) == str(int(loaded) + 1)  # saving again from here is deliberate
    person.refresh_from_db()
    assert person.name != "被覆盖的名字" and person.phone == "12345"
    assert AuditEntry.objects.filter(action="编辑工作人员").count() == 1

    again = first.post(url, staff_post(person, name="再次修改", revision=loaded_revision(html)))
    assert again.status_code == 302
    person.refresh_from_db()
    assert person.name == "再次修改"


def test_a_staff_form_without_its_revision_saves_nothing(world, login):
    person = world.a.window_staff
    response = login(world.a.director).post(f"/staff/{person.pk}/edit/", staff_post(person, name="无版本号"))
    assert response.status_code == 409 and "表单缺少有效的版本号" in response.content.decode()
    person.refresh_from_db()
    assert person.name != "无版本号"


def test_an_admin_edit_makes_an_open_staff_form_stale(world, login):
    person = world.a.window_staff
    form = login(world.a.director)
    url = f"/staff/{person.pk}/edit/"
    loaded = loaded_revision(form.get(url).content.decode())
    world.admin.is_superuser = world.admin.is_staff = True
    world.admin.save()
    admin = login(world.admin)
    page = admin.get(f"/admin/centers/staff/{person.pk}/change/")
    assert page.status_code == 200 and 'name="revision"' not in page.content.decode()
    fields = {k: ("" if v is None else v) for k, v in model_to_dict(person).items() if k != "photo"}
    fields.update(name="后台改名", _save="1")
    assert admin.post(f"/admin/centers/staff/{person.pk}/change/", fields).status_code == 302
    assert form.post(url, staff_post(person, name="表单改名", revision=loaded)).status_code == 409
    person.refresh_from_db()
    assert person.name == "后台改名"
