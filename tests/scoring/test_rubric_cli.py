"""run_score_rubric: the pure part of `manage.py score_rubric CODE ANSWERS.json [--format json|text]`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scoring.rubric import run_score_rubric

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "rubrics"


def write(tmp_path: Path, answers, name: str = "answers.json") -> str:
    path = tmp_path / name
    path.write_text(answers if isinstance(answers, str) else json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_it_scores_by_code_as_json(tmp_path):
    code, out = run_score_rubric("baolin-centre", write(tmp_path, {"1.1.1": True, "3.2.1": 2, "8.1.1": {
        "县级": 1, "市级": 1}}), "json", FIXTURES)
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["rubric", "version", "total", "max", "band", "vetoes", "unanswered", "sections"]
    assert (data["rubric"], data["version"], data["total"], data["max"], data["band"]) == (
        "baolin-centre", 3, "10.5", "100", "未达标")
    assert data["vetoes"] == []
    assert "1.1.1" not in data["unanswered"] and "1.2.1" in data["unanswered"]
    required = data["sections"][2]["items"][1]
    assert list(required) == ["code", "title", "score", "max", "criteria"]
    assert required["criteria"] == [{"code": "3.2.1", "score": "8", "max": "10", "note": "少 2 项,扣 2 分"}]


@pytest.mark.parametrize(("given", "score", "note"), [
    ({"县级": 1, "市级": 1}, "1.5", "县级 1 × 0.5 + 市级 1 × 1 = 1.5 分"),
    ({"县级": 1, "省级及以上": 1}, "2.5",
     "省级及以上 1 项,未给分值,按每项上限 2 分计;县级 1 × 0.5 + 省级及以上 1 × 2 = 2.5 分"),
    ({"县级": 1, "省级及以上": [1]}, "1.5", "县级 1 × 0.5 + 省级及以上 1 项(1) = 1.5 分"),
])
def test_per_level_answers_are_counts_keyed_by_the_seeds_level_names_or_lists_for_a_ranged_level(tmp_path, given,
                                                                                                  score, note):
    """The public contract (docs/rubrics.md §7.2): 8.1.1 of baolin-centre is 创新亮点 (D5)."""
    code, out = run_score_rubric("baolin-centre", write(tmp_path, {"8.1.1": given}), "json", FIXTURES)
    assert code == 0, out
    assert json.loads(out)["sections"][7]["items"][0]["criteria"] == [
        {"code": "8.1.1", "score": score, "max": "3", "note": note}]


def test_a_blank_sheet_shows_every_maximum(tmp_path):
    code, out = run_score_rubric("baolin-station", write(tmp_path, {}), "json", FIXTURES)
    data = json.loads(out)
    assert code == 0 and data["total"] == "0"
    assert [s["max"] for s in data["sections"]] == ["18", "10", "13", "15", "10", "20", "8", "6"]
    assert [i["max"] for i in data["sections"][0]["items"]] == ["2", "5", "3", "4", "4"]


def test_it_prints_text(tmp_path):
    code, out = run_score_rubric("baolin-station", write(tmp_path, {"8.1.1": 1}), "text", FIXTURES)
    assert code == 0
    assert "总分：3 / 100" in out and "等次：未达标" in out
    assert "8.1.1" in out and "1 项 × 3 = 3 分" in out


def test_it_accepts_a_fixture_path(tmp_path):
    code, out = run_score_rubric(str(FIXTURES / "baolin-centre.yaml"), write(tmp_path, {}), "json", tmp_path)
    assert code == 0 and json.loads(out)["rubric"] == "baolin-centre"


@pytest.mark.parametrize(("answers", "fragment"), [
    ({"3.2.1": -1}, "3.2.1"),
    ({"9.9.9": True}, "未知的评估标准编号“9.9.9”"),
    ('{"1.1.1": true, "1.1.1": false}', "出现了两次"),
    ("{not json", "JSON 格式错误"),
    ("[true]", "JSON 对象"),
    ('{"2.2.1": NaN}', "NaN"),
])
def test_invalid_answers_exit_1_with_a_chinese_message(tmp_path, answers, fragment):
    code, out = run_score_rubric("baolin-centre", write(tmp_path, answers), "json", FIXTURES)
    assert code == 1
    assert fragment in out


def test_usage_errors_exit_2(tmp_path):
    answers = write(tmp_path, {})
    assert run_score_rubric("no-such-rubric", answers, "json", FIXTURES)[0] == 2
    assert "找不到编码为“no-such-rubric”" in run_score_rubric("no-such-rubric", answers, "json", FIXTURES)[1]
    assert run_score_rubric("baolin-centre", answers, "xml", FIXTURES)[0] == 2
    assert run_score_rubric("baolin-centre", str(tmp_path / "missing.json"), "json", FIXTURES)[0] == 2
    assert run_score_rubric(str(tmp_path / "missing.yaml"), answers, "json", FIXTURES)[0] == 2


def test_the_highest_version_of_a_code_is_used_and_duplicates_are_refused(tmp_path):
    fixtures = tmp_path / "rubrics"
    fixtures.mkdir()
    shutil.copy(FIXTURES / "baolin-station.yaml", fixtures / "v1.yaml")
    text = (FIXTURES / "baolin-station.yaml").read_text(encoding="utf-8")
    (fixtures / "v2.yaml").write_text(text.replace("version: 3", "version: 4"), encoding="utf-8")
    (fixtures / "broken.yaml").write_text("code: [", encoding="utf-8")
    code, out = run_score_rubric("baolin-station", write(tmp_path, {}), "json", fixtures)
    assert code == 0 and json.loads(out)["version"] == 4
    (fixtures / "v2-copy.json").write_text(
        json.dumps({"code": "baolin-station", "version": 4}), encoding="utf-8")
    code, out = run_score_rubric("baolin-station", write(tmp_path, {}), "json", fixtures)
    assert code == 2 and "重复" in out


def test_an_invalid_rubric_file_exits_1_listing_its_problems(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((FIXTURES / "baolin-station.yaml").read_text(encoding="utf-8").replace(
        "points: 100", "points: 99", 1), encoding="utf-8")
    code, out = run_score_rubric(str(bad), write(tmp_path, {}), "json", tmp_path)
    assert code == 1
    assert "总分 99 与各评估内容满分之和 100" in out


def test_importing_scoring_does_not_import_django():
    """Every submodule of the scoring package, imported in a fresh interpreter, leaves Django unloaded."""
    script = (
        "import pkgutil, sys, importlib, scoring\n"
        "names = [m.name for m in pkgutil.walk_packages(scoring.__path__, 'scoring.')]\n"
        "for name in names: importlib.import_module(name)\n"
        "assert 'scoring.rubric.engine' in names, names\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(len(names), bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
