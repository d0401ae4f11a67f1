"""A staff id (人员编号) in an import sheet written with other digits is a row error, not a 500."""

import pytest

from staff_scoring.models import StaffEvent
from tests.staff_scoring.test_import import import_url, workbook

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw_id", ["²", "①", "１", "99999999999999999999"])
def test_a_staff_id_that_is_not_an_ascii_number_names_its_row(scored_world, login, raw_id):
    a = scored_world.a
    upload = workbook([[raw_id, None, "2025-10-09", "1", None, None, None, None, None, None, None, None]])
    response = login(a.director).post(import_url(scored_world), {"file": upload})
    assert response.status_code == 200
    assert f"第 2 行「人员编号」列：找不到编号为「{raw_id}」的工作人员" in "\n".join(response.context["problems"])
    assert not StaffEvent.objects.exists()
