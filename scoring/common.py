"""Helpers shared by the rubric and the ledger engines: decimals, definition errors, fixture text parsing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

ZERO = Decimal("0")

# Bounds on a fixture file (rubric or scheme) before and while it is parsed. The largest real fixture is ~31 KB
# and nests 7 levels deep; these leave ample room and refuse hostile files early and cheaply.
MAX_FIXTURE_BYTES = 1024 * 1024  # 1 MB
MAX_DEPTH = 40  # nested mappings/lists; refused before the (recursive) composer goes deeper
MAX_NODES = 200_000  # scalars, mappings and lists in one document
MAX_ALIASES = 50  # "*anchor" references; none of the real fixtures uses any (a billion-laughs file uses many)
MAX_DIGITS = 20  # a number with more significant digits is not a score, a count or a version
MAX_MAGNITUDE = 12  # nor one of 10^13 or more, nor one with more than 12 decimal places
MAX_INT = 2**31 - 1  # the integer columns (version, counts) of the database
CODE_MAX_LENGTH = 60  # PublishedDefinition.code
TITLE_MAX_LENGTH = 200  # PublishedDefinition.title
FIXTURE_SUFFIXES = (".yaml", ".yml", ".json")  # the definition fixtures (rubrics, schemes) a directory holds
POINT_STEP = Decimal("0.1")  # docs/domain.md §5.3: points to 0.1 (the documents use 0.2, 0.3, 0.5 steps)


def dec(value: Any) -> Decimal:
    """A Decimal from an int, a str or a Decimal. Floats are refused: they cannot hold 0.1 exactly."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"points must be given as int, str or Decimal, not {type(value).__name__}: {value!r}")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def fmt(value: Decimal) -> str:
    """A decimal string for JSON output: no exponent, no trailing zeros beyond one decimal ("12", "0.5", "-3")."""
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    text = format(value, "f")
    return "0" if text in ("-0", "") else text

class _FixtureRefused(yaml.YAMLError):
    """A value or a shape the fixture loader refuses, with the place it was found (a Chinese message)."""

    def __init__(self, mark: yaml.Mark | None, message: str):
        super().__init__(message)
        self.problem_mark = mark
        self.message = message



MINUS = "\u2212"  # the minus sign of a printed change (−0.5), not the hyphen-minus of a number in JSON
SIGNED_XLSX_FORMAT = '+General;"\u2212"General;0'  # the same look in a spreadsheet, the value stays a number


def signed(value: Decimal) -> str:
    """A change as people read it, the one way every page and export prints it: "+6", "−0.5" (U+2212), "0"."""
    text = fmt(value)
    if text == "0":
        return text
    return MINUS + text[1:] if text.startswith("-") else "+" + text


@dataclass
class Problem:
    path: str  # e.g. "sections[2].items[4].criteria[1].points"
    message: str  # Chinese, shown to the admin as is

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def problem_lines(problems: list) -> str:
    """Problems after a heading ending in "：": one on the same line, several one a line below it."""
    if len(problems) == 1:
        return str(problems[0])
    return "\n" + "\n".join(str(p) for p in problems)


@dataclass
class DefinitionError(Exception):
    """A fixture (rubric or scheme) that does not validate. Carries every problem found, each with its path."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


_MERGE_TAG = "tag:yaml.org,2002:merge"


class _DuplicateKey(yaml.YAMLError):
    """Raised after construction when some mapping of the document repeats a key; carries every repeat found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("duplicate keys")
        self.problems = problems


class _DecimalLoader(yaml.SafeLoader):
    """SafeLoader that reads every float scalar as an exact Decimal ("0.5" → Decimal("0.5"), never 0.5 float)
    and refuses a key repeated inside one mapping (PyYAML would silently keep the last one).

    ``construct_document`` first walks the composed node tree, once per node, knowing each mapping's path from the
    root (``sections[0].items[1]``) and seeing it before SafeLoader flattens merge keys (``<<``) into it — a key that
    overrides a merged one is not a repeat. Every repeat is reported at once, by line and path.

    It also bounds the document while it is composed (``compose_node`` is recursive: depth, node and alias counts
    are checked before going deeper) and refuses scalars that would be read wrongly or uselessly: ``.nan``/``.inf``,
    YAML 1.1 sexagesimal numbers (``1:30.5`` would silently be 90.5), numbers beyond :data:`MAX_DIGITS` digits or
    :data:`MAX_MAGNITUDE`, impossible dates, and text with control characters (a NUL cannot be stored).
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0
        self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> yaml.Node:
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _FixtureRefused(mark, f"引用（*锚点）超过 {MAX_ALIASES} 处，请直接写出内容")
        else:
            self._nodes += 1
            if self._nodes > MAX_NODES:
                raise _FixtureRefused(mark, f"内容过多（超过 {MAX_NODES:,} 个值），不是考核细则或计分方案文件")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _FixtureRefused(mark, f"嵌套超过 {MAX_DEPTH} 层，不是考核细则或计分方案文件")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_document(self, node: yaml.Node) -> Any:
        self._paths: dict[int, str] = {}
        self._duplicates: list[tuple[int, int, Problem]] = []
        self._walk(node, "")
        data = super().construct_document(node)
        if self._duplicates:
            raise _DuplicateKey([problem for _, _, problem in sorted(self._duplicates, key=lambda d: d[:2])])
        return data

    def _walk(self, node: yaml.Node, path: str) -> None:
        """Record every mapping's path (the first path it is reached by, for aliases) and check it."""
        if id(node) in self._paths:
            return
        self._paths[id(node)] = path
        if isinstance(node, yaml.MappingNode):
            self._check_duplicates(node)
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    self._walk(value_node, path)
                    continue
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                self._walk(value_node, f"{path}.{key}" if path else str(key))
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                self._walk(child, f"{path}[{index}]")

    def _check_duplicates(self, node: yaml.MappingNode) -> None:
        seen: dict[Any, yaml.Node] = {}
        path = self._paths[id(node)]
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                continue
            first = seen.setdefault(self.construct_object(key_node), key_node)
            if first is key_node:
                continue
            where = f"{path}.{key_node.value}" if path else str(key_node.value)
            mark = key_node.start_mark
            self._duplicates.append((mark.line, mark.column, Problem(where, (
                f"{_at(mark)}：键“{key_node.value}”在同一层重复出现（{_at(first.start_mark)}已有）；"
                "重复的键只会保留后一个，请删除或合并其中一个"))))


def _at(mark: yaml.Mark) -> str:
    return f"第 {mark.line + 1} 行第 {mark.column + 1} 列"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # "\ud800" escapes in YAML text: no character, cannot be stored


def number_problem(value: Decimal) -> str:
    """Why ``value`` is no usable number ("" if it is): not finite, too many digits, too large or too fine."""
    if not value.is_finite():
        return "不接受 NaN（非数字）或无穷大"
    digits = value.as_tuple().digits
    if len(digits) > MAX_DIGITS or value.adjusted() >= MAX_MAGNITUDE or (
            value and value.as_tuple().exponent < -MAX_MAGNITUDE):  # type: ignore[operator]
        return "数字过大或位数过多"
    return ""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "").strip()
    if ":" in text:
        raise _FixtureRefused(node.start_mark, f"“{text}”是六十进制数字（YAML 1.1 会把 1:30 读成 90），"
                                               "请写成十进制数字，或加引号作为文字")
    if text.lower().lstrip("+-") in (".nan", ".inf"):
        raise _FixtureRefused(node.start_mark, f"“{text}”：不接受 NaN（非数字）或无穷大")
    if len(text) > 4 * MAX_DIGITS:
        raise _FixtureRefused(node.start_mark, "数字过大或位数过多")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _FixtureRefused(node.start_mark, f"“{text[:40]}”不是数字") from None
    problem = number_problem(value)
    if problem:
        raise _FixtureRefused(node.start_mark, f"“{text}”：{problem}")
    return value


def _construct_int(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    text = loader.construct_scalar(node).replace("_", "").strip()
    if ":" in text:
        raise _FixtureRefused(node.start_mark, f"“{text}”是六十进制数字（YAML 1.1 会把 1:30 读成 90），"
                                               "请写成十进制数字，或加引号作为文字")
    if len(text.lstrip("+-")) > MAX_DIGITS:
        raise _FixtureRefused(node.start_mark, f"“{text[:30]}…”：数字过大或位数过多")
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        raise _FixtureRefused(node.start_mark, f"“{text}”不是整数") from None


def _construct_str(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    value = loader.construct_scalar(node)
    if _CONTROL.search(value):
        raise _FixtureRefused(node.start_mark, "文字中含有不可见的控制字符（如 NUL、\\0），请删除后重新上传")
    if _SURROGATE.search(value):
        raise _FixtureRefused(node.start_mark, "文字中含有无效的 Unicode 代理码（如 \\ud800），请删除后重新上传")
    return value


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        raise _FixtureRefused(node.start_mark, f"“{node.value}”不是有效的日期") from None


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_DecimalLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_DecimalLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_DecimalLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

# PyYAML's problem texts (scanner, parser, composer, constructor) → Chinese, by their start; the first match wins.
_YAML_PROBLEMS_ZH: tuple[tuple[str, str], ...] = (
    ("expected ',' or '}'", "缺少逗号或右花括号"),
    ("expected ',' or ']'", "缺少逗号或右方括号"),
    ("mapping values are not allowed here", "此处不能出现“键: 值”（检查缩进，或给含冒号的文字加引号）"),
    ("could not find expected ':'", "缺少冒号（键与值之间用“: ”分隔）"),
    ("found character '\\t' that cannot start any token", "不能用 Tab 缩进，请改用空格"),
    ("found character", "此字符不能出现在值的开头，请给这段文字加引号"),
    ("found undefined alias", "引用了未定义的锚点"),
    ("found duplicate anchor", "锚点重复定义"),
    ("found unknown escape character", "引号中有无法识别的转义字符（\\ 后的字符）"),
    ("found unexpected end of stream", "文件意外结束（是否有引号没有闭合？）"),
    ("found unexpected ':'", "此处不能出现冒号"),
    ("expected <block end>", "缩进不一致"),
    ("did not find expected key", "缩进不一致，或缺少键"),
    ("did not find expected '-' indicator", "缩进不一致，或缺少列表项前的“-”"),
    ("did not find expected node content", "此处缺少值"),
    ("did not find expected <document start>", "一个文件只能有一份内容"),
    ("expected a single document in the stream", "一个文件只能有一份内容（不要用 --- 分隔多份）"),
    ("expected the node content, but found", "此处缺少值"),
    ("expected <document start>", "一个文件只能有一份内容"),
    ("expected alphabetic or numeric character", "锚点或引用的名称只能用字母和数字"),
    ("expected a comment or a line break", "此处应换行"),
    ("found unhashable key", "键不能是列表或映射"),
    ("could not determine a constructor for the tag", "不支持的标签（!…）"),
    ("special characters are not allowed", "文件中有不允许的控制字符"),
    ("expected a mapping node", "此处应为键值映射"),
    ("expected a mapping or list of mappings", "合并键（<<）后应为映射"),
    ("expected a sequence node", "此处应为列表"),
    ("expected a scalar node", "此处应为单个值"),
    ("found a tab character", "不能用 Tab 缩进，请改用空格"),
    ("found a tab character where an indentation space is expected", "不能用 Tab 缩进，请改用空格"),
    ("while scanning", "格式错误"),
)


def yaml_problem_zh(problem: str | None) -> str:
    """PyYAML's English problem text in Chinese (the common ones; otherwise "格式错误")."""
    text = (problem or "").strip()
    for start, chinese in _YAML_PROBLEMS_ZH:
        if text.startswith(start) or start in text:
            return chinese
    return "格式错误"


def parse_fixture_text(data: bytes | str) -> Any:
    """Parse YAML (JSON is valid YAML) fixture bytes; floats come back as Decimal.

    Bad encoding or syntax, or a key repeated inside one mapping → DefinitionError with a Chinese message naming
    the line (and, for a repeated key, its path).
    """
    if len(data) > MAX_FIXTURE_BYTES:
        raise DefinitionError([Problem("", f"文件过大（{len(data) / 1024 / 1024:.1f} MB），考核细则或计分方案文件不超过 "
                                           f"{MAX_FIXTURE_BYTES // 1024 // 1024} MB")])
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DefinitionError([Problem("", f"文件不是 UTF-8 编码（第 {exc.start} 字节处无法解码），请另存为 UTF-8 后重新上传")]) from exc
    try:
        return yaml.load(data, Loader=_DecimalLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as exc:
        raise DefinitionError(exc.problems) from exc
    except _FixtureRefused as exc:
        raise DefinitionError([Problem("", f"{_where(exc.problem_mark)}：{exc.message}")]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if isinstance(exc, yaml.reader.ReaderError):
            mark, problem = None, "文件中有不允许的控制字符（如 NUL）"
        else:
            problem = yaml_problem_zh(getattr(exc, "problem", None))
        raise DefinitionError([Problem("", f"YAML/JSON 格式错误：{_where(mark)}：{problem}")]) from exc
    except RecursionError as exc:  # a guard of last resort: compose_node stops at MAX_DEPTH first
        raise DefinitionError([Problem("", f"文件嵌套过深（超过 {MAX_DEPTH} 层），不是考核细则或计分方案文件")]) from exc


def fixtures_coded(code: str, fixtures_dir: Path) -> Iterator[tuple[Path, dict]]:
    """(path, parsed data) of each fixture in ``fixtures_dir``, in name order, whose ``code`` is ``code``. A file that
    cannot be read or parsed is passed over: it cannot be matched by its code (named by its path, it fails on its
    own)."""
    for path in sorted(fixtures_dir.iterdir()):
        if path.suffix.lower() not in FIXTURE_SUFFIXES or not path.is_file():
            continue
        try:
            data = parse_fixture_text(path.read_bytes())
        except (DefinitionError, OSError):
            continue
        if isinstance(data, dict) and data.get("code") == code:
            yield path, data


def _where(mark: yaml.Mark | None) -> str:
    return _at(mark) if mark is not None else "文件中"


# Python's json messages → Chinese, by their start (the answers and events files of the command-line tools).
_JSON_PROBLEMS_ZH: tuple[tuple[str, str], ...] = (
    ("Expecting value", "此处缺少值"),
    ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "缺少冒号"),
    ("Expecting property name enclosed in double quotes", "键应写在双引号中（或多了一个逗号）"),
    ("Unterminated string", "文字缺少结束的双引号"),
    ("Invalid control character", "文字中有控制字符"),
    ("Invalid \\escape", "无法识别的转义字符"),
    ("Invalid \\uXXXX escape", "无法识别的 \\u 转义"),
    ("Extra data", "JSON 内容结束后还有多余的内容"),
)


def json_problem_zh(message: str) -> str:
    for start, chinese in _JSON_PROBLEMS_ZH:
        if message.startswith(start):
            return chinese
    return "格式错误"


def load_json_numbers(text: str, **hooks: Any) -> Any:
    """``json.loads`` for the command-line tools' input files: numbers as bounded Decimals (ints stay ints), NaN and
    Infinity refused, nesting bounded. Raises ``ValueError`` with a Chinese message (a ``json.JSONDecodeError``
    keeps its line and column; its ``msg`` is Chinese)."""
    import json

    def parse_int(text: str) -> int:
        if len(text.lstrip("-")) > MAX_DIGITS:
            raise ValueError(f"数字 {text[:20]}… 过大")
        return int(text)

    def parse_float(text: str) -> Decimal:
        value = Decimal(text)
        if number_problem(value):
            raise ValueError(f"数字 {text[:30]}：{number_problem(value)}")
        return value

    def parse_constant(name: str) -> Any:
        raise ValueError(f"不接受 {name}（非数字或无穷大）")

    if _json_depth(text) > MAX_DEPTH:
        raise ValueError(f"JSON 嵌套超过 {MAX_DEPTH} 层")
    try:
        return json.loads(text, parse_int=parse_int, parse_float=parse_float, parse_constant=parse_constant, **hooks)
    except json.JSONDecodeError as exc:
        exc.msg = json_problem_zh(exc.msg)
        raise
    except RecursionError:
        raise ValueError(f"JSON 嵌套超过 {MAX_DEPTH} 层") from None


def _json_depth(text: str) -> int:
    """The deepest bracket nesting of a JSON text, outside strings (an upper bound is enough: cheap, no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


# -- problem paths as people read them (issue #13 item 9) ------------------------------------------------------------
# "sections[0].items[1].points" → "第1部分「组织领导」第2项·分值（points）": the numbers are 1-based, a list element's
# title (or name/label) is shown when the parsed data has one, and a field keeps its key for finding it in the file.
_ELEMENTS = {
    "sections": "第{n}部分", "items": "第{n}项", "criteria": "第{n}条标准", "tiers": "第{n}档", "levels": "第{n}个级别",
    "bands": "第{n}个等次", "parts": "第{n}个组成部分", "groups": "第{n}个分组", "members": "第{n}个成员",
    "deductions": "第{n}条扣分细则", "bonuses": "第{n}条加分细则", "grades": "第{n}个等次表", "notes": "第{n}条说明",
    "applies_to": "第{n}个岗位", "subject": "第{n}个考核对象", "consequences": "第{n}条后果", "bands_by": "第{n}个等次",
}
_FIELDS = {
    "code": "编号", "version": "版本", "title": "名称", "subject": "考核对象", "source": "出处", "points": "分值",
    "note": "备注", "bands": "等次", "veto_band": "否决后的等次", "parts": "组成部分", "ranking": "排名规则",
    "sections": "评估内容", "role": "类型", "capped": "封顶", "limit": "上限", "items": "评估项目", "label": "序号",
    "basis": "考核依据", "criteria": "评估标准", "rule": "计分规则", "text": "标准内容", "fact": "数据绑定",
    "unit_points": "每单位分值", "max_units": "最多单位数", "per_missing": "每缺一项扣分", "min": "最低分",
    "step": "步长", "effect": "否决效果", "at_least": "门槛", "name": "名称", "within": "排名范围",
    "excellent": "优秀等次", "max_share": "比例上限", "max_count": "名额上限", "demote_to": "超额改评为",
    "members": "成员", "base": "基础分", "floor": "最低分", "categories": "类别", "deductions": "扣分细则",
    "bonuses": "加分细则", "bonus_cap": "加分上限", "applies_to": "适用岗位", "description": "说明", "levels": "级别",
    "consequences": "后果", "grades": "等次", "max": "上限", "max_per": "上限周期", "category": "类别",
    "aggravated": "造成不良影响", "kind": "类型", "per": "计算单位", "tiers": "分档", "groups": "分组",
}
_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def describe_path(path: str, data: Any = None) -> str:
    """A problem's path in words ("" stays ""). ``data`` is the parsed file, for the titles of list elements."""
    if not path:
        return ""
    words: list[str] = []
    node, key = data, None
    tokens = [(m.group(1), m.group(2)) for m in _SEGMENT.finditer(path)]
    for index, (name, number) in enumerate(tokens):
        last = index == len(tokens) - 1
        if number is not None:
            n = int(number)
            pattern = _ELEMENTS.get(key or "", "第{n}个")
            if key in _FIELDS and words and words[-1].startswith(_FIELDS[key]):
                words.pop()  # "评估内容" + "第1部分" → "第1部分"
            node = node[n] if isinstance(node, list) and 0 <= n < len(node) else None
            title = next((node[k] for k in ("title", "name", "label") if isinstance(node, dict)
                          and isinstance(node.get(k), str | int) and not isinstance(node.get(k), bool)), None)
            text = pattern.format(n=n + 1)
            if title is not None and key in ("sections", "parts", "groups", "bands", "levels"):
                text += f"「{str(title)[:30]}」"
            elif key in ("deductions", "bonuses") and isinstance(node, dict) and isinstance(node.get("code"), str | int):
                text += f"（细则 {node['code']}）"
            words.append(text)
            continue
        key = name
        node = node.get(name) if isinstance(node, dict) else None
        if name in _FIELDS:
            words.append(_FIELDS[name] + (f"（{name}）" if last else ""))
        elif words and words[-1].endswith("）"):
            words.append(f"「{name}」")
        else:
            words.append(f"「{name}」" if not last else name)
    return "·".join(_merge(words))


def _merge(words: list[str]) -> list[str]:
    """Adjacent list elements read as one phrase: ["第1部分「组织领导」", "第2项"] → ["第1部分「组织领导」第2项"]."""
    merged: list[str] = []
    for word in words:
        if merged and word.startswith("第") and merged[-1].startswith("第"):
            merged[-1] += word
        else:
            merged.append(word)
    return merged
