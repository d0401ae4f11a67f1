"""What the rubric and the scheme loaders share: the problem collector and the content hash.

A loader walks the parsed fixture with one :class:`Checker`: each helper returns the value read (or ``None`` / a
default for a bad one) and records every problem with its path in the file and a Chinese message, so a file is
refused once, with everything wrong in it (docs/rubrics.md, docs/schemes.md). :func:`json_hash` fingerprints a
definition's scoring content (D8).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from scoring.common import MAX_INT, ZERO, Problem, number_problem


def num(value: Decimal) -> str:
    """A decimal as the messages print it: "5", "0.5", never "5.0" or "-0"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def join(path: str, key: str | int) -> str:
    """``sections`` + 2 → ``sections[2]``; ``sections[2]`` + ``items`` → ``sections[2].items``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def type_name(value: Any) -> str:
    return {
        dict: "键值表",
        list: "列表",
        str: "文本",
        int: "整数",
        bool: "布尔值",
        Decimal: "小数",
        float: "小数",
        type(None): "空值",
    }.get(type(value), type(value).__name__)


def _names(keys: Iterable[str]) -> list[str]:
    return sorted(keys) if isinstance(keys, (set, frozenset)) else list(keys)


class Checker:
    """Collects problems while a definition is read. ``where`` names the place in words (「标准 1.2.3」), before the
    message; the path says where it is in the file."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, where: str = "") -> None:
        self.problems.append(Problem(path, f"{where}：{message}" if where else message))

    # -- shapes -------------------------------------------------------------------------------------------
    def mapping(
        self, node: Any, path: str, allowed: Iterable[str], required: Iterable[str] = (), *, where: str = ""
    ) -> dict | None:
        """The node as a dict, every unknown and every missing (or null) required field reported; None if it is
        not a mapping."""
        if not isinstance(node, Mapping):
            self.add(path, f"应为键值表（对象），实际是 {type_name(node)}", where)
            return None
        allowed = _names(allowed)
        for key in node:
            if key not in allowed:
                self.add(join(path, str(key)), f"未知字段「{key}」（允许的字段：{'、'.join(allowed)}）", where)
        for key in _names(required):
            if key not in node or node[key] is None:
                self.add(join(path, key), f"缺少必填字段 {key}", where)
        return dict(node)

    def listing(self, node: Any, path: str, *, where: str = "", nonempty: bool = False) -> list:
        """The node as a list ([] when absent or null, or not a list: reported)."""
        if node is None:
            return []
        if not isinstance(node, list):
            self.add(path, f"应为列表，实际是 {type_name(node)}", where)
            return []
        if nonempty and not node:
            self.add(path, "列表不能为空", where)
        return node

    def mappings(
        self, node: Any, path: str, allowed: Iterable[str], required: Iterable[str] = (), *, where: str = "",
        nonempty: bool = False,
    ) -> Iterator[tuple[str, dict]]:
        """Each entry of a list of mappings with its path (``tiers[0]``, ``tiers[1]`` …), checked as ``listing`` and
        ``mapping`` check them; an entry that is not a mapping is reported and passed over."""
        for index, item in enumerate(self.listing(node, path, where=where, nonempty=nonempty)):
            item_path = join(path, index)
            entry = self.mapping(item, item_path, allowed, required, where=where)
            if entry is not None:
                yield item_path, entry

    def table(self, node: Any, path: str, shape: str) -> Mapping:
        """A mapping keyed by codes (levels, consequences); anything else is reported with ``shape``, what it should
        look like, and read as empty."""
        if not isinstance(node, Mapping):
            self.add(path, f"应为键值表：{shape}")
            return {}
        return node

    # -- values -------------------------------------------------------------------------------------------
    def text(self, node: dict, key: str, path: str, *, where: str = "", blank: bool = False, default: Any = None):
        """Stripped text (a number written as a code, ``1``, is read as "1"); ``default`` when absent or null;
        blank text is refused unless ``blank``."""
        value = node.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            self.add(join(path, key), f"应为文本，实际是 {type_name(value)}", where)
            return default
        value = str(value).strip()
        if not value and not blank:
            self.add(join(path, key), "不能为空", where)
            return default
        return value

    def number(
        self,
        value: Any,
        path: str,
        *,
        where: str = "",
        floats: bool = False,
        negative: bool = True,
        positive: bool = False,
        places: int | None = None,
    ) -> Decimal | None:
        """A finite Decimal. ``floats``: a float is read by its repr (else refused: it cannot hold 0.1 exactly);
        ``negative=False``: at least 0; ``positive``: above 0; ``places``: at most so many decimal places."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
            self.add(path, f"应为数字，实际是 {type_name(value)}", where)
            return None
        if isinstance(value, float) and not floats:
            self.add(path, f"{value!r} 是浮点数，请写成数字或文本（解析 JSON 时用 parse_float=Decimal）", where)
            return None
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            self.add(path, f"应为数字，实际是「{str(value)[:40]}」", where)
            return None
        if number_problem(number):
            self.add(path, f"应为有限的数字，实际是「{str(value)[:40]}」（{number_problem(number)}）", where)
            return None
        if places is not None and number != 0 and number.normalize().as_tuple().exponent < -places:
            self.add(path, f"分值最多保留 {places} 位小数（{num(Decimal(1).scaleb(-places))} 分），实际是 {value}", where)
            return None
        if positive and number <= ZERO:
            self.add(path, f"应大于 0，实际是 {num(number)}", where)
            return None
        if not negative and number < ZERO:
            self.add(path, f"应不小于 0，实际是 {num(number)}", where)
            return None
        return number

    def integer(
        self, value: Any, path: str, *, where: str = "", minimum: int | None = None, maximum: int = MAX_INT
    ) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, f"应为整数，实际是「{str(value)[:40]}」", where)
            return None
        if minimum is not None and value < minimum:
            self.add(path, f"应不小于 {minimum}，实际是 {value}", where)
            return None
        if value > maximum:
            self.add(path, f"应不大于 {maximum}，实际是 {value}", where)
            return None
        return value

    def flag(self, node: dict, key: str, path: str, *, where: str = "") -> bool:
        value = node.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.add(join(path, key), "应为 true 或 false", where)
            return False
        return value

    def choice(self, value: Any, path: str, choices: Mapping[str, str] | tuple[str, ...], *, where: str = ""):
        if not isinstance(value, str) or value not in choices:
            shown = (
                "、".join(f"{k}（{v}）" for k, v in choices.items())
                if isinstance(choices, Mapping)
                else "、".join(choices)
            )
            self.add(path, f"不认识的取值「{value}」（可选：{shown}）", where)
            return None
        return value


# -- content hash ----------------------------------------------------------------------------------------------
def _canonical(value: Any, tagged: bool) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal) or (tagged and isinstance(value, (int, float))):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return {"#": format(number.normalize(), "f")} if tagged else num(number)
    if isinstance(value, int):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _canonical(v, tagged) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v, tagged) for v in value]
    return str(value)


def canonical(value: Any, *, tagged: bool = False) -> Any:
    """JSON-ready data: numbers as normalised decimal text ("4" for 4, 4.0 and "4.00"), or, ``tagged``, every
    number (int included) as ``{"#": text}`` so it never equals a string (how scheme hashes were first stored)."""
    return _canonical(value, tagged)


def canonical_text(value: Any, *, tagged: bool = False) -> str:
    """Compact, key-sorted JSON of :func:`canonical`."""
    return json.dumps(canonical(value, tagged=tagged), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def json_hash(value: Any, *, tagged: bool = False) -> str:
    """SHA-256 (hex) of :func:`canonical_text`: the same content gives the same hash, whatever the key order, YAML
    or JSON, and however a number is written."""
    return hashlib.sha256(canonical_text(value, tagged=tagged).encode("utf-8")).hexdigest()
