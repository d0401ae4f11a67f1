"""CLIs never show a traceback (issue #12 item 7): each file-reading command, given a bad file (a directory, binary
or GBK bytes, deep nesting, NaN, huge numbers), exits non-zero with one Chinese line naming the problem.

The commands run as from a shell (``run_from_argv``), in this process: an uncaught exception fails the test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import load_command_class

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = ROOT / "fixtures/rubrics/baolin-station.yaml"
SCHEME = ROOT / "fixtures/schemes/baolin-station-staff.yaml"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _replace(path: Path, key: str, value: str) -> bytes:
    """The real fixture with its top-level ``key`` line set to ``value``: the only problem is that value."""
    lines = path.read_text("utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[index] = f"{key}: {value}"
    return ("\n".join(lines) + "\n").encode()


def bad_fixture(path: Path, case: str) -> bytes | None:
    number = "points" if "rubrics" in str(path) else "base"
    return {
        "directory": lambda: None,
        "binary": lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
        "gbk": lambda: path.read_text("utf-8").encode("gbk", errors="replace"),
        "deep_flow": lambda: b"[" * 100_000,
        "deep_block": lambda: "".join(" " * i + "a:\n" for i in range(1100)).encode(),
        "nan": lambda: _replace(path, number, ".nan"),
        "inf": lambda: _replace(path, number, "-.inf"),
        "sexagesimal": lambda: _replace(path, number, "1:30.5"),
        "huge_exponent": lambda: _replace(path, number, "1.0e+999999999"),
        "huge_exponent_text": lambda: _replace(path, number, "1e999999999"),
        "huge_integer": lambda: _replace(path, "version", "9" * 5000),
        "version_beyond_column": lambda: _replace(path, "version", "99999999999"),
        "nul": lambda: _replace(path, "title", '"a\\0b"'),
        "code_too_long": lambda: _replace(path, "code", "a" * 61),
        "list_not_mapping": lambda: b"- 1\n- 2\n",
    }[case]()


FIXTURE_CASES = ["directory", "binary", "gbk", "deep_flow", "deep_block", "nan", "inf", "sexagesimal", "huge_exponent",
                 "huge_exponent_text", "huge_integer", "version_beyond_column", "nul", "code_too_long",
                 "list_not_mapping"]
BAD_JSON = {
    "directory": None,
    "binary": b"\xff\xfe\x00\x01\x02",
    "gbk": '{"说明": "考核"}'.encode("gbk"),
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "nan": b'{"1.1.1": NaN}',
    "infinity": b'{"events": [{"points": -Infinity}]}',
    "huge_exponent": b'{"1.1.1": 1e999999999, "events": [{"rule": "1", "date": "2026-10-01", "days": 1e999999999}]}',
    "huge_integer": b'{"1.1.1": ' + b"9" * 5000 + b"}",
    "syntax": b'{"1.1.1": 1,}',
}


def _file(tmp_path: Path, name: str, content: bytes | None, suffix: str) -> str:
    if content is None:
        folder = tmp_path / f"{name}{suffix}"
        folder.mkdir()
        return str(folder)
    path = tmp_path / f"{name}{suffix}"
    path.write_bytes(content)
    return str(path)


def _run(app: str, name: str, args: list[str], capsys) -> tuple[int, str]:
    command = load_command_class(app, name)
    with pytest.raises(SystemExit) as exited:
        command.run_from_argv(["manage.py", name, *args])
    return exited.value.code, capsys.readouterr().err


def _assert_one_chinese_line(code: int, err: str) -> None:
    assert code not in (0, None)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert CHINESE.search(lines[0]) and "Traceback" not in err and "Error:" not in err, err


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    """run_from_argv closes the database connections when it ends; the test's transaction needs them."""
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)


@pytest.mark.parametrize("case", FIXTURE_CASES)
def test_score_rubric_with_a_bad_rubric_file_says_why_in_one_chinese_line(tmp_path, capsys, case):
    answers = _file(tmp_path, "answers", b"{}", ".json")
    code, err = _run("assessment", "score_rubric", [_file(tmp_path, case, bad_fixture(RUBRIC, case), ".yaml"),
                                                    answers], capsys)
    _assert_one_chinese_line(code, err)


@pytest.mark.parametrize("case", list(BAD_JSON))
def test_score_rubric_with_a_bad_answers_file_says_why_in_one_chinese_line(tmp_path, capsys, case):
    code, err = _run("assessment", "score_rubric", [str(RUBRIC), _file(tmp_path, case, BAD_JSON[case], ".json")],
                     capsys)
    _assert_one_chinese_line(code, err)


@pytest.mark.parametrize("case", FIXTURE_CASES)
def test_score_ledger_with_a_bad_scheme_file_says_why_in_one_chinese_line(tmp_path, capsys, case):
    events = _file(tmp_path, "events", b'{"events": []}', ".json")
    code, err = _run("staff_scoring", "score_ledger",
                     [_file(tmp_path, case, bad_fixture(SCHEME, case), ".yaml"), events, "--period", "2026-10"], capsys)
    _assert_one_chinese_line(code, err)


@pytest.mark.parametrize("case", list(BAD_JSON))
def test_score_ledger_with_a_bad_events_file_says_why_in_one_chinese_line(tmp_path, capsys, case):
    code, err = _run("staff_scoring", "score_ledger",
                     [str(SCHEME), _file(tmp_path, case, BAD_JSON[case], ".json"), "--period", "2026-10"], capsys)
    _assert_one_chinese_line(code, err)


@pytest.mark.django_db
@pytest.mark.parametrize("check", [["--check"], []], ids=["check", "load"])
@pytest.mark.parametrize("app_command", [("assessment", "load_rubric"), ("staff_scoring", "load_scheme")],
                         ids=["load_rubric", "load_scheme"])
@pytest.mark.parametrize("case", FIXTURE_CASES)
def test_load_commands_with_a_bad_file_say_why_in_one_chinese_line_and_write_nothing(tmp_path, capsys, case,
                                                                                     app_command, check):
    from assessment.models import RubricVersion
    from staff_scoring.models import SchemeVersion

    app, name = app_command
    source = RUBRIC if name == "load_rubric" else SCHEME
    code, err = _run(app, name, [_file(tmp_path, case, bad_fixture(source, case), ".yaml"), *check], capsys)
    _assert_one_chinese_line(code, err)
    assert not RubricVersion.objects.exists() and not SchemeVersion.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("output", ["directory", "missing_folder"])
def test_export_scores_to_an_unwritable_output_says_why_in_one_chinese_line(world, tmp_path, capsys, output):
    target = str(tmp_path) if output == "directory" else str(tmp_path / "nope" / "scores.json")
    code, err = _run("staff_scoring", "export_scores", ["--period", "2026-10", "--centre", world.a.centre.code,
                                                        "--format", "json", "--output", target], capsys)
    _assert_one_chinese_line(code, err)


@pytest.mark.django_db
def test_export_scores_with_a_bad_period_or_centre_says_why_in_one_chinese_line(capsys):
    for args in (["--period", "2026-13", "--centre", "x"], ["--period", "2026-10", "--centre", "no-such-centre"]):
        code, err = _run("staff_scoring", "export_scores", args, capsys)
        _assert_one_chinese_line(code, err)
