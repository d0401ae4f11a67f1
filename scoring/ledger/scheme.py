"""Ledger schemes: the deduction and bonus rules a staff member (or a window) is scored by, parsed and validated.

A scheme is read from a fixture (YAML or JSON, see docs/schemes.md) into frozen dataclasses. Validation collects
every problem with its path and a Chinese message, rejects unknown fields, and raises one ``DefinitionError``.
A scheme is versioned by ``code`` + integer ``version``; ``content_hash`` fingerprints its content (D8).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from scoring.common import (
    CODE_MAX_LENGTH,
    MAX_INT,
    TITLE_MAX_LENGTH,
    DefinitionError,
    Problem,
    dec,
    number_problem,
    parse_fixture_text,
)

ZERO = Decimal("0")
STEP = Decimal("0.1")  # docs/domain.md §5.3: points to 0.1

UNITS = ("month", "quarter", "half", "year")  # calendar windows of a cap or a threshold
UNIT_TEXT = {
    "month": "每月",
    "quarter": "每季度",
    "half": "每半年",
    "year": "每年",
    "deed": "每个事迹/事项",
    "period": "每个考评期",
}
KINDS = {"deduction": "扣分", "bonus": "加分"}
SUBJECTS = {"staff": "工作人员", "window": "窗口"}
POSTS = {"centre_window": "便民服务中心窗口", "station": "村(社区)便民服务站"}
ONCE_PER = ("deed", "year")

_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_RULE_CODE_RE = re.compile(r"^\S{1,20}$")


@dataclass(frozen=True)
class Cap:
    """At most ``max`` points within each window ``per`` (a calendar unit, ``deed``, or ``period`` = D15)."""

    max: Decimal
    per: str
    note: str = ""

    def describe(self) -> str:
        return f"{UNIT_TEXT[self.per]}最多 {_num(self.max)} 分"


@dataclass(frozen=True)
class Aggravation:
    """造成不良影响 / 情节严重: the recorder marks the event aggravated and picks points in [min, max] (if given)."""

    min: Decimal | None = None
    max: Decimal | None = None
    consequences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Threshold:
    """``count`` occurrences or more (D2: "以上" includes the number) within ``per`` raise ``consequences``."""

    count: int
    per: str
    consequences: tuple[str, ...]


@dataclass(frozen=True)
class Consequence:
    code: str
    text: str  # Chinese, shown as a flag beside every score of the year
    blocks_top_grade: bool = False  # 取消年度评优资格: the annual grade cannot be the top band
    blocks_red_flag: bool = False  # Shangyu severe items: no red flag that month or year (for the window scheme)


@dataclass(frozen=True)
class Category:
    """A group of rules (作风纪律, 业务规范 …). With ``max`` it is scored from max down, never below 0 (D7)."""

    code: str
    title: str
    kind: str  # deduction | bonus
    max: Decimal | None = None
    max_per: str = "month"
    caps: tuple[Cap, ...] = ()

    @property
    def all_caps(self) -> tuple[Cap, ...]:
        if self.max is None:
            return self.caps
        if self.kind == "deduction":
            implicit = Cap(self.max, self.max_per, f"「{self.title}」满分 {_num(self.max)} 分，扣完为止（D7）")
        else:
            implicit = Cap(self.max, self.max_per, f"「{self.title}」最多 {_num(self.max)} 分")
        return (implicit, *self.caps)


@dataclass(frozen=True)
class Rule:
    """One deduction or bonus rule. Exactly one of ``points``, ``points_range``, ``levels`` or ``refers`` is set."""

    code: str
    kind: str  # deduction | bonus
    category: str
    text: str
    source: str
    note: str = ""
    part_of: str = ""  # two-rate rules: "10a" and "10b" are parts of seed rule "10"
    points: Decimal | None = None  # fixed points per occurrence
    points_range: tuple[Decimal, Decimal] | None = None  # the recorder picks points in range (judged)
    levels: Mapping[str, Decimal] | None = None  # points per level (local, county, city, province, national, centre)
    refers: bool = False  # 附件3 rule 27: the event is scored as the rule it names in ``refers_to``
    occurrences_per_day: int | None = None  # 旷工1天按照2次计
    aggravated: Aggravation | None = None
    consequences: tuple[str, ...] = ()  # raised by every event of the rule
    thresholds: tuple[Threshold, ...] = ()
    caps: tuple[Cap, ...] = ()  # applied in the order listed, in time order within each window (D4)
    once_per: str | None = None  # "deed": highest level, later higher adds the difference (D17); "year": D16
    credit_month: int | None = None  # with once_per "year": credited to this month of the year (D16: 12)
    doubling_per: str | None = None  # D9: each repeat within the window doubles (0.5, 1, 2, 4 …)
    windowed_because: tuple[str, ...] = ()  # why the rule needs per-event, time-ordered processing; empty = plain

    @property
    def windowed(self) -> bool:
        return bool(self.windowed_because)

    @property
    def label(self) -> str:
        return f"细则{self.code}"


@dataclass(frozen=True)
class GradeBand:
    min: Decimal | None  # None: below every other band
    label: str


@dataclass(frozen=True)
class GradeTable:
    categories: tuple[str, ...]
    bands: tuple[GradeBand, ...]  # highest first
    source: str = ""


@dataclass(frozen=True)
class Scheme:
    code: str
    version: int
    title: str
    source: str
    subject: str
    applies_to: tuple[str, ...]
    base: Decimal
    floor: Decimal | None
    bonus_cap: Cap | None
    levels: Mapping[str, str]
    consequences: Mapping[str, Consequence]
    categories: Mapping[str, Category]
    rules: Mapping[str, Rule]  # deductions first, then bonuses, in fixture order
    grades: tuple[GradeTable, ...]
    content_hash: str

    def bands_for(self, employment_category: str) -> tuple[GradeBand, ...] | None:
        for table in self.grades:
            if employment_category in table.categories:
                return table.bands
        return None

    @property
    def employment_categories(self) -> tuple[str, ...]:
        return tuple(c for table in self.grades for c in table.categories)

    def windowed_rule_codes(self) -> frozenset[str]:
        return frozenset(code for code, rule in self.rules.items() if rule.windowed)


def windowed_rule_codes(scheme: Scheme) -> frozenset[str]:
    """Codes of the rules whose events the engine needs one by one, in time order (see docs/schemes.md).

    Every other rule is plain: its period total is Σ occurrences × points, which a database can GROUP BY and pass
    to ``score_period`` as ``PlainTotal`` rows. ``scheme.rules[code].windowed_because`` says why (Chinese).
    """
    return scheme.windowed_rule_codes()


# ---------------------------------------------------------------------------------------------------------------
# Content hash


def _canonical(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return {"#": format(number.normalize(), "f")}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return str(value)


# Provenance and explanation, never scored (D8: a version's scoring content never changes; its citations and notes
# may be corrected in place). Per level of the file: the scheme, each rule, each category, each grade table. A cap's
# ``note`` is not here: the engine prints it beside the points it caps.
PROVENANCE_KEYS: dict[str, frozenset[str]] = {
    "": frozenset({"source", "description", "notes"}),
    "deductions": frozenset({"source", "note"}),
    "bonuses": frozenset({"source", "note"}),
    "categories": frozenset({"source"}),
    "grades": frozenset({"source"}),
}


def scoring_content(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fixture's mapping without its provenance fields (``PROVENANCE_KEYS``): what the hash covers."""
    top = PROVENANCE_KEYS[""]
    result: dict[str, Any] = {}
    for key, value in data.items():
        if key in top:
            continue
        drop = PROVENANCE_KEYS.get(key) if isinstance(key, str) else None
        if drop and isinstance(value, list):
            value = [{k: v for k, v in x.items() if k not in drop} if isinstance(x, Mapping) else x for x in value]
        result[key] = value
    return result


def content_hash(data: Mapping[str, Any]) -> str:
    """SHA-256 of the fixture's scoring content (``scoring_content``), independent of key order, YAML vs JSON, and
    "4" vs "4.0" for numbers; citations, notes and descriptions do not count."""
    text = json.dumps(_canonical(scoring_content(data)), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------------------------
# Validation helpers


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(self, value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict | None:
        if not isinstance(value, Mapping):
            self.add(path, f"应为键值表（对象），实际是 {_type_name(value)}")
            return None
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                self.add(_join(path, str(key)), f"未知字段「{key}」（允许的字段：{'、'.join(required + optional)}）")
        for key in required:
            if key not in value:
                self.add(_join(path, key), "缺少必填字段")
        return dict(value)

    def text(self, data: dict, key: str, path: str, *, required: bool = True, default: str = "") -> str:
        if key not in data:
            return default  # a missing required key was reported by obj()
        value = data[key]
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(_join(path, key), "应为非空文本" if required else "应为文本")
            return default
        return value.strip()

    def number(self, value: Any, path: str, *, positive: bool = False, allow_zero: bool = True) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
            self.add(path, f"应为数字，实际是 {_type_name(value)}")
            return None
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else dec(value)
        except (ValueError, TypeError, InvalidOperation):
            self.add(path, f"应为数字，实际是「{value}」")
            return None
        if number_problem(number):
            self.add(path, f"应为有限的数字，实际是「{str(value)[:40]}」（{number_problem(number)}）")
            return None
        if number != 0 and number.normalize().as_tuple().exponent < -1:
            self.add(path, f"分值最多保留 1 位小数（0.1 分），实际是 {value}")
            return None
        if positive and (number < 0 or (number == 0 and not allow_zero)):
            self.add(path, f"应大于 0，实际是 {_num(number)}")
            return None
        return number

    def integer(self, value: Any, path: str, *, minimum: int | None = None, maximum: int | None = MAX_INT) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, f"应为整数，实际是「{str(value)[:40]}」")
            return None
        if minimum is not None and value < minimum:
            self.add(path, f"应不小于 {minimum}，实际是 {value}")
            return None
        if maximum is not None and value > maximum:
            self.add(path, f"应不大于 {maximum}，实际是 {value}")
            return None
        return value

    def boolean(self, data: dict, key: str, path: str) -> bool:
        if key not in data:
            return False
        if not isinstance(data[key], bool):
            self.add(_join(path, key), "应为 true 或 false")
            return False
        return data[key]

    def choice(self, value: Any, path: str, choices: Mapping[str, str] | tuple[str, ...]) -> str | None:
        if not isinstance(value, str) or value not in choices:
            shown = (
                "、".join(f"{k}（{v}）" for k, v in choices.items())
                if isinstance(choices, Mapping)
                else "、".join(choices)
            )
            self.add(path, f"不认识的取值「{value}」（可选：{shown}）")
            return None
        return value

    def listing(self, data: dict, key: str, path: str, *, required: bool = False) -> list:
        if key not in data:
            return []
        value = data[key]
        if not isinstance(value, list):
            self.add(_join(path, key), f"应为列表，实际是 {_type_name(value)}")
            return []
        if required and not value:
            self.add(_join(path, key), "列表不能为空")
        return value


def _type_name(value: Any) -> str:
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


# ---------------------------------------------------------------------------------------------------------------
# Loading

_TOP_REQUIRED = ("code", "version", "title", "source", "subject", "applies_to", "base", "categories", "deductions")
_TOP_OPTIONAL = ("description", "floor", "bonus_cap", "levels", "consequences", "bonuses", "grades", "notes")
_RULE_REQUIRED = ("code", "category", "text", "source")
_RULE_OPTIONAL = (
    "note",
    "part_of",
    "points",
    "levels",
    "refers",
    "occurrences_per_day",
    "aggravated",
    "consequences",
    "thresholds",
    "caps",
    "once_per",
    "credit_month",
    "doubling_per",
)


def load_scheme(data: Mapping[str, Any] | str | bytes | Path) -> Scheme:
    """A validated ``Scheme`` from fixture data (a parsed mapping, YAML/JSON text or bytes, or a file ``Path``).

    Raises ``DefinitionError`` listing every problem, each with its path and a Chinese message.
    """
    if isinstance(data, Path):
        data = data.read_bytes()
    if isinstance(data, (str, bytes)):
        data = parse_fixture_text(data)
    c = _Checker()
    top = c.obj(data, "", _TOP_REQUIRED, _TOP_OPTIONAL)
    if top is None:
        raise DefinitionError(c.problems)

    code = c.text(top, "code", "")
    if len(code) > CODE_MAX_LENGTH:
        c.add("code", f"方案编码最多 {CODE_MAX_LENGTH} 个字符，实际有 {len(code)} 个")
        code = ""
    if code and not _CODE_RE.match(code):
        c.add("code", f"方案编码「{code}」只能用小写字母、数字和连字符（如 baolin-window-staff）")
    version = c.integer(top["version"], "version", minimum=1) if "version" in top else None
    title = c.text(top, "title", "")
    if len(title) > TITLE_MAX_LENGTH:
        c.add("title", f"方案名称最多 {TITLE_MAX_LENGTH} 个字符，实际有 {len(title)} 个")
    source = c.text(top, "source", "")
    c.text(top, "description", "", required=False)
    subject = c.choice(top["subject"], "subject", SUBJECTS) if "subject" in top else None
    applies_to: list[str] = []
    for i, post in enumerate(c.listing(top, "applies_to", "", required=True)):
        if c.choice(post, _join("applies_to", i), POSTS):
            applies_to.append(post)
    base = c.number(top["base"], "base") if "base" in top else None
    floor = None
    if top.get("floor") is not None:
        floor = c.number(top["floor"], "floor")
    for i, note in enumerate(c.listing(top, "notes", "")):
        if not isinstance(note, str):
            c.add(_join("notes", i), "应为文本")

    levels = _load_levels(c, top)
    consequences = _load_consequences(c, top)
    bonus_cap = (
        _load_cap(c, top["bonus_cap"], "bonus_cap", allow=UNITS + ("period",))
        if top.get("bonus_cap") is not None
        else None
    )
    categories = _load_categories(c, top)

    rules: dict[str, Rule] = {}
    for key, kind in (("deductions", "deduction"), ("bonuses", "bonus")):
        for i, raw in enumerate(c.listing(top, key, "", required=(key == "deductions"))):
            path = _join(key, i)
            rule = _load_rule(c, raw, path, kind, levels, consequences, categories)
            if rule is None:
                continue
            if rule.code in rules:
                c.add(_join(path, "code"), f"细则编号「{rule.code}」重复")
                continue
            rules[rule.code] = rule

    for code_, rule in rules.items():  # references need the whole table
        if rule.refers and not any(not r.refers and r.kind == "deduction" for r in rules.values()):
            c.add("deductions", f"细则{code_}指向其他细则，但方案中没有可指向的扣分细则")

    grades = _load_grades(c, top)

    if c.problems:
        raise DefinitionError(c.problems)

    rules = {
        code_: replace(rule, windowed_because=_why_windowed(rule, categories, bonus_cap))
        for code_, rule in rules.items()
    }
    return Scheme(
        code=code,
        version=version,  # type: ignore[arg-type]  # validated above
        title=title,
        source=source,
        subject=subject,  # type: ignore[arg-type]
        applies_to=tuple(applies_to),
        base=base,  # type: ignore[arg-type]
        floor=floor,
        bonus_cap=bonus_cap,
        levels=levels,
        consequences=consequences,
        categories=categories,
        rules=rules,
        grades=grades,
        content_hash=content_hash(top),
    )


def load_scheme_file(path: str | Path) -> Scheme:
    """``load_scheme`` on a fixture file; problems are prefixed with nothing (paths are inside the file)."""
    return load_scheme(Path(path).read_bytes())


def _load_levels(c: _Checker, top: dict) -> dict[str, str]:
    levels: dict[str, str] = {}
    raw = top.get("levels", {})
    if not isinstance(raw, Mapping):
        c.add("levels", "应为键值表：级别代码 → 中文名称（如 national: 国家级）")
        return levels
    for key, label in raw.items():
        if not isinstance(key, str) or not _CODE_RE.match(key):
            c.add(_join("levels", str(key)), "级别代码只能用小写字母和数字（如 national）")
        elif not isinstance(label, str) or not label.strip():
            c.add(_join("levels", key), "应为级别的中文名称")
        else:
            levels[key] = label.strip()
    return levels


def _load_consequences(c: _Checker, top: dict) -> dict[str, Consequence]:
    result: dict[str, Consequence] = {}
    raw = top.get("consequences", {})
    if not isinstance(raw, Mapping):
        c.add("consequences", "应为键值表：后果代码 → {text, blocks_top_grade}")
        return result
    for key, value in raw.items():
        path = _join("consequences", str(key))
        if not isinstance(key, str) or not _CODE_RE.match(key.replace("_", "-")):
            c.add(path, "后果代码只能用小写字母、数字和下划线（如 no_excellence）")
            continue
        d = c.obj(value, path, ("text",), ("blocks_top_grade", "blocks_red_flag"))
        if d is None:
            continue
        text = c.text(d, "text", path)
        result[key] = Consequence(
            key, text, c.boolean(d, "blocks_top_grade", path), c.boolean(d, "blocks_red_flag", path)
        )
    return result


def _load_cap(c: _Checker, raw: Any, path: str, *, allow: tuple[str, ...]) -> Cap | None:
    d = c.obj(raw, path, ("max", "per"), ("note",))
    if d is None:
        return None
    maximum = c.number(d["max"], _join(path, "max"), positive=True, allow_zero=False) if "max" in d else None
    per = c.choice(d["per"], _join(path, "per"), {k: UNIT_TEXT[k] for k in allow}) if "per" in d else None
    note = c.text(d, "note", path, required=False)
    if maximum is None or per is None:
        return None
    return Cap(maximum, per, note)


def _load_caps(c: _Checker, owner: dict, path: str, *, allow: tuple[str, ...]) -> tuple[Cap, ...]:
    caps = []
    for i, raw in enumerate(c.listing(owner, "caps", path)):
        cap = _load_cap(c, raw, _join(_join(path, "caps"), i), allow=allow)
        if cap is not None:
            caps.append(cap)
    return tuple(caps)


def _load_categories(c: _Checker, top: dict) -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for i, raw in enumerate(c.listing(top, "categories", "", required=True)):
        path = _join("categories", i)
        d = c.obj(raw, path, ("code", "title", "kind"), ("max", "max_per", "caps", "source"))
        if d is None:
            continue
        code = c.text(d, "code", path)
        title = c.text(d, "title", path)
        kind = c.choice(d["kind"], _join(path, "kind"), KINDS) if "kind" in d else None
        c.text(d, "source", path, required=False)
        maximum = (
            c.number(d["max"], _join(path, "max"), positive=True, allow_zero=False)
            if d.get("max") is not None
            else None
        )
        max_per = "month"
        if "max_per" in d:
            max_per = c.choice(d["max_per"], _join(path, "max_per"), {k: UNIT_TEXT[k] for k in UNITS}) or "month"
            if maximum is None:
                c.add(_join(path, "max_per"), "只有设了 max 的类别才需要 max_per")
        caps = _load_caps(c, d, path, allow=UNITS)
        if not code or kind is None:
            continue
        if code in categories:
            c.add(_join(path, "code"), f"类别编码「{code}」重复")
            continue
        categories[code] = Category(code, title or code, kind, maximum, max_per, caps)
    return categories


def _load_rule(
    c: _Checker,
    raw: Any,
    path: str,
    kind: str,
    levels: Mapping[str, str],
    consequences: Mapping[str, Consequence],
    categories: Mapping[str, Category],
) -> Rule | None:
    d = c.obj(raw, path, _RULE_REQUIRED, _RULE_OPTIONAL)
    if d is None:
        return None
    start = len(c.problems)
    code = d.get("code")
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)  # `code: 1` in YAML means "1"
    if not isinstance(code, str) or not _RULE_CODE_RE.match(code):
        if "code" in d:
            c.add(_join(path, "code"), '细则编号应为不含空格的文本（如 "1"、"10a"、"B6b"）')
        code = None
    category = d.get("category")
    if "category" in d:
        if not isinstance(category, str) or category not in categories:
            c.add(_join(path, "category"), f"不认识的类别「{category}」（可选：{'、'.join(categories) or '无'}）")
        elif categories[category].kind != kind:
            c.add(
                _join(path, "category"),
                f"类别「{category}」是{KINDS[categories[category].kind]}类别，不能放{KINDS[kind]}细则",
            )
    text = c.text(d, "text", path)
    source = c.text(d, "source", path)
    note = c.text(d, "note", path, required=False)
    part_of = c.text(d, "part_of", path, required=False)

    # How the points are given: exactly one of points / levels / refers.
    given = [k for k in ("points", "levels", "refers") if k in d and d[k] not in (None, False)]
    if len(given) != 1:
        c.add(
            path,
            "应恰好给出 points（分值或 {min, max}）、levels（各级别分值）或 refers: true 之一"
            + (f"，现在给了 {'、'.join(given)}" if given else ""),
        )
    points = points_range = None
    if "points" in d and d["points"] is not None:
        if isinstance(d["points"], Mapping):
            pr = c.obj(d["points"], _join(path, "points"), ("min", "max"))
            if pr is not None:
                lo = (
                    c.number(pr.get("min"), _join(path, "points.min"), positive=True, allow_zero=False)
                    if "min" in pr
                    else None
                )
                hi = (
                    c.number(pr.get("max"), _join(path, "points.max"), positive=True, allow_zero=False)
                    if "max" in pr
                    else None
                )
                if lo is not None and hi is not None:
                    if lo > hi:
                        c.add(_join(path, "points"), f"min {_num(lo)} 大于 max {_num(hi)}")
                    points_range = (lo, hi)
        else:
            points = c.number(d["points"], _join(path, "points"), positive=True, allow_zero=False)
    rule_levels: dict[str, Decimal] | None = None
    if "levels" in d and d["levels"] is not None:
        if not isinstance(d["levels"], Mapping) or not d["levels"]:
            c.add(_join(path, "levels"), "应为键值表：级别代码 → 分值（如 national: 20）")
        else:
            rule_levels = {}
            for level, value in d["levels"].items():
                lpath = _join(_join(path, "levels"), str(level))
                if level not in levels:
                    c.add(lpath, f"不认识的级别「{level}」（方案 levels 中有：{'、'.join(levels) or '无'}）")
                    continue
                number = c.number(value, lpath, positive=True, allow_zero=False)
                if number is not None:
                    rule_levels[level] = number
    refers = c.boolean(d, "refers", path)
    if refers and kind != "deduction":
        c.add(_join(path, "refers"), "只有扣分细则可以指向其他细则")

    per_day = None
    if d.get("occurrences_per_day") is not None:
        per_day = c.integer(d["occurrences_per_day"], _join(path, "occurrences_per_day"), minimum=1)

    aggravated = None
    if d.get("aggravated") is not None:
        apath = _join(path, "aggravated")
        a = c.obj(d["aggravated"], apath, (), ("min", "max", "consequences"))
        if a is not None:
            lo = c.number(a["min"], _join(apath, "min"), positive=True, allow_zero=False) if "min" in a else None
            hi = c.number(a["max"], _join(apath, "max"), positive=True, allow_zero=False) if "max" in a else None
            if ("min" in a) != ("max" in a):
                c.add(apath, "加重扣分范围应同时给出 min 和 max（只有一个分值时 min 与 max 相同）")
            elif lo is not None and hi is not None and lo > hi:
                c.add(apath, f"min {_num(lo)} 大于 max {_num(hi)}")
            agg_cons = _consequence_list(c, a, apath, consequences)
            if "min" not in a and not agg_cons:
                c.add(apath, "加重情形应给出扣分范围（min、max）或后果（consequences）")
            aggravated = Aggravation(lo, hi, agg_cons)

    rule_consequences = _consequence_list(c, d, path, consequences)
    thresholds = []
    for i, raw_t in enumerate(c.listing(d, "thresholds", path)):
        tpath = _join(_join(path, "thresholds"), i)
        t = c.obj(raw_t, tpath, ("count", "per", "consequences"))
        if t is None:
            continue
        count = c.integer(t["count"], _join(tpath, "count"), minimum=1) if "count" in t else None
        per = c.choice(t["per"], _join(tpath, "per"), {k: UNIT_TEXT[k] for k in UNITS}) if "per" in t else None
        t_cons = _consequence_list(c, t, tpath, consequences)
        if "consequences" in t and not t_cons:
            c.add(_join(tpath, "consequences"), "列表不能为空")
        if count is not None and per is not None:
            thresholds.append(Threshold(count, per, t_cons))
    caps = _load_caps(c, d, path, allow=UNITS + ("deed",))

    once_per = None
    if d.get("once_per") is not None:
        once_per = c.choice(
            d["once_per"],
            _join(path, "once_per"),
            {"deed": "同一事迹按最高级别认定一次（D17）", "year": "每年按最高级别认定一次（D16）"},
        )
    credit_month = None
    if d.get("credit_month") is not None:
        credit_month = c.integer(d["credit_month"], _join(path, "credit_month"), minimum=1, maximum=12)
        if once_per != "year":
            c.add(_join(path, "credit_month"), "credit_month 只用于 once_per: year（如表彰奖励计入 12 月，D16）")
    doubling_per = None
    if d.get("doubling_per") is not None:
        doubling_per = c.choice(d["doubling_per"], _join(path, "doubling_per"), {k: UNIT_TEXT[k] for k in UNITS})

    if refers:
        for key in (
            "occurrences_per_day",
            "aggravated",
            "consequences",
            "thresholds",
            "caps",
            "once_per",
            "doubling_per",
        ):
            if d.get(key):
                c.add(_join(path, key), "指向其他细则的细则按被指向细则计分，不能自带此设置")
    if once_per is not None and rule_levels is None and points is None:
        c.add(_join(path, "once_per"), "once_per 需要按级别（levels）或固定分值（points）计分")
    if per_day is not None and once_per is not None:
        c.add(_join(path, "occurrences_per_day"), "按天折算次数不能与 once_per 同用")

    if len(c.problems) > start or code is None:
        return None
    return Rule(
        code=code,
        kind=kind,
        category=category,
        text=text,
        source=source,
        note=note,
        part_of=part_of,
        points=points,
        points_range=points_range,
        levels=rule_levels,
        refers=refers,
        occurrences_per_day=per_day,
        aggravated=aggravated,
        consequences=rule_consequences,
        thresholds=tuple(thresholds),
        caps=caps,
        once_per=once_per,
        credit_month=credit_month,
        doubling_per=doubling_per,
    )


def _consequence_list(c: _Checker, d: dict, path: str, consequences: Mapping[str, Consequence]) -> tuple[str, ...]:
    result = []
    for i, key in enumerate(c.listing(d, "consequences", path)):
        if key not in consequences:
            c.add(
                _join(_join(path, "consequences"), i),
                f"不认识的后果「{key}」（方案 consequences 中有：{'、'.join(consequences) or '无'}）",
            )
        else:
            result.append(key)
    return tuple(result)


def _load_grades(c: _Checker, top: dict) -> tuple[GradeTable, ...]:
    tables = []
    seen: set[str] = set()
    for i, raw in enumerate(c.listing(top, "grades", "")):
        path = _join("grades", i)
        d = c.obj(raw, path, ("categories", "bands"), ("source",))
        if d is None:
            continue
        source = c.text(d, "source", path, required=False)
        cats = []
        for j, cat in enumerate(c.listing(d, "categories", path, required=True)):
            if not isinstance(cat, str) or not cat.strip():
                c.add(_join(_join(path, "categories"), j), "应为人员类别名称（如 公务员编制）")
            elif cat in seen:
                c.add(_join(_join(path, "categories"), j), f"人员类别「{cat}」在多个等次表中出现")
            else:
                seen.add(cat)
                cats.append(cat)
        bands: list[GradeBand] = []
        raw_bands = c.listing(d, "bands", path, required=True)
        for j, raw_band in enumerate(raw_bands):
            bpath = _join(_join(path, "bands"), j)
            b = c.obj(raw_band, bpath, ("min", "label"))
            if b is None:
                continue
            label = c.text(b, "label", bpath)
            minimum = None
            if "min" in b and b["min"] is not None:
                minimum = c.number(b["min"], _join(bpath, "min"))
                if minimum is not None and bands and (bands[-1].min is None or minimum >= bands[-1].min):
                    c.add(_join(bpath, "min"), "等次应从高到低排列，下限逐级递减")
            elif j != len(raw_bands) - 1:
                c.add(_join(bpath, "min"), "只有最后一个等次可以不设下限（min: null 表示其余所有分数）")
            bands.append(GradeBand(minimum, label))
        if bands and bands[-1].min is not None:
            c.add(_join(path, "bands"), "最后一个等次应为 min: null（低于其他所有等次），否则有的分数没有等次")
        if len(bands) < 2:
            c.add(_join(path, "bands"), "至少需要两个等次")
        tables.append(GradeTable(tuple(cats), tuple(bands), source))
    return tuple(tables)


def _why_windowed(rule: Rule, categories: Mapping[str, Category], bonus_cap: Cap | None) -> tuple[str, ...]:
    why = []
    if rule.caps:
        why.append("本细则有封顶（" + "；".join(cap.describe() for cap in rule.caps) + "），按时间顺序计入（D4）")
    category = categories.get(rule.category)
    if category is not None and category.all_caps:
        why.append(f"类别「{category.title}」有封顶，按时间顺序计入（D4、D7）")
    if rule.once_per == "deed":
        why.append("同一事迹按最高级别认定一次，后来的更高级别只计差额（D17）")
    if rule.once_per == "year":
        why.append("每年按最高级别认定一次" + (f"，计入 {rule.credit_month} 月（D16）" if rule.credit_month else ""))
    if rule.doubling_per:
        why.append(f"{UNIT_TEXT[rule.doubling_per]}内重复出现加倍累计（D9）")
    if rule.thresholds:
        why.append("全年累计次数达到门槛时产生年度标记（D2）")
    if rule.consequences or (rule.aggravated and rule.aggravated.consequences):
        why.append("产生年度标记（取消评优资格、移交纪委等），需逐条记录日期")
    if rule.refers:
        why.append("按所指向的细则计分，需逐条解析")
    if rule.kind == "bonus" and bonus_cap is not None and bonus_cap.per != "period":
        why.append(f"加分总额{bonus_cap.describe()}，按时间顺序计入（D4）")
    return tuple(why)


__all__ = [
    "Aggravation",
    "Cap",
    "Category",
    "Consequence",
    "GradeBand",
    "GradeTable",
    "Rule",
    "Scheme",
    "Threshold",
    "content_hash",
    "load_scheme",
    "load_scheme_file",
    "windowed_rule_codes",
]
