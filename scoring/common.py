"""Helpers shared by the rubric and the ledger engines: decimals, definition errors, fixture text parsing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import yaml

ZERO = Decimal("0")
POINT_STEP = Decimal("0.1")  # DOMAIN §5.3: points to 0.1 (the seeds use 0.2, 0.3, 0.5 steps)


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
    """

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


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    return Decimal(loader.construct_scalar(node).replace("_", ""))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def parse_fixture_text(data: bytes | str) -> Any:
    """Parse YAML (JSON is valid YAML) fixture bytes; floats come back as Decimal.

    Bad encoding or syntax, or a key repeated inside one mapping → DefinitionError with a Chinese message naming
    the line (and, for a repeated key, its path).
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DefinitionError([Problem("", f"文件不是 UTF-8 编码（第 {exc.start} 字节处无法解码），请另存为 UTF-8 后重新上传")]) from exc
    try:
        return yaml.load(data, Loader=_DecimalLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as exc:
        raise DefinitionError(exc.problems) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else "文件中"
        raise DefinitionError([Problem("", f"YAML/JSON 格式错误：{where}（{getattr(exc, 'problem', '') or exc}）")]) from exc
