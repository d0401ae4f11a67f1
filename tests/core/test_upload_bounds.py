"""Bounded imports (issue #12 item 3): a hostile workbook is refused before it is parsed, quickly, in little memory,
with a Chinese reason; the staff-event and catalogue imports refuse it on their pages and write nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.uploads import MAX_ROWS
from core.xlsx import XlsxError, read_xlsx_rows
from tests.core import xlsx_hostile
from tests.staff_scoring.conftest import schemes, scored_world  # noqa: F401 - the staff pages' world

ROOT = Path(__file__).resolve().parents[2]

# name → (generator, words the refusal must contain)
HOSTILE = {
    "three_million_rows": (xlsx_hostile.many_rows, "解压后过大"),
    "huge_shared_strings": (xlsx_hostile.huge_shared_strings, "共享字符串"),
    "zip_bomb": (xlsx_hostile.zip_bomb, "压缩比异常"),
    "many_sheets": (xlsx_hostile.many_sheets, "工作表过多"),
    "rows_past_the_limit": (lambda path: xlsx_hostile.rows_workbook(path, MAX_ROWS + 2_000), "行，请删除多余的行或分批导入"),
    "malformed_sheet_xml": (xlsx_hostile.malformed_sheet, "已损坏或内容格式不正确"),
    "malformed_sheet_xml_no_size": (lambda path: xlsx_hostile.malformed_sheet(path, dimension=False), "已损坏或内容格式不正确"),
    "malformed_catalogue_sheet": (lambda path: xlsx_hostile.malformed_sheet(path, "事项目录"), "已损坏或内容格式不正确"),
    "malformed_catalogue_sheet_no_size": (lambda path: xlsx_hostile.malformed_sheet(path, "事项目录", dimension=False),
                                          "已损坏或内容格式不正确"),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-xlsx")
    return {name: make(folder / f"{name}.xlsx") for name, (make, _) in HOSTILE.items()}


_MEASURE = """
import json, resource, sys, time
import django
django.setup()
from core.xlsx import XlsxError, read_xlsx_rows
from matters.imports import ImportErrors, read_workbook
reader, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    if reader == "events":
        rows = sum(1 for _ in read_xlsx_rows(path, max_rows=5000))
    else:
        rows = len(read_workbook(data))
    message = None
except (XlsxError, ImportErrors) as exc:
    message = str(exc)
seconds = time.perf_counter() - start
growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"message": message, "seconds": seconds, "rss_growth_mb": growth / 1024}))
"""


@pytest.mark.parametrize("reader", ["events", "catalogue"])
@pytest.mark.parametrize("name", ["three_million_rows", "huge_shared_strings", "zip_bomb"])
def test_a_hostile_workbook_is_refused_in_under_two_seconds_and_100_mb(hostile, name, reader):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _MEASURE, reader, str(hostile[name])], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["message"] and HOSTILE[name][1] in outcome["message"], outcome
    assert outcome["seconds"] < 2, outcome
    assert outcome["rss_growth_mb"] < 100, outcome


def test_the_generators_make_the_workbooks_the_issue_describes(hostile):
    assert 1.5 < hostile["three_million_rows"].stat().st_size / 1024 / 1024 < 2.0
    assert 0.7 < hostile["huge_shared_strings"].stat().st_size / 1024 / 1024 < 0.95


@pytest.mark.parametrize("name", list(HOSTILE))
def test_every_hostile_workbook_is_refused_with_its_reason_in_chinese(hostile, name):
    with pytest.raises(XlsxError) as refused:
        list(read_xlsx_rows(hostile[name], max_rows=MAX_ROWS))
    assert HOSTILE[name][1] in str(refused.value)


def test_an_upload_above_the_size_limit_is_refused_before_it_is_opened():
    with pytest.raises(XlsxError) as refused:
        list(read_xlsx_rows(b"PK" + b"\0" * (6 * 1024 * 1024)))
    assert "过大" in str(refused.value) and "5.0 MB" in str(refused.value)


def test_a_workbook_within_the_limits_is_read(tmp_path):
    path = xlsx_hostile.rows_workbook(tmp_path / "ok.xlsx", 50)
    rows = list(read_xlsx_rows(path))
    assert len(rows) == 50 and rows[0] == (2, {"人员编号": 2, "姓名": None, "日期": None, "细则编号": None, "次数": None})


# --- the pages -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in HOSTILE if "catalogue" not in n])
def test_the_event_import_page_refuses_a_hostile_workbook_and_saves_nothing(hostile, name, request, login):
    from staff_scoring.models import StaffEvent

    staff_world = request.getfixturevalue("scored_world")

    upload = SimpleUploadedFile("记录.xlsx", hostile[name].read_bytes())
    response = login(staff_world.a.director).post(
        reverse("staff_scoring:import_events", kwargs={"centre": staff_world.a.centre.pk}), {"file": upload})
    assert response.status_code == 200
    assert any(HOSTILE[name][1] in p for p in response.context["problems"]), response.context["problems"]
    assert not StaffEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["huge_shared_strings", "zip_bomb", "many_sheets", "malformed_catalogue_sheet",
                                  "malformed_catalogue_sheet_no_size"])
def test_the_catalogue_import_page_refuses_a_hostile_workbook_and_changes_nothing(hostile, name, world, login):
    from matters.models import CatalogueChange, CatalogueEntry, Matter

    before = (Matter.objects.count(), CatalogueEntry.objects.count(), CatalogueChange.objects.count())
    upload = SimpleUploadedFile("目录.xlsx", hostile[name].read_bytes())
    response = login(world.a.director).post(
        reverse("matters:centre_import", kwargs={"centre": world.a.centre.pk}),
        {"file": upload, "on": timezone.localdate().isoformat(), "reason": "按县里调整通知更新"})
    assert response.status_code == 200
    assert HOSTILE[name][1] in response.content.decode()
    assert (Matter.objects.count(), CatalogueEntry.objects.count(), CatalogueChange.objects.count()) == before
