"""Read and validate a ledger scheme fixture (docs/schemes.md) into a ``scoring.ledger.model.Scheme``.

Validation collects every problem with its path and a Chinese message, rejects unknown fields, and raises one
``DefinitionError``. ``content_hash`` fingerprints the scheme's scoring content (D8): citations and notes aside.

It is long (about 520 lines) because a rule has many optional, interacting settings (points, levels, ranges,
aggravation, thresholds, caps, once-per, doubling) and each combination the engine cannot score is refused here
with its own message; the shared checks are in ``scoring.checker``, the dataclasses in ``scoring.ledger.model``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring.checker import Checker, join, json_hash, num
from scoring.common import CODE_MAX_LENGTH, TITLE_MAX_LENGTH, DefinitionError, parse_fixture_text

from .model import (
    KINDS,
    POSTS,
    SUBJECTS,
    UNIT_TEXT,
    UNITS,
    Aggravation,
    Cap,
    Category,
    Consequence,
    GradeBand,
    GradeTable,
    Rule,
    Scheme,
    Threshold,
)

_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_RULE_CODE_RE = re.compile(r"^\S{1,20}$")

# ---------------------------------------------------------------------------------------------------------------
# Content hash

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
    return json_hash(scoring_content(data), tagged=True)


# ---------------------------------------------------------------------------------------------------------------
# Loading

_TOP_REQUIRED = ("code", "version", "title", "source", "subject", "applies_to", "base", "categories", "deductions")
_TOP_OPTIONAL = ("description", "floor", "bonus_cap", "levels", "consequences", "bonuses", "grades", "notes")
TOP_KEYS = frozenset(_TOP_REQUIRED + _TOP_OPTIONAL)
_RULE_REQUIRED = ("code", "category", "text", "source")
# How a rule is scored beyond its points; a rule that refers to another (附件3 rule 27) is scored as that one and has none.
_SCORING_SETTINGS = (
    "occurrences_per_day",
    "aggravated",
    "consequences",
    "thresholds",
    "caps",
    "once_per",
    "doubling_per",
)
_RULE_OPTIONAL = ("note", "part_of", "points", "levels", "refers", *_SCORING_SETTINGS, "credit_month")


def load_scheme(data: Mapping[str, Any] | str | bytes | Path) -> Scheme:
    """A validated ``Scheme`` from fixture data (a parsed mapping, YAML/JSON text or bytes, or a file ``Path``).

    Raises ``DefinitionError`` listing every problem, each with its path and a Chinese message.
    """
    if isinstance(data, Path):
        data = data.read_bytes()
    if isinstance(data, (str, bytes)):
        data = parse_fixture_text(data)
    c = Checker()
    top = c.mapping(data, "", _TOP_REQUIRED + _TOP_OPTIONAL, _TOP_REQUIRED)
    if top is None:
        raise DefinitionError(c.problems)

    code = c.text(top, "code", "", default="")
    if len(code) > CODE_MAX_LENGTH:
        c.add("code", f"方案编码最多 {CODE_MAX_LENGTH} 个字符，实际有 {len(code)} 个")
        code = ""
    if code and not _CODE_RE.match(code):
        c.add("code", f"方案编码「{code}」只能用小写字母、数字和连字符（如 baolin-window-staff）")
    version = c.integer(top["version"], "version", minimum=1) if "version" in top else None
    title = c.text(top, "title", "", default="")
    if len(title) > TITLE_MAX_LENGTH:
        c.add("title", f"方案名称最多 {TITLE_MAX_LENGTH} 个字符，实际有 {len(title)} 个")
    source = c.text(top, "source", "", default="")
    c.text(top, "description", "", blank=True, default="")
    subject = c.choice(top["subject"], "subject", SUBJECTS) if "subject" in top else None
    applies_to: list[str] = []
    for i, post in enumerate(c.listing(top.get("applies_to"), "applies_to", nonempty=True)):
        if c.choice(post, join("applies_to", i), POSTS):
            applies_to.append(post)
    base = c.number(top["base"], "base", floats=True, places=1) if "base" in top else None
    floor = None
    if top.get("floor") is not None:
        floor = c.number(top["floor"], "floor", floats=True, places=1)
    for i, note in enumerate(c.listing(top.get("notes"), "notes")):
        if not isinstance(note, str):
            c.add(join("notes", i), "应为文本")

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
        for i, raw in enumerate(c.listing(top.get(key), key, nonempty=(key == "deductions"))):
            path = join(key, i)
            rule = _load_rule(c, raw, path, kind, levels, consequences, categories)
            if rule is None:
                continue
            if rule.code in rules:
                c.add(join(path, "code"), f"细则编号「{rule.code}」重复")
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


def _load_levels(c: Checker, top: dict) -> dict[str, str]:
    levels: dict[str, str] = {}
    for key, label in c.table(top.get("levels", {}), "levels", "级别代码 → 中文名称（如 national: 国家级）").items():
        if not isinstance(key, str) or not _CODE_RE.match(key):
            c.add(join("levels", str(key)), "级别代码只能用小写字母和数字（如 national）")
        elif not isinstance(label, str) or not label.strip():
            c.add(join("levels", key), "应为级别的中文名称")
        else:
            levels[key] = label.strip()
    return levels


def _load_consequences(c: Checker, top: dict) -> dict[str, Consequence]:
    result: dict[str, Consequence] = {}
    for key, value in c.table(top.get("consequences", {}), "consequences", "后果代码 → {text, blocks_top_grade}").items():
        path = join("consequences", str(key))
        if not isinstance(key, str) or not _CODE_RE.match(key.replace("_", "-")):
            c.add(path, "后果代码只能用小写字母、数字和下划线（如 no_excellence）")
            continue
        d = c.mapping(value, path, ("text", "blocks_top_grade", "blocks_red_flag"), ("text",))
        if d is None:
            continue
        text = c.text(d, "text", path, default="")
        result[key] = Consequence(
            key, text, c.flag(d, "blocks_top_grade", path), c.flag(d, "blocks_red_flag", path)
        )
    return result


def _load_cap(c: Checker, raw: Any, path: str, *, allow: tuple[str, ...]) -> Cap | None:
    d = c.mapping(raw, path, ("max", "per", "note"), ("max", "per"))
    if d is None:
        return None
    maximum = c.number(d["max"], join(path, "max"), floats=True, places=1, positive=True) if "max" in d else None
    per = c.choice(d["per"], join(path, "per"), {k: UNIT_TEXT[k] for k in allow}) if "per" in d else None
    note = c.text(d, "note", path, blank=True, default="")
    if maximum is None or per is None:
        return None
    return Cap(maximum, per, note)


def _load_caps(c: Checker, owner: dict, path: str, *, allow: tuple[str, ...]) -> tuple[Cap, ...]:
    caps = []
    for i, raw in enumerate(c.listing(owner.get("caps"), join(path, "caps"))):
        cap = _load_cap(c, raw, join(join(path, "caps"), i), allow=allow)
        if cap is not None:
            caps.append(cap)
    return tuple(caps)


def _load_categories(c: Checker, top: dict) -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for i, raw in enumerate(c.listing(top.get("categories"), "categories", nonempty=True)):
        path = join("categories", i)
        d = c.mapping(raw, path, ("code", "title", "kind", "max", "max_per", "caps", "source"), ("code", "title", "kind"))
        if d is None:
            continue
        code = c.text(d, "code", path, default="")
        title = c.text(d, "title", path, default="")
        kind = c.choice(d["kind"], join(path, "kind"), KINDS) if "kind" in d else None
        c.text(d, "source", path, blank=True, default="")
        maximum = (
            c.number(d["max"], join(path, "max"), floats=True, places=1, positive=True)
            if d.get("max") is not None
            else None
        )
        max_per = "month"
        if "max_per" in d:
            max_per = c.choice(d["max_per"], join(path, "max_per"), {k: UNIT_TEXT[k] for k in UNITS}) or "month"
            if maximum is None:
                c.add(join(path, "max_per"), "只有设了 max 的类别才需要 max_per")
        caps = _load_caps(c, d, path, allow=UNITS)
        if not code or kind is None:
            continue
        if code in categories:
            c.add(join(path, "code"), f"类别编码「{code}」重复")
            continue
        categories[code] = Category(code, title or code, kind, maximum, max_per, caps)
    return categories


def _load_rule(
    c: Checker,
    raw: Any,
    path: str,
    kind: str,
    levels: Mapping[str, str],
    consequences: Mapping[str, Consequence],
    categories: Mapping[str, Category],
) -> Rule | None:
    d = c.mapping(raw, path, _RULE_REQUIRED + _RULE_OPTIONAL, _RULE_REQUIRED)
    if d is None:
        return None
    start = len(c.problems)
    code = d.get("code")
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)  # `code: 1` in YAML means "1"
    if not isinstance(code, str) or not _RULE_CODE_RE.match(code):
        if "code" in d:
            c.add(join(path, "code"), '细则编号应为不含空格的文本（如 "1"、"10a"、"B6b"）')
        code = None
    category = d.get("category")
    if "category" in d:
        if not isinstance(category, str) or category not in categories:
            c.add(join(path, "category"), f"不认识的类别「{category}」（可选：{'、'.join(categories) or '无'}）")
        elif categories[category].kind != kind:
            c.add(
                join(path, "category"),
                f"类别「{category}」是{KINDS[categories[category].kind]}类别，不能放{KINDS[kind]}细则",
            )
    text = c.text(d, "text", path, default="")
    source = c.text(d, "source", path, default="")
    note = c.text(d, "note", path, blank=True, default="")
    part_of = c.text(d, "part_of", path, blank=True, default="")

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
            pr = c.mapping(d["points"], join(path, "points"), ("min", "max"), ("min", "max"))
            if pr is not None:
                lo = (
                    c.number(pr.get("min"), join(path, "points.min"), floats=True, places=1, positive=True)
                    if "min" in pr
                    else None
                )
                hi = (
                    c.number(pr.get("max"), join(path, "points.max"), floats=True, places=1, positive=True)
                    if "max" in pr
                    else None
                )
                if lo is not None and hi is not None:
                    if lo > hi:
                        c.add(join(path, "points"), f"min {num(lo)} 大于 max {num(hi)}")
                    points_range = (lo, hi)
        else:
            points = c.number(d["points"], join(path, "points"), floats=True, places=1, positive=True)
    rule_levels: dict[str, Decimal] | None = None
    if "levels" in d and d["levels"] is not None:
        if not isinstance(d["levels"], Mapping) or not d["levels"]:
            c.add(join(path, "levels"), "应为键值表：级别代码 → 分值（如 national: 20）")
        else:
            rule_levels = {}
            for level, value in d["levels"].items():
                lpath = join(join(path, "levels"), str(level))
                if level not in levels:
                    c.add(lpath, f"不认识的级别「{level}」（方案 levels 中有：{'、'.join(levels) or '无'}）")
                    continue
                number = c.number(value, lpath, floats=True, places=1, positive=True)
                if number is not None:
                    rule_levels[level] = number
    refers = c.flag(d, "refers", path)
    if refers and kind != "deduction":
        c.add(join(path, "refers"), "只有扣分细则可以指向其他细则")

    per_day = None
    if d.get("occurrences_per_day") is not None:
        per_day = c.integer(d["occurrences_per_day"], join(path, "occurrences_per_day"), minimum=1)

    aggravated = None
    if d.get("aggravated") is not None:
        apath = join(path, "aggravated")
        a = c.mapping(d["aggravated"], apath, ("min", "max", "consequences"), ())
        if a is not None:
            lo = c.number(a["min"], join(apath, "min"), floats=True, places=1, positive=True) if "min" in a else None
            hi = c.number(a["max"], join(apath, "max"), floats=True, places=1, positive=True) if "max" in a else None
            if ("min" in a) != ("max" in a):
                c.add(apath, "加重扣分范围应同时给出 min 和 max（只有一个分值时 min 与 max 相同）")
            elif lo is not None and hi is not None and lo > hi:
                c.add(apath, f"min {num(lo)} 大于 max {num(hi)}")
            agg_cons = _consequence_list(c, a, apath, consequences)
            if "min" not in a and not agg_cons:
                c.add(apath, "加重情形应给出扣分范围（min、max）或后果（consequences）")
            aggravated = Aggravation(lo, hi, agg_cons)

    rule_consequences = _consequence_list(c, d, path, consequences)
    thresholds = []
    for i, raw_t in enumerate(c.listing(d.get("thresholds"), join(path, "thresholds"))):
        tpath = join(join(path, "thresholds"), i)
        t = c.mapping(raw_t, tpath, ("count", "per", "consequences"), ("count", "per", "consequences"))
        if t is None:
            continue
        count = c.integer(t["count"], join(tpath, "count"), minimum=1) if "count" in t else None
        per = c.choice(t["per"], join(tpath, "per"), {k: UNIT_TEXT[k] for k in UNITS}) if "per" in t else None
        t_cons = _consequence_list(c, t, tpath, consequences)
        if "consequences" in t and not t_cons:
            c.add(join(tpath, "consequences"), "列表不能为空")
        if count is not None and per is not None:
            thresholds.append(Threshold(count, per, t_cons))
    caps = _load_caps(c, d, path, allow=UNITS + ("deed",))

    once_per = None
    if d.get("once_per") is not None:
        once_per = c.choice(
            d["once_per"],
            join(path, "once_per"),
            {"deed": "同一事迹按最高级别认定一次（D17）", "year": "每年按最高级别认定一次（D16）"},
        )
    credit_month = None
    if d.get("credit_month") is not None:
        credit_month = c.integer(d["credit_month"], join(path, "credit_month"), minimum=1, maximum=12)
        if once_per != "year":
            c.add(join(path, "credit_month"), "credit_month 只用于 once_per: year（如表彰奖励计入 12 月，D16）")
    doubling_per = None
    if d.get("doubling_per") is not None:
        doubling_per = c.choice(d["doubling_per"], join(path, "doubling_per"), {k: UNIT_TEXT[k] for k in UNITS})

    if refers:
        for key in _SCORING_SETTINGS:
            if d.get(key):
                c.add(join(path, key), "指向其他细则的细则按被指向细则计分，不能自带此设置")
    if once_per is not None and rule_levels is None and points is None:
        c.add(join(path, "once_per"), "once_per 需要按级别（levels）或固定分值（points）计分")
    if per_day is not None and once_per is not None:
        c.add(join(path, "occurrences_per_day"), "按天折算次数不能与 once_per 同用")

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


def _consequence_list(c: Checker, d: dict, path: str, consequences: Mapping[str, Consequence]) -> tuple[str, ...]:
    result = []
    for i, key in enumerate(c.listing(d.get("consequences"), join(path, "consequences"))):
        if key not in consequences:
            c.add(
                join(join(path, "consequences"), i),
                f"不认识的后果「{key}」（方案 consequences 中有：{'、'.join(consequences) or '无'}）",
            )
        else:
            result.append(key)
    return tuple(result)


def _load_grades(c: Checker, top: dict) -> tuple[GradeTable, ...]:
    tables = []
    seen: set[str] = set()
    for i, raw in enumerate(c.listing(top.get("grades"), "grades")):
        path = join("grades", i)
        d = c.mapping(raw, path, ("categories", "bands", "source"), ("categories", "bands"))
        if d is None:
            continue
        source = c.text(d, "source", path, blank=True, default="")
        cats = []
        for j, cat in enumerate(c.listing(d.get("categories"), join(path, "categories"), nonempty=True)):
            if not isinstance(cat, str) or not cat.strip():
                c.add(join(join(path, "categories"), j), "应为人员类别名称（如 公务员编制）")
            elif cat in seen:
                c.add(join(join(path, "categories"), j), f"人员类别「{cat}」在多个等次表中出现")
            else:
                seen.add(cat)
                cats.append(cat)
        bands: list[GradeBand] = []
        raw_bands = c.listing(d.get("bands"), join(path, "bands"), nonempty=True)
        for j, raw_band in enumerate(raw_bands):
            bpath = join(join(path, "bands"), j)
            b = c.mapping(raw_band, bpath, ("min", "label"), ("label",))  # min: null is the lowest band
            if b is None:
                continue
            if "min" not in b:
                c.add(join(bpath, "min"), "缺少必填字段 min")
            label = c.text(b, "label", bpath, default="")
            minimum = None
            if "min" in b and b["min"] is not None:
                minimum = c.number(b["min"], join(bpath, "min"), floats=True, places=1)
                if minimum is not None and bands and (bands[-1].min is None or minimum >= bands[-1].min):
                    c.add(join(bpath, "min"), "等次应从高到低排列，下限逐级递减")
            elif j != len(raw_bands) - 1:
                c.add(join(bpath, "min"), "只有最后一个等次可以不设下限（min: null 表示其余所有分数）")
            bands.append(GradeBand(minimum, label))
        if bands and bands[-1].min is not None:
            c.add(join(path, "bands"), "最后一个等次应为 min: null（低于其他所有等次），否则有的分数没有等次")
        if len(bands) < 2:
            c.add(join(path, "bands"), "至少需要两个等次")
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
