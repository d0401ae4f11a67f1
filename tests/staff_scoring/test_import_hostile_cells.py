"""Event imports with hostile numbers (issue #12 item 2): "²", 次数 1e12, NaN/Infinity/sNaN in 分值/天数 are refused
by row and column in Chinese, and nothing is saved."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from staff_scoring.models import StaffEvent
from tests.staff_scoring.test_import import workbook

pytestmark = pytest.mark.django_db


def _post(world, login, rows):
    return login(world.a.director).post(
        reverse("staff_scoring:import_events", kwargs={"centre": world.a.centre.pk}), {"file": workbook(rows)})


@pytest.mark.parametrize(("column", "index", "value"), [
    ("次数", 4, "²"), ("次数", 4, "1e12"), ("次数", 4, 10**12), ("次数", 4, "NaN"), ("次数", 4, "sNaN"),
    ("天数", 5, "NaN"), ("天数", 5, "sNaN"), ("天数", 5, "Infinity"), ("天数", 5, "-Infinity"), ("天数", 5, "²"),
    ("天数", 5, "1e12"), ("天数", 5, "0.05"),
    ("分值", 8, "NaN"), ("分值", 8, "sNaN"), ("分值", 8, "Infinity"), ("分值", 8, "1e999999999"), ("分值", 8, "²"),
    ("分值", 8, "9" * 500),
])
def test_a_hostile_number_is_refused_on_its_row_and_column_and_nothing_is_saved(scored_world, login, column, index,
                                                                                  value):
    a = scored_world.a
    good = [a.window_staff.pk, None, "2025-10-09", "1", None, None, None, None, None, None, None, None]
    bad = list(good)
    bad[index] = value
    if column == "天数":
        bad[3] = "2"  # a per-day rule
    if column == "分值":
        bad[3], bad[7] = "4", "是"  # a rule whose points are entered
    response = _post(scored_world, login, [good, bad])
    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) == 1 and problems[0].startswith(f"第 3 行「{column}」列："), problems
    assert not StaffEvent.objects.exists()
    assert not AuditEntry.objects.filter(action="导入扣分加分记录").exists()
