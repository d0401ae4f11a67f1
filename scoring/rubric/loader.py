"""Load and validate rubric fixtures (docs/rubrics.md §1–§6, §9).

:func:`load_rubric` reads YAML/JSON text or an already parsed mapping, checks everything, and either returns a
frozen :class:`~scoring.rubric.model.Rubric` or raises :class:`~scoring.common.DefinitionError` listing *all*
problems, each with its path (``sections[2].items[4].criteria[1].points``) and a Chinese message naming the 1-based
code. Nothing is returned from a file that fails, so a bad upload changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from scoring.common import (
    CODE_MAX_LENGTH,
    MAX_INT,
    TITLE_MAX_LENGTH,
    ZERO,
    DefinitionError,
    Problem,
    number_problem,
    parse_fixture_text,
)

from .facts import FACTS, QUANTITY
from .model import (
    BASE,
    BONUS,
    DEDUCT_PER_MISSING,
    DEDUCTION,
    DEFAULT_STEP,
    JUDGED,
    LIMIT_BONUS,
    PER_LEVEL,
    PER_UNIT,
    ROLE_RULES,
    ROLES,
    RULE_NAMES_ZH,
    RULE_TYPES,
    SUBJECTS,
    TIERED,
    VETO,
    VETO_EFFECTS,
    VOID,
    Band,
    Criterion,
    Item,
    Level,
    Part,
    RankingGroup,
    RankingRule,
    Rubric,
    Section,
    Tier,
)

CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A citation of an official document: its short name (docs/domain.md §10), then annex and place as the document
# numbers them ("宝林镇方案 附件1 事项进驻·应进必进", "眉山意见 附件1 第25项", "成都细则 第九条(一)").
DOCUMENTS = ("宝林镇方案", "街道提升年方案", "上虞细则", "眉山意见", "剑阁细则", "咸阳细则", "成都细则")
# Versions stored before the documents were cited by name cite the scraped text by line ("<seed> L<first>-<last>"); they stay
# readable (an evaluation keeps its version, D8) until load_fixtures corrects their text in place (core.definitions).
LEGACY_SOURCE_RE = re.compile(r"^\d{3} L\d+(?:-\d+)?$")
SOURCE_RE = re.compile(rf"^(?:{'|'.join(DOCUMENTS)})(?: \S.*)?$")

TOP_KEYS = {"code", "version", "title", "subject", "source", "points", "note", "bands", "veto_band", "parts",
            "ranking", "sections"}
SECTION_KEYS = {"code", "title", "role", "points", "capped", "limit", "source", "note", "items"}
ITEM_KEYS = {"code", "label", "title", "points", "capped", "basis", "source", "note", "criteria"}
CRITERION_KEYS = {"code", "rule", "text", "points", "basis", "source", "note", "fact"}
RULE_KEYS: dict[str, set[str]] = {
    "all_or_nothing": set(),
    TIERED: {"tiers"},
    PER_UNIT: {"unit_points", "max_units"},
    PER_LEVEL: {"levels"},
    DEDUCT_PER_MISSING: {"per_missing"},
    JUDGED: {"min", "step"},
    VETO: {"effect"},
}
RULE_REQUIRED: dict[str, set[str]] = {TIERED: {"tiers"}, PER_UNIT: {"unit_points"}, PER_LEVEL: {"levels"},
                                      DEDUCT_PER_MISSING: {"per_missing"}}
TIER_KEYS = {"points", "label", "at_least", "source"}
LEVEL_KEYS = {"name", "points", "min", "step"}
BAND_KEYS = {"label", "min", "source", "note"}
PART_KEYS = {"title", "sections", "points", "source"}
RANKING_KEYS = {"within", "groups", "excellent", "max_share", "max_count", "demote_to", "source", "note"}
GROUP_KEYS = {"name", "members", "source"}


class _Checker:
    """Collects problems while the tree is built; every helper returns None for a bad value."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def err(self, path: str, where: str, message: str) -> None:
        self.problems.append(Problem(path, f"{where}:{message}" if where else message))

    # -- shapes -------------------------------------------------------------------------------------------
    def mapping(self, node: Any, path: str, where: str, allowed: set[str], required: set[str]) -> dict | None:
        if not isinstance(node, dict):
            self.err(path, where, "应为键值对象(mapping)")
            return None
        for key in node:
            if key not in allowed:
                self.err(_join(path, str(key)), where, f"未知字段 {key!r}(可用字段:{', '.join(sorted(allowed))})")
        for key in sorted(required):
            if key not in node or node[key] is None:
                self.err(_join(path, key), where, f"缺少必填字段 {key}")
        return node

    def seq(self, node: Any, path: str, where: str, *, nonempty: bool = True) -> list | None:
        if node is None:
            return None
        if not isinstance(node, list):
            self.err(path, where, "应为列表")
            return None
        if nonempty and not node:
            self.err(path, where, "列表不能为空")
            return None
        return node

    def text(self, node: dict, key: str, path: str, where: str) -> str | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.err(_join(path, key), where, f"{key} 应为文字")
            return None
        value = str(value).strip()
        if not value:
            self.err(_join(path, key), where, f"{key} 不能为空")
            return None
        return value

    def number(self, node: dict, key: str, path: str, where: str, *, positive: bool = False) -> Decimal | None:
        value = node.get(key)
        if value is None:
            return None
        p = _join(path, key)
        if isinstance(value, bool):
            self.err(p, where, f"{key} 应为数字,不是 true/false")
            return None
        if isinstance(value, float):
            self.err(p, where, f"{key} = {value!r} 是浮点数;请写成数字或字符串(解析 JSON 时用 parse_float=Decimal)")
            return None
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            self.err(p, where, f"{key} 应为数字,而不是 {value!r}")
            return None
        if number_problem(number):
            self.err(p, where, f"{key} 应为有限的数字（{number_problem(number)}）")
            return None
        if number < ZERO or (positive and number == ZERO):
            self.err(p, where, f"{key} 应{'大于' if positive else '不小于'} 0(现为 {number})")
            return None
        return number

    def integer(self, node: dict, key: str, path: str, where: str, *, minimum: int) -> int | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.err(_join(path, key), where, f"{key} 应为不小于 {minimum} 的整数")
            return None
        if value > MAX_INT:
            self.err(_join(path, key), where, f"{key} 应为不大于 {MAX_INT} 的整数")
            return None
        return value

    def flag(self, node: dict, key: str, path: str, where: str) -> bool:
        value = node.get(key, False)
        if not isinstance(value, bool):
            self.err(_join(path, key), where, f"{key} 应为 true 或 false")
            return False
        return value

    def source(self, node: dict, path: str, where: str) -> str | None:
        value = self.text(node, "source", path, where)
        if value is None:
            return None
        if not SOURCE_RE.match(value) and not LEGACY_SOURCE_RE.match(value):
            self.err(_join(path, "source"), where,
                     f"出处 {value!r} 应以文件简称开头，后接附件与条目，如“宝林镇方案 附件1 事项进驻·应进必进”"
                     f"“眉山意见 附件1 第25项”（简称见 docs/domain.md §10）")
            return None
        return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _on_grid(value: Decimal, base: Decimal, step: Decimal) -> bool:
    return (value - base) % step == ZERO


def _breakdown(values) -> str:
    values = list(values)
    return f"({' + '.join(_num(v) for v in values)})" if len(values) > 1 else ""


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


# --------------------------------------------------------------------------------------------------------------
def load_rubric(data: bytes | str | dict) -> Rubric:
    """Parse and validate a rubric fixture; raise DefinitionError listing every problem."""
    if isinstance(data, bytes | str):
        data = parse_fixture_text(data)
    ck = _Checker()
    rubric = _build_rubric(ck, data)
    if ck.problems or rubric is None:
        raise DefinitionError(ck.problems or [Problem("", "无法读取考核标准")])
    return rubric


def _build_rubric(ck: _Checker, data: Any) -> Rubric | None:
    top = ck.mapping(data, "", "", TOP_KEYS, {"code", "version", "title", "subject", "source", "points", "sections"})
    if top is None:
        return None
    code = ck.text(top, "code", "", "")
    if code is not None and len(code) > CODE_MAX_LENGTH:
        ck.err("code", "", f"编码最多 {CODE_MAX_LENGTH} 个字符,实际有 {len(code)} 个")
    elif code is not None and not CODE_RE.match(code):
        ck.err("code", "", f"编码 {code!r} 只能由小写字母、数字和连字符组成,如 baolin-centre")
    version = ck.integer(top, "version", "", "", minimum=1)
    title = ck.text(top, "title", "", "")
    if title is not None and len(title) > TITLE_MAX_LENGTH:
        ck.err("title", "", f"名称最多 {TITLE_MAX_LENGTH} 个字符,实际有 {len(title)} 个")
    source = ck.text(top, "source", "", "")
    note = ck.text(top, "note", "", "")
    points = ck.number(top, "points", "", "")
    subjects = _subjects(ck, top.get("subject"))

    sections: list[Section] = []
    for s_index, s_node in enumerate(ck.seq(top.get("sections"), "sections", "") or []):
        section = _build_section(ck, s_node, s_index)
        if section is not None:
            sections.append(section)
    raw_sections = top.get("sections") if isinstance(top.get("sections"), list) else []
    complete = len(sections) == len(raw_sections)

    _check_roles(ck, sections, complete)
    if complete and points is not None and sections:
        total_max = sum((s.max for s in sections), ZERO)
        if total_max != points:
            ck.err("points", "", f"总分 {_num(points)} 与各评估内容满分之和 {_num(total_max)}"
                   f"{_breakdown(s.max for s in sections)}不符")

    _check_labels(ck, sections)
    bands = _build_bands(ck, top.get("bands"))
    veto_band = ck.text(top, "veto_band", "", "")
    has_void = any(c.rule == VETO and c.effect == VOID for s in sections for i in s.items for c in i.criteria)
    if has_void and veto_band is None:
        ck.err("veto_band", "", "存在一票否决项(effect: void),须设置 veto_band(否决后的等次,如“取消评星资格”)")
    parts = _build_parts(ck, top.get("parts"), sections if complete else None)
    ranking = _build_ranking(ck, top.get("ranking"), bands)

    if ck.problems:
        return None
    return Rubric(code=code, version=version, title=title, subjects=subjects, source=source, points=points,
                  sections=tuple(sections), bands=bands, veto_band=veto_band, parts=parts, ranking=ranking, note=note)


def _subjects(ck: _Checker, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        ck.err("subject", "", f"subject 应为 {', '.join(SUBJECTS)} 之一,或它们的列表")
        return ()
    for v in values:
        if v not in SUBJECTS:
            ck.err("subject", "", f"未知的考核对象类型 {v!r}(可用:{', '.join(SUBJECTS)})")
    if len(set(values)) != len(values):
        ck.err("subject", "", "考核对象类型重复")
    return tuple(values)


def _check_roles(ck: _Checker, sections: list[Section], complete: bool) -> None:
    order = {BASE: 0, BONUS: 1, DEDUCTION: 2}
    for prev, cur in zip(sections, sections[1:], strict=False):
        if order[cur.role] < order[prev.role]:
            ck.err(f"sections[{int(cur.code) - 1}].role", f"评估内容 {cur.code}",
                   "评估内容须按 基本分(base) → 加分(bonus) → 减分(deduction) 的顺序排列")
    limited = [s for s in sections if s.limit == LIMIT_BONUS]
    if len(limited) > 1:
        ck.err("sections", "", "只能有一个减分部分设置 limit: bonus")
    if complete and limited and not any(s.role == BONUS for s in sections):
        s = limited[0]
        ck.err(f"sections[{int(s.code) - 1}].limit", f"评估内容 {s.code}", "limit: bonus 需要有加分部分(role: bonus)")


def _check_labels(ck: _Checker, sections: list[Section]) -> None:
    seen: dict[str, str] = {}
    for section in sections:
        for i_index, item in enumerate(section.items):
            if item.label is None:
                continue
            if item.label in seen:
                ck.err(f"sections[{int(section.code) - 1}].items[{i_index}].label", f"项目 {item.code}",
                       f"序号 {item.label!r} 与项目 {seen[item.label]} 重复")
            else:
                seen[item.label] = item.code


# -- sections, items, criteria ---------------------------------------------------------------------------------
def _build_section(ck: _Checker, node: Any, index: int) -> Section | None:
    code = str(index + 1)
    path, where = f"sections[{index}]", f"评估内容 {code}"
    sec = ck.mapping(node, path, where, SECTION_KEYS, {"title", "source", "items"})
    if sec is None:
        return None
    _check_code(ck, sec, path, where, code)
    role = sec.get("role", BASE)
    if role not in ROLES:
        ck.err(_join(path, "role"), where, f"未知的 role {role!r}(可用:base 基本分、bonus 加分、deduction 减分)")
        role = BASE
    title = ck.text(sec, "title", path, where)
    source = ck.source(sec, path, where)
    note = ck.text(sec, "note", path, where)
    capped = ck.flag(sec, "capped", path, where)
    points = ck.number(sec, "points", path, where)
    if role == DEDUCTION:
        if "points" in sec:
            ck.err(_join(path, "points"), where, "减分部分不设 points(它只能降低总分,满分为 0);各项的 points 为最多扣分")
        points = None
    elif sec.get("points") is None:
        ck.err(_join(path, "points"), where, "缺少必填字段 points")
    limit = sec.get("limit")
    if limit is not None:
        if role != DEDUCTION:
            ck.err(_join(path, "limit"), where, "limit 只用于减分部分(role: deduction)")
        elif limit != LIMIT_BONUS:
            ck.err(_join(path, "limit"), where, f"limit 只能为 bonus(减分总数不超过加分总数),而不是 {limit!r}")

    items: list[Item] = []
    raw = ck.seq(sec.get("items"), _join(path, "items"), where) or []
    for i_index, i_node in enumerate(raw):
        item = _build_item(ck, i_node, index, i_index, role)
        if item is not None:
            items.append(item)
    if len(items) != len(raw) or title is None or source is None:
        return None
    if points is not None:
        total = sum((i.points for i in items), ZERO)
        summary = f"各项目分值之和 {_num(total)}{_breakdown(i.points for i in items)}"
        if role == BONUS:
            if total < points:
                ck.err(_join(path, "points"), where, f"加分上限 {_num(points)} 高于{summary},上限无法达到")
        elif capped:
            if total < points:
                ck.err(_join(path, "points"), where, f"满分 {_num(points)} 高于{summary}")
        elif total != points:
            ck.err(_join(path, "points"), where, f"满分 {_num(points)} 与{summary}不符")
    return Section(code=code, title=title, role=role, points=points, source=source, items=tuple(items),
                   capped=capped, limit=limit if role == DEDUCTION else None, note=note)


def _check_code(ck: _Checker, node: dict, path: str, where: str, code: str) -> None:
    stated = node.get("code")
    if stated is not None and str(stated) != code:
        ck.err(_join(path, "code"), where, f"写明的编号 {stated!r} 与其位置编号 {code!r} 不符(是否漏项或多项?)")


def _build_item(ck: _Checker, node: Any, s_index: int, i_index: int, role: str) -> Item | None:
    code = f"{s_index + 1}.{i_index + 1}"
    path, where = f"sections[{s_index}].items[{i_index}]", f"项目 {code}"
    it = ck.mapping(node, path, where, ITEM_KEYS, {"title", "points", "source", "criteria"})
    if it is None:
        return None
    _check_code(ck, it, path, where, code)
    title = ck.text(it, "title", path, where)
    label = ck.text(it, "label", path, where)
    basis = ck.text(it, "basis", path, where)
    note = ck.text(it, "note", path, where)
    source = ck.source(it, path, where)
    points = ck.number(it, "points", path, where)
    capped = ck.flag(it, "capped", path, where)
    criteria: list[Criterion] = []
    raw = ck.seq(it.get("criteria"), _join(path, "criteria"), where) or []
    for c_index, c_node in enumerate(raw):
        criterion = _build_criterion(ck, c_node, f"{path}.criteria[{c_index}]", f"{code}.{c_index + 1}", role,
                                     basis, source)
        if criterion is not None:
            criteria.append(criterion)
    if len(criteria) != len(raw) or None in (title, source, points):
        return None
    total = sum((c.points for c in criteria), ZERO)
    summary = f"各标准分值之和 {_num(total)}{_breakdown(c.points for c in criteria)}"
    if capped:
        if total < points:
            ck.err(_join(path, "points"), where, f"分值 {_num(points)} 高于{summary}")
    elif total != points:
        ck.err(_join(path, "points"), where, f"分值 {_num(points)} 与{summary}不符")
    return Item(code=code, title=title, points=points, source=source, criteria=tuple(criteria), label=label,
                basis=basis, note=note, capped=capped)


def _build_criterion(ck: _Checker, node: Any, path: str, code: str, role: str, item_basis: str | None,
                     item_source: str | None) -> Criterion | None:
    where = f"标准 {code}"
    if not isinstance(node, dict):
        ck.err(path, where, "应为键值对象(mapping)")
        return None
    rule = node.get("rule")
    if rule not in RULE_TYPES:
        ck.err(_join(path, "rule"), where,
               f"未知的规则类型 {rule!r}(可用:{', '.join(f'{r} {RULE_NAMES_ZH[r]}' for r in RULE_TYPES)})"
               if rule is not None else "缺少必填字段 rule")
        return None
    cr = ck.mapping(node, path, where, CRITERION_KEYS | RULE_KEYS[rule],
                    {"rule", "text", "points"} | RULE_REQUIRED.get(rule, set()))
    _check_code(ck, cr, path, where, code)
    if rule not in ROLE_RULES[role]:
        ck.err(_join(path, "rule"), where, f"{_role_zh(role)}部分不能使用 {rule}({RULE_NAMES_ZH[rule]})")
    text = ck.text(cr, "text", path, where)
    basis = ck.text(cr, "basis", path, where) or item_basis
    note = ck.text(cr, "note", path, where)
    source = (ck.source(cr, path, where) if cr.get("source") is not None else None) or item_source
    points = ck.number(cr, "points", path, where, positive=rule != VETO)
    fields: dict[str, Any] = {}
    if points is not None:
        if rule == TIERED:
            fields["tiers"] = _tiers(ck, cr.get("tiers"), path, where, points)
        elif rule == PER_UNIT:
            unit = ck.number(cr, "unit_points", path, where, positive=True)
            if unit is not None and unit > points:
                ck.err(_join(path, "unit_points"), where, f"每项分值 {_num(unit)} 超过本标准满分 {_num(points)}")
            fields["unit_points"] = unit
            fields["max_units"] = ck.integer(cr, "max_units", path, where, minimum=1)
        elif rule == PER_LEVEL:
            fields["levels"] = _levels(ck, cr.get("levels"), path, where, points)
        elif rule == DEDUCT_PER_MISSING:
            fields["per_missing"] = ck.number(cr, "per_missing", path, where, positive=True)
        elif rule == JUDGED:
            fields["min"], fields["step"] = _judged_range(ck, cr, path, where, points)
        elif rule == VETO:
            effect = cr.get("effect", VOID)
            if effect not in VETO_EFFECTS:
                ck.err(_join(path, "effect"), where,
                       f"未知的否决效果 {effect!r}(可用:void 取消等次、bar_excellence 取消评先评优资格)")
            fields["effect"] = effect
    fact = ck.text(cr, "fact", path, where)
    if fact is not None:
        _check_fact(ck, fact, rule, fields.get("tiers", ()), path, where)
    if None in (text, points):
        return None
    return Criterion(code=code, rule=rule, text=text, points=points, basis=basis, source=source, note=note,
                     fact=fact, **fields)


def _role_zh(role: str) -> str:
    return {BASE: "基本分", BONUS: "加分", DEDUCTION: "减分"}[role]


def _tiers(ck: _Checker, node: Any, path: str, where: str, points: Decimal) -> tuple[Tier, ...]:
    tiers: list[Tier] = []
    tpath = _join(path, "tiers")
    for t_index, t_node in enumerate(ck.seq(node, tpath, where) or []):
        p = f"{tpath}[{t_index}]"
        t = ck.mapping(t_node, p, where, TIER_KEYS, {"points", "label"})
        if t is None:
            continue
        tp = ck.number(t, "points", p, where)
        label = ck.text(t, "label", p, where)
        at_least = ck.number(t, "at_least", p, where)
        source = ck.source(t, p, where) if t.get("source") is not None else None
        if tp is None or label is None:
            continue
        if tp > points:
            ck.err(_join(p, "points"), where, f"档次分值 {_num(tp)} 超过本标准满分 {_num(points)}")
        if tp == ZERO and at_least is not None:
            ck.err(_join(p, "at_least"), where, "0 分档不设 at_least")
        tiers.append(Tier(points=tp, label=label, at_least=at_least, source=source))
    if tiers:
        if tiers[0].points != points:
            ck.err(f"{tpath}[0].points", where, f"第一档分值 {_num(tiers[0].points)} 应等于本标准满分 {_num(points)}")
        for k in range(1, len(tiers)):
            if tiers[k].points >= tiers[k - 1].points:
                ck.err(f"{tpath}[{k}].points", where, "各档分值须从高到低严格递减")
        thresholds = [(k, t) for k, t in enumerate(tiers) if t.points > ZERO]
        if any(t.at_least is not None for _, t in thresholds):
            for k, t in thresholds:
                if t.at_least is None:
                    ck.err(f"{tpath}[{k}].at_least", where, "部分档次设了 at_least,其余非 0 档也须设置")
            values = [t.at_least for _, t in thresholds if t.at_least is not None]
            if any(b >= a for a, b in zip(values, values[1:], strict=False)):
                ck.err(tpath, where, "各档 at_least 须随分值从高到低严格递减")
    return tuple(tiers)


def _levels(ck: _Checker, node: Any, path: str, where: str, points: Decimal) -> tuple[Level, ...]:
    levels: list[Level] = []
    lpath = _join(path, "levels")
    for l_index, l_node in enumerate(ck.seq(node, lpath, where) or []):
        p = f"{lpath}[{l_index}]"
        lv = ck.mapping(l_node, p, where, LEVEL_KEYS, {"name", "points"})
        if lv is None:
            continue
        name = ck.text(lv, "name", p, where)
        lp = ck.number(lv, "points", p, where, positive=True)
        lmin = ck.number(lv, "min", p, where, positive=True)
        step = ck.number(lv, "step", p, where, positive=True)
        if name is None or lp is None:
            continue
        if lp > points:
            ck.err(_join(p, "points"), where, f"级别“{name}”分值 {_num(lp)} 超过本标准上限 {_num(points)}")
        if any(existing.name == name for existing in levels):
            ck.err(_join(p, "name"), where, f"级别名称“{name}”重复")
        if lmin is None:
            if step is not None:
                ck.err(_join(p, "step"), where, "step 只用于设有 min 的分值区间级别")
        else:
            step = step or DEFAULT_STEP
            if lmin > lp:
                ck.err(_join(p, "min"), where, f"区间下限 {_num(lmin)} 高于上限 {_num(lp)}")
            elif not _on_grid(lp, lmin, step):
                ck.err(_join(p, "points"), where, f"区间 {_num(lmin)}—{_num(lp)} 与步长 {_num(step)} 不相容")
        levels.append(Level(name=name, points=lp, min=lmin, step=step if lmin is not None else None))
    return tuple(levels)


def _judged_range(ck: _Checker, cr: dict, path: str, where: str, points: Decimal) -> tuple[Decimal | None, Decimal]:
    low = ck.number(cr, "min", path, where, positive=True)
    step = ck.number(cr, "step", path, where, positive=True) or DEFAULT_STEP
    if low is not None and low > points:
        ck.err(_join(path, "min"), where, f"最低分 {_num(low)} 高于满分 {_num(points)}")
    elif not _on_grid(points, low or ZERO, step):
        ck.err(_join(path, "points"), where,
               f"满分 {_num(points)} 不在步长 {_num(step)} 的取值上(从 {_num(low or ZERO)} 起),请检查 step/min")
    return low, step


def _check_fact(ck: _Checker, name: str, rule: str, tiers: tuple[Tier, ...], path: str, where: str) -> None:
    fact = FACTS.get(name)
    if fact is None:
        ck.err(_join(path, "fact"), where, f"未知的事实 {name!r}(可用:{', '.join(FACTS)})")
        return
    if rule not in fact.rules:
        ck.err(_join(path, "fact"), where,
               f"事实 {name} 不能用于 {rule} 规则(可用于:{', '.join(sorted(fact.rules))})")
    elif fact.kind == QUANTITY and not any(t.at_least is not None for t in tiers):
        ck.err(_join(path, "fact"), where, f"绑定数量事实 {name} 时,各非 0 档须设 at_least 阈值")


# -- bands, parts, ranking -------------------------------------------------------------------------------------
def _build_bands(ck: _Checker, node: Any) -> tuple[Band, ...]:
    bands: list[Band] = []
    raw = ck.seq(node, "bands", "等次") or []
    for index, b_node in enumerate(raw):
        p = f"bands[{index}]"
        b = ck.mapping(b_node, p, "等次", BAND_KEYS, {"label"})
        if b is None:
            continue
        label = ck.text(b, "label", p, "等次")
        bmin = ck.number(b, "min", p, "等次") if b.get("min") is not None else None
        if "min" in b and b["min"] is not None and bmin is None:
            continue
        source = ck.source(b, p, "等次") if b.get("source") is not None else None
        note = ck.text(b, "note", p, "等次")
        if label is None:
            continue
        if any(existing.label == label for existing in bands):
            ck.err(_join(p, "label"), "等次", f"等次名称“{label}”重复")
        last = index == len(raw) - 1
        if last and bmin is not None:
            ck.err(_join(p, "min"), "等次", "最后一个等次不设 min(它涵盖所有更低的总分)")
        if not last and bmin is None:
            ck.err(_join(p, "min"), "等次", "除最后一个等次外,每个等次都须设 min")
        if bmin is not None and bands and bands[-1].min is not None and bmin >= bands[-1].min:
            ck.err(_join(p, "min"), "等次", f"各等次 min 须从高到低严格递减({_num(bmin)} ≥ {_num(bands[-1].min)})")
        bands.append(Band(label=label, min=bmin, source=source, note=note))
    return tuple(bands)


def _build_parts(ck: _Checker, node: Any, sections: list[Section] | None) -> tuple[Part, ...]:
    parts: list[Part] = []
    used: dict[str, str] = {}
    for index, p_node in enumerate(ck.seq(node, "parts", "组成部分") or []):
        p = f"parts[{index}]"
        pt = ck.mapping(p_node, p, "组成部分", PART_KEYS, {"title", "sections", "points"})
        if pt is None:
            continue
        title = ck.text(pt, "title", p, "组成部分")
        points = ck.number(pt, "points", p, "组成部分")
        source = ck.source(pt, p, "组成部分") if pt.get("source") is not None else None
        codes_raw = ck.seq(pt.get("sections"), _join(p, "sections"), "组成部分") or []
        codes = tuple(str(c) for c in codes_raw if not isinstance(c, bool))
        if title is None or points is None or not codes:
            continue
        if sections is not None:
            by_code = {s.code: s for s in sections}
            missing = [c for c in codes if c not in by_code]
            for c in missing:
                ck.err(_join(p, "sections"), f"组成部分“{title}”", f"评估内容 {c} 不存在")
            for c in codes:
                if c in used:
                    ck.err(_join(p, "sections"), f"组成部分“{title}”", f"评估内容 {c} 已属于组成部分“{used[c]}”")
                used[c] = title
            if not missing:
                total = sum((by_code[c].max for c in codes), ZERO)
                if total != points:
                    ck.err(_join(p, "points"), f"组成部分“{title}”",
                           f"分值 {_num(points)} 与评估内容 {', '.join(codes)} 满分之和 {_num(total)} 不符")
        parts.append(Part(title=title, sections=codes, points=points, source=source))
    return tuple(parts)


def _build_ranking(ck: _Checker, node: Any, bands: tuple[Band, ...]) -> RankingRule | None:
    if node is None:
        return None
    where = "排名规则"
    rk = ck.mapping(node, "ranking", where, RANKING_KEYS, {"excellent"})
    if rk is None:
        return None
    excellent = ck.text(rk, "excellent", "ranking", where)
    within = ck.text(rk, "within", "ranking", where)
    note = ck.text(rk, "note", "ranking", where)
    source = ck.source(rk, "ranking", where) if rk.get("source") is not None else None
    max_share = ck.number(rk, "max_share", "ranking", where, positive=True)
    if max_share is not None and max_share > 1:
        ck.err("ranking.max_share", where, f"max_share 应在 0 与 1 之间(如 0.3 表示 30%),现为 {_num(max_share)}")
    max_count = ck.integer(rk, "max_count", "ranking", where, minimum=1)
    if rk.get("max_share") is None and rk.get("max_count") is None:
        ck.err("ranking", where, "须设置 max_share(比例上限)或 max_count(名额上限)")
    demote_to = ck.text(rk, "demote_to", "ranking", where)
    labels = [b.label for b in bands]
    if excellent is not None:
        if excellent in labels:
            if demote_to is None:
                ck.err("ranking.demote_to", where, f"“{excellent}”也是分数等次,须设 demote_to(超出名额者改评的等次)")
            elif demote_to not in labels or demote_to == excellent:
                ck.err("ranking.demote_to", where, f"demote_to 应为另一个已定义的等次(可用:{'、'.join(labels)})")
        elif demote_to is not None:
            ck.err("ranking.demote_to", where, f"“{excellent}”不是分数等次,不需要 demote_to")
    groups: list[RankingGroup] = []
    members_seen: dict[str, str] = {}
    for index, g_node in enumerate(ck.seq(rk.get("groups"), "ranking.groups", where) or []):
        p = f"ranking.groups[{index}]"
        g = ck.mapping(g_node, p, where, GROUP_KEYS, {"name"})
        if g is None:
            continue
        name = ck.text(g, "name", p, where)
        source_g = ck.source(g, p, where) if g.get("source") is not None else None
        members_raw = ck.seq(g.get("members"), _join(p, "members"), where, nonempty=False) or []
        members = tuple(str(m).strip() for m in members_raw)
        if name is None:
            continue
        if any(existing.name == name for existing in groups):
            ck.err(_join(p, "name"), where, f"分组名称“{name}”重复")
        for m in members:
            if m in members_seen:
                ck.err(_join(p, "members"), where, f"“{m}”同时列在“{members_seen[m]}”和“{name}”中")
            members_seen[m] = name
        groups.append(RankingGroup(name=name, members=members, source=source_g))
    if excellent is None:
        return None
    return RankingRule(excellent=excellent, within=within, groups=tuple(groups), max_share=max_share,
                       max_count=max_count, demote_to=demote_to, source=source, note=note)


# -- canonical form and hash -----------------------------------------------------------------------------------
def rubric_to_data(rubric: Rubric) -> dict[str, Any]:
    """The rubric as fixture data with every field written out (defaults included, None left out).

    ``load_rubric(rubric_to_data(r)) == r``. Numbers stay ``Decimal``; :func:`canonical_json` turns them into strings.
    """

    def clean(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if v is not None and v != () and v != []}

    def criterion(c: Criterion) -> dict[str, Any]:
        return clean({
            "code": c.code, "rule": c.rule, "text": c.text, "points": c.points, "basis": c.basis,
            "source": c.source, "note": c.note, "fact": c.fact,
            "tiers": [clean({"points": t.points, "label": t.label, "at_least": t.at_least, "source": t.source})
                      for t in c.tiers] or None,
            "unit_points": c.unit_points, "max_units": c.max_units,
            "levels": [clean({"name": lv.name, "points": lv.points, "min": lv.min, "step": lv.step})
                       for lv in c.levels] or None,
            "per_missing": c.per_missing, "min": c.min, "step": c.step, "effect": c.effect,
        })

    def item(i: Item) -> dict[str, Any]:
        return clean({"code": i.code, "label": i.label, "title": i.title, "points": i.points, "capped": i.capped,
                      "basis": i.basis, "source": i.source, "note": i.note,
                      "criteria": [criterion(c) for c in i.criteria]})

    def section(s: Section) -> dict[str, Any]:
        return clean({"code": s.code, "title": s.title, "role": s.role, "points": s.points, "capped": s.capped,
                      "limit": s.limit, "source": s.source, "note": s.note, "items": [item(i) for i in s.items]})

    ranking = None
    if rubric.ranking is not None:
        r = rubric.ranking
        ranking = clean({
            "within": r.within, "excellent": r.excellent, "max_share": r.max_share, "max_count": r.max_count,
            "demote_to": r.demote_to, "source": r.source, "note": r.note,
            "groups": [clean({"name": g.name, "members": list(g.members), "source": g.source})
                       for g in r.groups] or None,
        })
    return clean({
        "code": rubric.code, "version": rubric.version, "title": rubric.title, "subject": list(rubric.subjects),
        "source": rubric.source, "points": rubric.points, "note": rubric.note,
        "bands": [clean({"label": b.label, "min": b.min, "source": b.source, "note": b.note})
                  for b in rubric.bands] or None,
        "veto_band": rubric.veto_band,
        "parts": [clean({"title": p.title, "sections": list(p.sections), "points": p.points, "source": p.source})
                  for p in rubric.parts] or None,
        "ranking": ranking,
        "sections": [section(s) for s in rubric.sections],
    })


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _num(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def canonical_json(rubric: Rubric) -> str:
    """Compact, key-sorted JSON of :func:`rubric_to_data`, decimals as normalised strings; loadable again."""
    return json.dumps(_jsonable(rubric_to_data(rubric)), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# Where a rubric cites its official document and why it was transcribed so: shown to administrators, never scored.
PROVENANCE_KEYS = frozenset({"source", "note"})


def scoring_data(rubric: Rubric) -> dict[str, Any]:
    """:func:`rubric_to_data` without provenance (``source`` and ``note`` at every level): what scores and what an
    evaluation sheet prints — codes, titles, texts, basis, labels, points, rules, bands, parts, ranking (§9)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in PROVENANCE_KEYS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(rubric_to_data(rubric))


def content_hash(rubric: Rubric) -> str:
    """SHA-256 (hex) of the canonical JSON of :func:`scoring_data`: same scoring content → same hash, whatever the
    file's formatting and whatever its citations and notes say (§9)."""
    text = json.dumps(_jsonable(scoring_data(rubric)), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
