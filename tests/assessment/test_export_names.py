"""The score sheet, the guidance record and the county ranking download under Chinese names (see
tests/core/test_export_names.py for the header itself)."""

from datetime import date

import pytest
from django.utils import timezone

from tests.core.test_export_names import download_name

pytestmark = pytest.mark.django_db


def test_the_assessment_exports_are_named_after_the_unit_and_year(world, login, centre_rubric):
    from tests.assessment import factories

    evaluation = factories.evaluation(world.a, kind="acceptance", version=centre_rubric, on=date(2025, 11, 3))
    record = factories.guidance(world.a)
    client = login(world.a.inspector)
    centre = world.a.centre.name
    assert download_name(client.get(f"/evaluations/{evaluation.pk}/sheet.xlsx")) == \
        f"{centre}-{evaluation.get_kind_display()}评分表-2025年度-2025年11月3日.xlsx"
    assert download_name(client.get(f"/guidance/{record.pk}/record.pdf")) == \
        f"{centre}-指导三化建设记录表-2025年6月3日.pdf"
    today = timezone.localdate()
    assert download_name(client.get("/evaluations/county/ranking.xlsx")) == \
        f"{world.a.county.name}-考核排名-{today.year}年{today.month}月{today.day}日.xlsx"
