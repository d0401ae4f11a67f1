"""The pure part of ``manage.py score_rubric CODE ANSWERS.json [--format json|text]`` (docs/rubrics.md §8).

The Django management command only parses its arguments, calls :func:`run_score_rubric` and writes the text to
stdout (exit code 0) or stderr (otherwise). No database is involved.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scoring.common import (
    FIXTURE_SUFFIXES,
    MAX_FIXTURE_BYTES,
    DefinitionError,
    Problem,
    fixtures_coded,
    load_json_numbers,
    problem_lines,
)

from .engine import AnswerError, score
from .loader import load_rubric
from .output import result_to_json, result_to_text

FORMATS = ("json", "text")

EXIT_OK = 0
EXIT_INVALID = 1  # invalid answers or an invalid rubric file
EXIT_USAGE = 2  # unknown code, missing file, bad --format


class RubricNotFound(LookupError):
    pass


def find_rubric_file(code: str, fixtures_dir: Path) -> Path:
    """The fixture in ``fixtures_dir`` whose ``code`` is ``code`` (the highest ``version`` if several)."""
    fixtures_dir = Path(fixtures_dir)
    if not fixtures_dir.is_dir():
        raise RubricNotFound(f"考核标准目录 {fixtures_dir} 不存在")
    found: list[tuple[int, Path]] = []
    for path, data in fixtures_coded(code, fixtures_dir):
        version = data.get("version")
        found.append((version if isinstance(version, int) and not isinstance(version, bool) else 0, path))
    if not found:
        raise RubricNotFound(f"在 {fixtures_dir} 中找不到编码为“{code}”的考核标准")
    best = max(v for v, _ in found)
    paths = [p for v, p in found if v == best]
    if len(paths) > 1:
        raise RubricNotFound(f"编码“{code}”第 {best} 版同时出现在 {'、'.join(p.name for p in paths)} 中，请删除重复文件")
    return paths[0]


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"编号“{key}”出现了两次")
        result[key] = value
    return result


def read_answers(path: Path) -> dict[str, Any]:
    """An answers file: a UTF-8 JSON object; numbers become exact Decimals. Raises AnswerError in Chinese."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise AnswerError([_p(f"无法读取答卷文件{_os_reason(exc)}")]) from None
    if len(raw) > MAX_FIXTURE_BYTES:
        raise AnswerError([_p(f"答卷文件过大（超过 {MAX_FIXTURE_BYTES // 1024 // 1024} MB）")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswerError([_p(f"答卷文件不是 UTF-8 编码（第 {exc.start} 字节处无法解码）")]) from exc
    try:
        data = load_json_numbers(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise AnswerError([_p(f"答卷 JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列（{exc.msg}）")]) from exc
    except ValueError as exc:
        raise AnswerError([_p(f"答卷有误：{exc}")]) from exc
    if not isinstance(data, dict):
        raise AnswerError([_p("答卷应为以评估标准编号（如 1.1.1）为键的 JSON 对象")])
    return data


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError):
        return f"：“{exc.filename}”是目录，不是文件"
    if isinstance(exc, PermissionError):
        return f"：没有权限读取“{exc.filename}”"
    return f"“{exc.filename}”（{exc.strerror or exc}）"


def _p(message: str) -> Problem:
    return Problem("", message)



def run_score_rubric(code_or_path: str, answers_path: str, fmt: str, fixtures_dir: Path) -> tuple[int, str]:
    """Score an answers file without the database: (exit code, text for stdout or, if non-zero, stderr)."""
    if fmt not in FORMATS:
        return EXIT_USAGE, f"未知的输出格式“{fmt}”（可用：json、text）"
    candidate = Path(code_or_path)
    if candidate.is_dir():
        return EXIT_USAGE, f"考核标准文件 {candidate} 是目录，不是文件"
    if candidate.suffix.lower() in FIXTURE_SUFFIXES or candidate.is_file():
        if not candidate.is_file():
            return EXIT_USAGE, f"考核标准文件 {candidate} 不存在"
        rubric_path = candidate
    else:
        try:
            rubric_path = find_rubric_file(code_or_path, fixtures_dir)
        except RubricNotFound as exc:
            return EXIT_USAGE, str(exc)
    try:
        rubric = load_rubric(rubric_path.read_bytes())
    except OSError as exc:
        return EXIT_USAGE, f"无法读取考核标准文件{_os_reason(exc)}"
    except DefinitionError as exc:
        return EXIT_INVALID, f"考核标准文件 {rubric_path} 未通过校验：{problem_lines(exc.problems)}"
    answers_file = Path(answers_path)
    if answers_file.is_dir():
        return EXIT_USAGE, f"答卷文件 {answers_file} 是目录，不是文件"
    if not answers_file.is_file():
        return EXIT_USAGE, f"答卷文件 {answers_file} 不存在"
    try:
        result = score(rubric, read_answers(answers_file))
    except AnswerError as exc:
        return EXIT_INVALID, f"答卷 {answers_file} 有误（{rubric.code} 第 {rubric.version} 版）：{problem_lines(exc.problems)}"
    except ArithmeticError:
        return EXIT_INVALID, f"答卷 {answers_file} 中的数字无法计算（过大或格式不正确）"
    if fmt == "text":
        return EXIT_OK, result_to_text(result)
    return EXIT_OK, json.dumps(result_to_json(result), ensure_ascii=False, indent=2) + "\n"
