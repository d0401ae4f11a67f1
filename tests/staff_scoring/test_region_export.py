"""Staff scores of a county or any region at once: `export_scores --county/--region` and the background job."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from jobs.models import Job, JobState
from tests.jobs.test_jobs import run_worker
from tests.staff_scoring.factories import event

pytestmark = pytest.mark.django_db


def region_json(*args) -> dict:
    out = io.StringIO()
    call_command("export_scores", "--period", "2025-10", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_a_county_lists_each_staff_member_with_the_centres_numbers(scored_world):
    a = scored_world.a
    event(a.window_staff, "22", "2025-10-09")
    event(a.window_staff, "22", "2025-10-10")
    event(a.station_staff, "B5", "2025-10-11")
    data = region_json("--county", a.county.code)
    assert (data["region"], data["region_name"], data["period"]) == (a.county.code, a.county.name, "2025-10")
    by_name = {row["name"]: row for row in data["staff"]}
    w, s = by_name[a.window_staff.name], by_name[a.station_staff.name]
    assert (w["score"], w["deductions"], w["bonus"], w["grade"], w["flags"]) == ("80", "20", "0", "基本称职",
                                                                              ["取消年度评优资格"])
    assert (s["score"], s["bonus"], s["grade"]) == ("101", "1", "优秀")
    assert w["centre"] == s["centre"] == a.centre.code and w["post"] == "1号窗口 综合受理"
    assert scored_world.b.window_staff.name not in by_name
    centre = region_json("--centre", a.centre.code)  # the same numbers as the centre's own export
    assert {r["name"]: r["score"] for r in centre["staff"]} == {r["name"]: r["score"] for r in data["staff"]}


def test_a_city_holds_its_counties_and_no_other(scored_world):
    names = {row["name"] for row in region_json("--region", scored_world.a.county.parent.code)["staff"]}
    assert scored_world.a.window_staff.name in names
    assert scored_world.b.window_staff.name not in names  # county b lies in the neighbouring city
    names = {row["name"] for row in region_json("--region", scored_world.b.county.parent.code)["staff"]}
    assert scored_world.b.window_staff.name in names and scored_world.a.window_staff.name not in names


def test_a_region_export_refuses_what_it_cannot_do(scored_world, tmp_path):
    with pytest.raises(CommandError, match="找不到区划代码为「nope」的县"):
        call_command("export_scores", "--period", "2025-10", "--county", "nope")
    with pytest.raises(CommandError, match="的县"):  # a city is not a county
        call_command("export_scores", "--period", "2025-10", "--county", scored_world.a.county.parent.code)
    with pytest.raises(CommandError, match="只支持 json 和 xlsx"):
        call_command("export_scores", "--period", "2025-10", "--county", scored_world.a.county.code, "--format", "pdf",
                     "--output", str(tmp_path / "x.pdf"))


def test_the_region_xlsx_has_a_row_per_staff_member(scored_world, tmp_path):
    out = tmp_path / "county.xlsx"
    call_command("export_scores", "--period", "2025-10", "--county", scored_world.a.county.code, "--format", "xlsx",
                 "--output", str(out), stdout=io.StringIO())
    rows = list(load_workbook(out, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "区划代码", "便民服务中心", "姓名")
    assert scored_world.a.window_staff.name in {r[3] for r in rows[1:]}


def test_the_inspector_makes_the_county_file_as_a_job(scored_world, login, settings):
    a = scored_world.a
    settings.JOBS_INLINE_MAX_ROWS = 0
    event(a.window_staff, "22", "2025-10-09")
    client = login(a.inspector)
    url = reverse("staff_scoring:region_export") + "?period=2025-10"
    assert "开始后台导出" in client.get(url).content.decode()
    client.post(url)
    run_worker()
    job = Job.objects.get()
    assert job.state == JobState.DONE and job.filename.startswith(a.county.name), job.message
    response = client.get(reverse("jobs:job_download", kwargs={"job": job.pk}))
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    names = {r[3]: r for r in rows[1:]}
    assert names[a.window_staff.name][9] == 90 and scored_world.b.window_staff.name not in names


def test_the_count_a_region_export_shows_is_its_number_of_rows(scored_world):
    """The count (the job offer's 「N 名工作人员」, and whether the file comes at once) is taken post by post; it
    must agree with the rows the file holds, for a county, a city, and a town with no staff."""
    from centers.models import Region
    from staff_scoring.exports import region_scores

    a = scored_world.a
    empty = Region.objects.create(parent=a.county, level="town", code="990001", name="无人镇")
    for region in (a.county, a.county.parent, scored_world.b.county, empty):
        report = region_scores(region, "2025-10")
        assert report.count() == len(list(report.people)), region
    assert region_scores(a.county, "2025-10").count() == 2  # the window's staff member and the station's
    assert region_scores(empty, "2025-10").count() == 0
