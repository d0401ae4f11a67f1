"""The pure body of ``manage.py score_ledger SCHEME EVENTS.json --period P [--format json|text]``.

``run_score_ledger`` reads files and returns (exit code, output text); it never prints and never exits, so the
management command is a thin wrapper: write the text to stdout when the code is 0, else to stderr, and exit with it.
"""

from __future__ import annotations

import json
from pathlib import Path

from scoring.common import MAX_FIXTURE_BYTES, DefinitionError, fixtures_coded, load_json_numbers, problem_lines

from .engine import score_period, validate_event
from .events import Event, EventError, event_from_dict
from .loader import load_scheme
from .model import Scheme
from .output import result_to_json, result_to_text
from .periods import KIND_TEXT, LedgerError, Period, parse_period

EXIT_OK = 0
EXIT_INVALID_INPUT = 1  # an invalid event or events file: the message names the event's index
EXIT_USAGE = 2  # unknown scheme, invalid scheme, bad period or format, unreadable file

FORMATS = ("json", "text")


def run_score_ledger(
    scheme_code_or_path: str, events_path: str, period: str, fmt: str, fixtures_dir: Path
) -> tuple[int, str]:
    """Score ``period`` from the events file; (0, output) on success, else (non-zero, Chinese error message)."""
    if fmt not in FORMATS:
        return EXIT_USAGE, f"不支持的输出格式「{fmt}」（可选：json、text）\n"
    try:
        the_period = parse_period(period)
    except LedgerError as exc:
        return EXIT_USAGE, f"{exc}\n"
    try:
        scheme = resolve_scheme(scheme_code_or_path, Path(fixtures_dir))
    except LookupError as exc:
        return EXIT_USAGE, f"{exc.args[0]}\n"
    except OSError as exc:
        return EXIT_USAGE, f"无法读取方案文件「{scheme_code_or_path}」{_os_reason(exc)}\n"
    except DefinitionError as exc:
        return EXIT_USAGE, f"方案「{scheme_code_or_path}」不合格：{problem_lines(exc.problems)}\n"

    refusal = monthly_only_refusal(scheme, the_period, period)
    if refusal:
        return EXIT_USAGE, refusal

    try:
        category, events = read_events_file(Path(events_path))
    except FileNotFoundError:
        return EXIT_USAGE, f"找不到事件文件「{events_path}」\n"
    except OSError as exc:
        return EXIT_USAGE, f"无法读取事件文件「{events_path}」{_os_reason(exc)}\n"
    except EventErrors as exc:
        return EXIT_INVALID_INPUT, f"事件文件「{events_path}」有错误：{problem_lines(exc.errors)}\n"

    errors = []
    for index, event in enumerate(events):
        try:
            validate_event(scheme, event, index)
        except EventError as exc:
            errors.append(exc)
    if errors:
        return EXIT_INVALID_INPUT, f"事件文件「{events_path}」有错误：\n{EventErrors(errors)}\n"
    try:
        result = score_period(scheme, category, events, the_period)
    except LedgerError as exc:
        return EXIT_INVALID_INPUT, f"{exc}\n"
    except ArithmeticError:
        return EXIT_INVALID_INPUT, f"事件文件「{events_path}」中的数字无法计算（过大或格式不正确）\n"
    if fmt == "json":
        return EXIT_OK, json.dumps(result_to_json(result), ensure_ascii=False, indent=2) + "\n"
    return EXIT_OK, result_to_text(result)



def _os_reason(exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError):
        return "：它是目录，不是文件"
    if isinstance(exc, PermissionError):
        return "：没有读取权限"
    return f"（{exc.strerror or exc}）"


def monthly_only_refusal(scheme: Scheme, period: Period, text: str) -> str:
    """The Chinese refusal (or "") for scoring a monthly scheme over a longer period.

    A scheme whose categories have a maximum per month (``max_per: month``, the default) is a monthly ledger: its
    base is the sum of those maxima for one month. Over a quarter or a year the engine multiplies each maximum by
    the months (网络管理 120 in 2026) while the base stays 100, which means nothing. The Shangyu window scheme is such
    a ledger, and the document gives a year no score of its own: "每月一次" (上虞细则 一1), and the year is "以月度考核为基础进行年度
    考评,综合评定年度红旗窗口" (上虞细则 一3) — a ranking of the published months (redflags), not the year's events summed."""
    if period.kind == "month":
        return ""
    monthly = [c for c in scheme.categories.values() if c.max is not None and c.max_per == "month"]
    if not monthly:
        return ""
    first = monthly[0]
    return (
        f"方案「{scheme.code}」是月度考核：各类满分按月计（如「{first.title}」每月 {first.max.normalize():f} 分），"
        f"只能按月计分，考评期应为月份，如 {period.year}-{period.end.month:02d}；「{text}」是{KIND_TEXT[period.kind]}考评期。"
        "多个月的结果请逐月计分后再汇总或排名，不能把多个月的事件合成一个分数。\n"
    )


class EventErrors(LedgerError):
    """Several invalid events (or a malformed events file), all reported at once."""

    def __init__(self, errors: list[EventError]) -> None:
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def resolve_scheme(scheme_code_or_path: str, fixtures_dir: Path) -> Scheme:
    """A file path loads that file; otherwise the fixture in ``fixtures_dir`` whose ``code`` matches (the highest
    ``version`` if several do). Raises ``LookupError`` (Chinese) if none, ``DefinitionError`` if it is invalid."""
    path = Path(scheme_code_or_path)
    if path.is_file():
        return load_scheme(path.read_bytes())
    matches = []
    if fixtures_dir.is_dir():
        for candidate, data in fixtures_coded(scheme_code_or_path, fixtures_dir):
            matches.append((data.get("version") if isinstance(data.get("version"), int) else 0, candidate, data))
    if not matches:
        raise LookupError(
            f"找不到方案「{scheme_code_or_path}」：既不是文件路径，{fixtures_dir} 中也没有 code 为此的方案"
        )
    matches.sort(key=lambda m: m[0])
    return load_scheme(matches[-1][2])


def read_events_file(path: Path) -> tuple[str | None, list[Event]]:
    """(employment category, events) from an events JSON file. Raises ``EventErrors`` listing every problem."""
    raw = path.read_bytes()
    if len(raw) > MAX_FIXTURE_BYTES:
        raise EventErrors([EventError(None, f"文件过大（超过 {MAX_FIXTURE_BYTES // 1024 // 1024} MB）")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EventErrors([EventError(None, f"文件不是 UTF-8 编码（第 {exc.start} 字节处无法解码）")]) from None
    try:
        data = load_json_numbers(text)
    except json.JSONDecodeError as exc:
        raise EventErrors(
            [EventError(None, f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列（{exc.msg}）")]
        ) from None
    except ValueError as exc:
        raise EventErrors([EventError(None, str(exc))]) from None
    if not isinstance(data, dict):
        raise EventErrors([EventError(None, '事件文件应为一个对象：{"category": "…", "events": [ … ]}')])
    problems: list[EventError] = []
    unknown = [k for k in data if k not in ("category", "events", "subject")]
    if unknown:
        problems.append(
            EventError(None, f"未知字段「{'、'.join(map(str, unknown))}」（允许的字段：category、events、subject）")
        )
    category = data.get("category")
    if category is not None and not isinstance(category, str):
        problems.append(EventError(None, "category 应为人员类别文本（如 事业单位编制）"))
    raw_events = data.get("events")
    if not isinstance(raw_events, list):
        problems.append(EventError(None, "缺少 events 列表" if raw_events is None else "events 应为列表"))
        raw_events = []
    events = []
    for index, item in enumerate(raw_events):
        try:
            events.append(event_from_dict(item, index))
        except EventError as exc:
            problems.append(exc)
    if problems:
        raise EventErrors(problems)
    return category, events
