"""The public contract of `manage.py score_ledger SCHEME EVENTS.json --period P [--format json|text]`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scoring.ledger import run_score_ledger

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "schemes"

EVENTS = {
    "category": "公务员编制",
    "events": [
        {"date": "2026-10-03", "rule": "1", "occurrences": 2},
        {"date": "2026-10-05", "rule": "8", "aggravated": True, "points": 15},
        {"date": "2026-10-06", "rule": "2", "days": 1},
        {"date": "2026-03-01", "rule": "B1", "level": "local", "deed": "A"},
        {"date": "2026-10-09", "rule": "B1", "level": "national", "deed": "A"},
        {"date": "2026-11-09", "rule": "22"},
        {"date": "2026-11-19", "rule": "22"},
    ],
}


def write(tmp_path: Path, data, name="events.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def run(tmp_path, data=EVENTS, period="2026-10", fmt="json", scheme="baolin-window-staff"):
    return run_score_ledger(scheme, write(tmp_path, data), period, fmt, FIXTURES)


def test_the_json_output_has_the_contract_keys_and_decimal_strings(tmp_path):
    code, out = run(tmp_path)
    assert code == 0
    data = json.loads(out)
    assert {"scheme", "version", "period", "score", "deductions", "bonus", "grade", "flags", "events"} <= set(data)
    assert (data["scheme"], data["version"], data["period"]) == ("baolin-window-staff", 1, "2026-10")
    assert (data["score"], data["deductions"], data["bonus"], data["grade"]) == ("75", "41", "16", "不称职")
    assert data["flags"] == ["取消年度评优资格"]
    assert [(e["date"], e["rule"], e["counted"], e["capped"]) for e in data["events"]] == [
        ("2026-10-03", "1", "6", "0"),
        ("2026-10-05", "8", "15", "0"),
        ("2026-10-06", "2", "20", "0"),
        ("2026-10-09", "B1", "16", "4"),
    ]
    assert all(isinstance(e["why"], str) and e["why"] for e in data["events"])
    assert "D17" in data["events"][3]["why"]


def test_the_annual_grade_is_held_below_excellent_by_the_flag(tmp_path):
    events = {
        "category": "事业单位编制",
        "events": [
            {"date": "2026-03-01", "rule": "22", "occurrences": 2},
            {"date": "2026-04-01", "rule": "B5", "occurrences": 12},
        ],
    }
    data = json.loads(run(tmp_path, events, period="2026")[1])
    assert (data["score"], data["grade"], data["flags"]) == ("92", "合格", ["取消年度评优资格"])
    events["events"][0]["occurrences"] = 1
    assert json.loads(run(tmp_path, events, period="2026")[1])["grade"] == "优秀"


@pytest.mark.parametrize("period", ["2026-10", "2026-Q4", "2026-H2", "2026"])
def test_every_period_kind_is_accepted(tmp_path, period):
    code, out = run(tmp_path, period=period)
    assert code == 0
    assert json.loads(out)["period"] == period


def test_the_text_output_is_a_chinese_report(tmp_path):
    code, out = run(tmp_path, fmt="text")
    assert code == 0
    assert "得分：75" in out
    assert "等次：不称职" in out
    assert "取消年度评优资格" in out


def test_a_scheme_file_path_works_as_well_as_a_code(tmp_path):
    copy = tmp_path / "my-scheme.yaml"
    shutil.copy(FIXTURES / "baolin-station-staff.yaml", copy)
    events = {"category": "村(社区)代办人", "events": [{"date": "2026-10-03", "rule": "16"}]}
    code, out = run(tmp_path, events, scheme=str(copy))
    assert code == 0
    assert json.loads(out)["score"] == "97"


def test_the_highest_version_of_a_scheme_code_is_used(tmp_path):
    fixtures = tmp_path / "schemes"
    fixtures.mkdir()
    text = (FIXTURES / "baolin-window-staff.yaml").read_text(encoding="utf-8")
    (fixtures / "v1.yaml").write_text(text, encoding="utf-8")
    (fixtures / "v2.yaml").write_text(text.replace("version: 1", "version: 2"), encoding="utf-8")
    (fixtures / "broken.yaml").write_text("code: [", encoding="utf-8")
    code, out = run_score_ledger("baolin-window-staff", write(tmp_path, EVENTS), "2026-10", "json", fixtures)
    assert code == 0
    assert json.loads(out)["version"] == 2


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (
            {
                "category": "公务员编制",
                "events": [{"date": "2026-10-03", "rule": "1"}, {"date": "2026-10-03", "rule": "99"}],
            },
            ["events[1]", "未知细则「99」"],
        ),
        (
            {
                "category": "公务员编制",
                "events": [{"date": "2026-10-03", "rule": "4", "aggravated": True, "points": 50}],
            },
            ["events[0]", "25—40"],
        ),
        (
            {"category": "公务员编制", "events": [{"date": "2026-10-03", "rule": "B1", "deed": "A"}]},
            ["events[0]", "缺少 level"],
        ),
        ({"category": "公务员编制", "events": [{"date": "2026-13-03", "rule": "1"}]}, ["events[0]", "YYYY-MM-DD"]),
        (
            {"category": "公务员编制", "events": [{"date": "2026-10-03", "rule": "1", "colour": "red"}]},
            ["events[0]", "未知字段「colour」"],
        ),
        ({"category": "公务员编制", "events": [{"rule": "1"}]}, ["events[0]", "缺少必填字段 date"]),
        (
            {"category": "公务员编制", "events": [{"date": "2026-10-03", "rule": "1", "occurrences": 1, "days": 1}]},
            ["只能填一个"],
        ),
        ({"category": "合同工", "events": []}, ["人员类别「合同工」"]),
        ({"category": "公务员编制"}, ["缺少 events"]),
        ("{not json", ["JSON 格式错误", "第 1 行"]),
    ],
)
def test_an_invalid_events_file_exits_non_zero_naming_the_event_and_the_problem(tmp_path, data, words):
    code, out = run(tmp_path, data)
    assert code != 0
    for word in words:
        assert word in out


def test_every_invalid_event_is_listed_at_once(tmp_path):
    data = {
        "category": "公务员编制",
        "events": [
            {"date": "2026-10-03", "rule": "99"},
            {"date": "2026-10-03", "rule": "1"},
            {"date": "2026-10-03", "rule": "B7"},
        ],
    }
    code, out = run(tmp_path, data)
    assert code == 1
    assert "events[0]" in out and "events[2]" in out and "events[1]" not in out


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"scheme": "no-such-scheme"}, "找不到方案「no-such-scheme」"),
        ({"period": "2026-13"}, "考评期「2026-13」"),
        ({"fmt": "xml"}, "不支持的输出格式"),
    ],
)
def test_a_bad_argument_exits_non_zero_in_chinese(tmp_path, kwargs, words):
    code, out = run(tmp_path, **kwargs)
    assert code == 2
    assert words in out


def test_a_missing_events_file_exits_non_zero(tmp_path):
    code, out = run_score_ledger("baolin-window-staff", str(tmp_path / "nope.json"), "2026-10", "json", FIXTURES)
    assert code == 2
    assert "找不到事件文件" in out


def test_an_invalid_scheme_file_exits_non_zero_listing_its_problems(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("code: bad\nversion: 0\n", encoding="utf-8")
    code, out = run(tmp_path, scheme=str(bad))
    assert code == 2
    assert "version" in out and "title" in out
