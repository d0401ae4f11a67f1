"""Catalogue imports with hostile numbers (issue #12 item 2): "²", 1e12, NaN and Infinity in number columns are
refused by row and column in Chinese; nothing changes."""

import pytest
from django.urls import reverse

from tests.matters.test_xlsx import _dump, _upload, _workbook

pytestmark = pytest.mark.django_db

GOOD = ["L-OK", "好的事项", "乡村振兴", "镇政府", "公共服务", "承诺件", "乡镇（街道）级", "依据", "条件", "申请", None, 5,
        "不收费", "", "结果", "否", "否", "办理", None]


def _row(code, **cells):
    row = list(GOOD)
    row[0] = code
    for index, value in cells.items():
        row[int(index[1:])] = value
    return row


@pytest.mark.parametrize("value", ["²", "1e12", "1000000000000", "NaN", "sNaN", "Infinity", "-1", "3.5", "５"])
def test_a_hostile_number_in_a_number_column_is_refused_by_row_and_column(login, world, catalogues, value):
    client = login(world.a.director)
    before = _dump()
    rows = [_row("L-1"), _row("L-2", c11=value), _row("L-3", c10=value)]
    response = _upload(client, reverse("matters:centre_import", kwargs={"centre": world.a.centre.pk}), _workbook(rows))
    html = response.content.decode()
    if value == "５":  # a full-width digit from a Chinese input method is a digit
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert "第 3 行「承诺时限（工作日）」列：应为不小于 0 的整数" in html
    assert "第 4 行「法定时限（工作日）」列：应为不小于 0 的整数" in html
    assert "未导入任何内容" in html
    assert _dump() == before


def test_a_hostile_copies_count_on_the_materials_sheet_is_refused(login, world, catalogues):
    client = login(world.a.director)
    before = _dump()
    materials = [["L-1", 1, "身份证", "原件", "²", "是", ""]]
    response = _upload(client, reverse("matters:centre_import", kwargs={"centre": world.a.centre.pk}),
                       _workbook([_row("L-1")], materials=materials))
    assert response.status_code == 200
    assert "「份数」列" in response.content.decode()
    assert _dump() == before

