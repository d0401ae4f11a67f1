"""`manage.py score_ledger` (thin, output and exit code passed through) and `manage.py export_scores`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from scoring.ledger import run_score_ledger
from tests.staff_scoring.factories import event

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def test_score_ledger_prints_what_the_pure_function_returns(tmp_path, capsys):
    events = tmp_path / "events.json"
    events.write_text(json.dumps({"category": "公务员编制", "events": [
        {"date": "2026-10-03", "rule": "1", "occurrences": 2}, {"date": "2026-10-09", "rule": "B1", "level": "national", "deed": "A"}]},
        ensure_ascii=False), encoding="utf-8")
    call_command("score_ledger", "baolin-window-staff", str(events), "--period", "2026-10")
    code, expected = run_score_ledger("baolin-window-staff", str(events), "2026-10", "json",
                                      Path(settings.FIXTURES_DIR) / "schemes")
    assert code == 0 and capsys.readouterr().out == expected
    assert json.loads(expected)["score"] == "114"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--period", "2026-13"], 2, "月份应在"),
    (["--period", "2026-10", "--format", "xml"], 2, "不支持的输出格式"),
])
def test_score_ledger_passes_the_exit_code_and_the_message_through(tmp_path, args, code, message):
    events = tmp_path / "events.json"
    events.write_text('{"category": "公务员编制", "events": [{"date": "2026-10-03", "rule": "99"}]}', encoding="utf-8")
    done = subprocess.run([sys.executable, "manage.py", "score_ledger", "baolin-window-staff", str(events), *args],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == code and message in done.stderr and done.stdout == ""


def test_score_ledger_exits_1_for_an_invalid_event(tmp_path):
    events = tmp_path / "events.json"
    events.write_text('{"category": "公务员编制", "events": [{"date": "2026-10-03", "rule": "99"}]}', encoding="utf-8")
    done = subprocess.run([sys.executable, "manage.py", "score_ledger", "baolin-window-staff", str(events),
                           "--period", "2026-10", "--format", "text"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 1 and "events[0]（第 1 条事件）：未知细则「99」" in done.stderr


def test_export_scores_json_lists_each_staff_member(scored_world):
    a = scored_world.a
    event(a.window_staff, "22", "2025-10-09")
    event(a.window_staff, "22", "2025-10-10")
    event(a.station_staff, "B5", "2025-10-11")
    out = io.StringIO()
    call_command("export_scores", "--period", "2025-10", "--centre", a.centre.code, "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["period"] == "2025-10" and data["centre"] == a.centre.code
    by_name = {row["name"]: row for row in data["staff"]}
    w = by_name[a.window_staff.name]
    assert (w["score"], w["deductions"], w["bonus"], w["grade"], w["flags"]) == ("80", "20", "0", "基本称职", ["取消年度评优资格"])
    s = by_name[a.station_staff.name]
    assert (s["score"], s["bonus"], s["grade"]) == ("101", "1", "优秀")


def test_export_scores_writes_xlsx_and_pdf(scored_world, tmp_path):
    a = scored_world.a
    event(a.window_staff, "1", "2025-10-09")
    xlsx = tmp_path / "m.xlsx"
    call_command("export_scores", "--period", "2025-10", "--centre", a.centre.code, "--format", "xlsx",
                 "--output", str(xlsx), stdout=io.StringIO())
    rows = list(load_workbook(xlsx, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "姓名", "人员类别", "岗位所在") and len(rows) == 3
    pdf = tmp_path / "y.pdf"
    call_command("export_scores", "--period", "2025", "--centre", a.centre.code, "--format", "pdf",
                 "--output", str(pdf), stdout=io.StringIO())
    assert pdf.read_bytes().startswith(b"%PDF")


def test_export_scores_refuses_an_unknown_centre_or_period(scored_world):
    with pytest.raises(CommandError, match="找不到编码为「nope」"):
        call_command("export_scores", "--period", "2025-10", "--centre", "nope")
    with pytest.raises(CommandError, match="格式不对"):
        call_command("export_scores", "--period", "2025-X", "--centre", scored_world.a.centre.code)
