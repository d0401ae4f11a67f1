"""Load and validate rubric fixtures (docs/rubrics.md §1–§6, §9).

:func:`load_rubric` reads YAML/JSON text or an already parsed mapping, checks everything, and either returns a
frozen :class:`~scoring.rubric.model.Rubric` or raises :class:`~scoring.common.DefinitionError` listing *all*
problems, each with its path (``sections[2].items[4].criteria[1].points``) and a Chinese message naming the 1-based
code. Nothing is returned from a file that fails, so a bad upload changes nothing.

It is long (about 560 lines) because it is one validator of one format: a builder per level of the file (rubric,
section, item, criterion and its rule's fields, bands, parts, ranking), each checking the sums and orderings that tie
its level to the next; the shared checks are in ``scoring.checker`` and the canonical form in
``scoring.rubric.canonical``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from scoring.checker import Checker, join, num, type_name
from scoring.common import (
    CODE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ZERO,
    DefinitionError,
    Problem,
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


def _source(ck: Checker, node: dict, path: str, where: str) -> str | None:
    """The ``source`` of a node: a citation of an official document by its short name (docs/domain.md §10)."""
    value = ck.text(node, "source", path, where=where)
    if value is None:
        return None
    if not SOURCE_RE.match(value) and not LEGACY_SOURCE_RE.match(value):
        ck.add(join(path, "source"),
               f"出处 {value!r} 应以文件简称开头，后接附件与条目，如“宝林镇方案 附件1 事项进驻·应进必进”"
               f"“眉山意见 附件1 第25项”（简称见 docs/domain.md §10）", where)
        return None
    return value


def _on_grid(value: Decimal, base: Decimal, step: Decimal) -> bool:
    return (value - base) % step == ZERO


def _breakdown(values) -> str:
    values = list(values)
    return f"（{' + '.join(num(v) for v in values)}）" if len(values) > 1 else ""


# --------------------------------------------------------------------------------------------------------------
def load_rubric(data: bytes | str | dict) -> Rubric:
    """Parse and validate a rubric fixture; raise DefinitionError listing every problem."""
    if isinstance(data, bytes | str):
        data = parse_fixture_text(data)
    ck = Checker()
    rubric = _build_rubric(ck, data)
    if ck.problems or rubric is None:
        raise DefinitionError(ck.problems or [Problem("", "无法读取考核标准")])
    return rubric


def _build_rubric(ck: Checker, data: Any) -> Rubric | None:
    top = ck.mapping(data, "", TOP_KEYS, {"code", "version", "title", "subject", "source", "points", "sections"})
    if top is None:
        return None
    code = ck.text(top, "code", "")
    if code is not None and len(code) > CODE_MAX_LENGTH:
        ck.add("code", f"编码最多 {CODE_MAX_LENGTH} 个字符，实际有 {len(code)} 个")
    elif code is not None and not CODE_RE.match(code):
        ck.add("code", f"编码 {code!r} 只能由小写字母、数字和连字符组成，如 baolin-centre")
    version = ck.integer(top.get("version"), join("", "version"), minimum=1)
    title = ck.text(top, "title", "")
    if title is not None and len(title) > TITLE_MAX_LENGTH:
        ck.add("title", f"名称最多 {TITLE_MAX_LENGTH} 个字符，实际有 {len(title)} 个")
    source = ck.text(top, "source", "")
    note = ck.text(top, "note", "")
    points = ck.number(top.get("points"), join("", "points"), negative=False)
    subjects = _subjects(ck, top.get("subject"))

    sections: list[Section] = []
    for s_index, s_node in enumerate(ck.listing(top.get("sections"), "sections", nonempty=True) or []):
        section = _build_section(ck, s_node, s_index)
        if section is not None:
            sections.append(section)
    raw_sections = top.get("sections") if isinstance(top.get("sections"), list) else []
    complete = len(sections) == len(raw_sections)

    _check_roles(ck, sections, complete)
    if complete and points is not None and sections:
        total_max = sum((s.max for s in sections), ZERO)
        if total_max != points:
            ck.add("points", f"总分 {num(points)} 与各评估内容满分之和 {num(total_max)}"
                   f"{_breakdown(s.max for s in sections)}不符")

    _check_labels(ck, sections)
    bands = _build_bands(ck, top.get("bands"))
    veto_band = ck.text(top, "veto_band", "")
    has_void = any(c.rule == VETO and c.effect == VOID for s in sections for i in s.items for c in i.criteria)
    if has_void and veto_band is None:
        ck.add("veto_band", "存在一票否决项（effect: void），须设置 veto_band（否决后的等次，如“取消评星资格”）")
    parts = _build_parts(ck, top.get("parts"), sections if complete else None)
    ranking = _build_ranking(ck, top.get("ranking"), bands)

    if ck.problems:
        return None
    return Rubric(code=code, version=version, title=title, subjects=subjects, source=source, points=points,
                  sections=tuple(sections), bands=bands, veto_band=veto_band, parts=parts, ranking=ranking, note=note)


def _subjects(ck: Checker, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        ck.add("subject", f"subject 应为 {'、'.join(SUBJECTS)} 之一，或它们的列表")
        return ()
    for v in values:
        if v not in SUBJECTS:
            ck.add("subject", f"未知的考核对象类型 {v!r}（可用：{'、'.join(SUBJECTS)}）")
    if len(set(values)) != len(values):
        ck.add("subject", "考核对象类型重复")
    return tuple(values)


def _check_roles(ck: Checker, sections: list[Section], complete: bool) -> None:
    order = {BASE: 0, BONUS: 1, DEDUCTION: 2}
    for prev, cur in zip(sections, sections[1:], strict=False):
        if order[cur.role] < order[prev.role]:
            ck.add(f"sections[{int(cur.code) - 1}].role", "评估内容须按 基本分（base）→ 加分（bonus）→ 减分（deduction）的顺序排列", f"评估内容 {cur.code}")
    limited = [s for s in sections if s.limit == LIMIT_BONUS]
    if len(limited) > 1:
        ck.add("sections", "只能有一个减分部分设置 limit: bonus")
    if complete and limited and not any(s.role == BONUS for s in sections):
        s = limited[0]
        ck.add(f"sections[{int(s.code) - 1}].limit", "limit: bonus 需要有加分部分（role: bonus）", f"评估内容 {s.code}")


def _check_labels(ck: Checker, sections: list[Section]) -> None:
    seen: dict[str, str] = {}
    for section in sections:
        for i_index, item in enumerate(section.items):
            if item.label is None:
                continue
            if item.label in seen:
                ck.add(f"sections[{int(section.code) - 1}].items[{i_index}].label", f"序号 {item.label!r} 与项目 {seen[item.label]} 重复", f"项目 {item.code}")
            else:
                seen[item.label] = item.code


# -- sections, items, criteria ---------------------------------------------------------------------------------
def _build_section(ck: Checker, node: Any, index: int) -> Section | None:
    code = str(index + 1)
    path, where = f"sections[{index}]", f"评估内容 {code}"
    sec = ck.mapping(node, path, SECTION_KEYS, {"title", "source", "items"}, where=where)
    if sec is None:
        return None
    _check_code(ck, sec, path, where, code)
    role = sec.get("role", BASE)
    if role not in ROLES:
        ck.add(join(path, "role"), f"未知的 role {role!r}（可用：base 基本分、bonus 加分、deduction 减分）", where)
        role = BASE
    title = ck.text(sec, "title", path, where=where)
    source = _source(ck, sec, path, where)
    note = ck.text(sec, "note", path, where=where)
    capped = ck.flag(sec, "capped", path, where=where)
    points = ck.number(sec.get("points"), join(path, "points"), where=where, negative=False)
    if role == DEDUCTION:
        if "points" in sec:
            ck.add(join(path, "points"), "减分部分不设 points（它只能降低总分，满分为 0）；各项的 points 为最多扣分", where)
        points = None
    elif sec.get("points") is None:
        ck.add(join(path, "points"), "缺少必填字段 points", where)
    limit = sec.get("limit")
    if limit is not None:
        if role != DEDUCTION:
            ck.add(join(path, "limit"), "limit 只用于减分部分（role: deduction）", where)
        elif limit != LIMIT_BONUS:
            ck.add(join(path, "limit"), f"limit 只能为 bonus（减分总数不超过加分总数），而不是 {limit!r}", where)

    items: list[Item] = []
    raw = ck.listing(sec.get("items"), join(path, "items"), where=where, nonempty=True) or []
    for i_index, i_node in enumerate(raw):
        item = _build_item(ck, i_node, index, i_index, role)
        if item is not None:
            items.append(item)
    if len(items) != len(raw) or title is None or source is None:
        return None
    if points is not None:
        total = sum((i.points for i in items), ZERO)
        summary = f"各项目分值之和 {num(total)}{_breakdown(i.points for i in items)}"
        if role == BONUS:
            if total < points:
                ck.add(join(path, "points"), f"加分上限 {num(points)} 高于{summary}，上限无法达到", where)
        elif capped:
            if total < points:
                ck.add(join(path, "points"), f"满分 {num(points)} 高于{summary}", where)
        elif total != points:
            ck.add(join(path, "points"), f"满分 {num(points)} 与{summary}不符", where)
    return Section(code=code, title=title, role=role, points=points, source=source, items=tuple(items),
                   capped=capped, limit=limit if role == DEDUCTION else None, note=note)


def _check_code(ck: Checker, node: dict, path: str, where: str, code: str) -> None:
    stated = node.get("code")
    if stated is not None and str(stated) != code:
        ck.add(join(path, "code"), f"写明的编号 {stated!r} 与其位置编号 {code!r} 不符（是否漏项或多项？）", where)


def _build_item(ck: Checker, node: Any, s_index: int, i_index: int, role: str) -> Item | None:
    code = f"{s_index + 1}.{i_index + 1}"
    path, where = f"sections[{s_index}].items[{i_index}]", f"项目 {code}"
    it = ck.mapping(node, path, ITEM_KEYS, {"title", "points", "source", "criteria"}, where=where)
    if it is None:
        return None
    _check_code(ck, it, path, where, code)
    title = ck.text(it, "title", path, where=where)
    label = ck.text(it, "label", path, where=where)
    basis = ck.text(it, "basis", path, where=where)
    note = ck.text(it, "note", path, where=where)
    source = _source(ck, it, path, where)
    points = ck.number(it.get("points"), join(path, "points"), where=where, negative=False)
    capped = ck.flag(it, "capped", path, where=where)
    criteria: list[Criterion] = []
    raw = ck.listing(it.get("criteria"), join(path, "criteria"), where=where, nonempty=True) or []
    for c_index, c_node in enumerate(raw):
        criterion = _build_criterion(ck, c_node, f"{path}.criteria[{c_index}]", f"{code}.{c_index + 1}", role,
                                     basis, source)
        if criterion is not None:
            criteria.append(criterion)
    if len(criteria) != len(raw) or None in (title, source, points):
        return None
    total = sum((c.points for c in criteria), ZERO)
    summary = f"各标准分值之和 {num(total)}{_breakdown(c.points for c in criteria)}"
    if capped:
        if total < points:
            ck.add(join(path, "points"), f"分值 {num(points)} 高于{summary}", where)
    elif total != points:
        ck.add(join(path, "points"), f"分值 {num(points)} 与{summary}不符", where)
    return Item(code=code, title=title, points=points, source=source, criteria=tuple(criteria), label=label,
                basis=basis, note=note, capped=capped)


def _build_criterion(ck: Checker, node: Any, path: str, code: str, role: str, item_basis: str | None,
                     item_source: str | None) -> Criterion | None:
    where = f"标准 {code}"
    if not isinstance(node, dict):
        ck.add(path, f"应为键值表（对象），实际是 {type_name(node)}", where)
        return None
    rule = node.get("rule")
    if rule not in RULE_TYPES:
        ck.add(join(path, "rule"), f"未知的规则类型 {rule!r}（可用：{'、'.join(f'{r} {RULE_NAMES_ZH[r]}' for r in RULE_TYPES)}）"
               if rule is not None else "缺少必填字段 rule", where)
        return None
    cr = ck.mapping(node, path, CRITERION_KEYS | RULE_KEYS[rule], {"rule", "text", "points"} | RULE_REQUIRED.get(rule, set()), where=where)
    _check_code(ck, cr, path, where, code)
    if rule not in ROLE_RULES[role]:
        ck.add(join(path, "rule"), f"{_role_zh(role)}部分不能使用 {rule}（{RULE_NAMES_ZH[rule]}）", where)
    text = ck.text(cr, "text", path, where=where)
    basis = ck.text(cr, "basis", path, where=where) or item_basis
    note = ck.text(cr, "note", path, where=where)
    source = (_source(ck, cr, path, where) if cr.get("source") is not None else None) or item_source
    points = ck.number(cr.get("points"), join(path, "points"), where=where, negative=False, positive=rule != VETO)
    fields: dict[str, Any] = {}
    if points is not None:
        if rule == TIERED:
            fields["tiers"] = _tiers(ck, cr.get("tiers"), path, where, points)
        elif rule == PER_UNIT:
            unit = ck.number(cr.get("unit_points"), join(path, "unit_points"), where=where, negative=False, positive=True)
            if unit is not None and unit > points:
                ck.add(join(path, "unit_points"), f"每项分值 {num(unit)} 超过本标准满分 {num(points)}", where)
            fields["unit_points"] = unit
            fields["max_units"] = ck.integer(cr.get("max_units"), join(path, "max_units"), where=where, minimum=1)
        elif rule == PER_LEVEL:
            fields["levels"] = _levels(ck, cr.get("levels"), path, where, points)
        elif rule == DEDUCT_PER_MISSING:
            fields["per_missing"] = ck.number(cr.get("per_missing"), join(path, "per_missing"), where=where, negative=False, positive=True)
        elif rule == JUDGED:
            fields["min"], fields["step"] = _judged_range(ck, cr, path, where, points)
        elif rule == VETO:
            effect = cr.get("effect", VOID)
            if effect not in VETO_EFFECTS:
                ck.add(join(path, "effect"), f"未知的否决效果 {effect!r}（可用：void 取消等次、bar_excellence 取消评先评优资格）", where)
            fields["effect"] = effect
    fact = ck.text(cr, "fact", path, where=where)
    if fact is not None:
        _check_fact(ck, fact, rule, fields.get("tiers", ()), path, where)
    if None in (text, points):
        return None
    return Criterion(code=code, rule=rule, text=text, points=points, basis=basis, source=source, note=note,
                     fact=fact, **fields)


def _role_zh(role: str) -> str:
    return {BASE: "基本分", BONUS: "加分", DEDUCTION: "减分"}[role]


def _tiers(ck: Checker, node: Any, path: str, where: str, points: Decimal) -> tuple[Tier, ...]:
    tiers: list[Tier] = []
    tpath = join(path, "tiers")
    for p, t in ck.mappings(node, tpath, TIER_KEYS, {"points", "label"}, where=where, nonempty=True):
        tp = ck.number(t.get("points"), join(p, "points"), where=where, negative=False)
        label = ck.text(t, "label", p, where=where)
        at_least = ck.number(t.get("at_least"), join(p, "at_least"), where=where, negative=False)
        source = _source(ck, t, p, where) if t.get("source") is not None else None
        if tp is None or label is None:
            continue
        if tp > points:
            ck.add(join(p, "points"), f"档次分值 {num(tp)} 超过本标准满分 {num(points)}", where)
        if tp == ZERO and at_least is not None:
            ck.add(join(p, "at_least"), "0 分档不设 at_least", where)
        tiers.append(Tier(points=tp, label=label, at_least=at_least, source=source))
    if tiers:
        if tiers[0].points != points:
            ck.add(f"{tpath}[0].points", f"第一档分值 {num(tiers[0].points)} 应等于本标准满分 {num(points)}", where)
        for k in range(1, len(tiers)):
            if tiers[k].points >= tiers[k - 1].points:
                ck.add(f"{tpath}[{k}].points", "各档分值须从高到低严格递减", where)
        thresholds = [(k, t) for k, t in enumerate(tiers) if t.points > ZERO]
        if any(t.at_least is not None for _, t in thresholds):
            for k, t in thresholds:
                if t.at_least is None:
                    ck.add(f"{tpath}[{k}].at_least", "部分档次设了 at_least，其余非 0 档也须设置", where)
            values = [t.at_least for _, t in thresholds if t.at_least is not None]
            if any(b >= a for a, b in zip(values, values[1:], strict=False)):
                ck.add(tpath, "各档 at_least 须随分值从高到低严格递减", where)
    return tuple(tiers)


def _levels(ck: Checker, node: Any, path: str, where: str, points: Decimal) -> tuple[Level, ...]:
    levels: list[Level] = []
    lpath = join(path, "levels")
    for p, lv in ck.mappings(node, lpath, LEVEL_KEYS, {"name", "points"}, where=where, nonempty=True):
        name = ck.text(lv, "name", p, where=where)
        lp = ck.number(lv.get("points"), join(p, "points"), where=where, negative=False, positive=True)
        lmin = ck.number(lv.get("min"), join(p, "min"), where=where, negative=False, positive=True)
        step = ck.number(lv.get("step"), join(p, "step"), where=where, negative=False, positive=True)
        if name is None or lp is None:
            continue
        if lp > points:
            ck.add(join(p, "points"), f"级别“{name}”分值 {num(lp)} 超过本标准上限 {num(points)}", where)
        if any(existing.name == name for existing in levels):
            ck.add(join(p, "name"), f"级别名称“{name}”重复", where)
        if lmin is None:
            if step is not None:
                ck.add(join(p, "step"), "step 只用于设有 min 的分值区间级别", where)
        else:
            step = step or DEFAULT_STEP
            if lmin > lp:
                ck.add(join(p, "min"), f"区间下限 {num(lmin)} 高于上限 {num(lp)}", where)
            elif not _on_grid(lp, lmin, step):
                ck.add(join(p, "points"), f"区间 {num(lmin)}—{num(lp)} 与步长 {num(step)} 不相容", where)
        levels.append(Level(name=name, points=lp, min=lmin, step=step if lmin is not None else None))
    return tuple(levels)


def _judged_range(ck: Checker, cr: dict, path: str, where: str, points: Decimal) -> tuple[Decimal | None, Decimal]:
    low = ck.number(cr.get("min"), join(path, "min"), where=where, negative=False, positive=True)
    step = ck.number(cr.get("step"), join(path, "step"), where=where, negative=False, positive=True) or DEFAULT_STEP
    if low is not None and low > points:
        ck.add(join(path, "min"), f"最低分 {num(low)} 高于满分 {num(points)}", where)
    elif not _on_grid(points, low or ZERO, step):
        ck.add(join(path, "points"), f"满分 {num(points)} 不在步长 {num(step)} 的取值上（从 {num(low or ZERO)} 起），请检查 step/min", where)
    return low, step


def _check_fact(ck: Checker, name: str, rule: str, tiers: tuple[Tier, ...], path: str, where: str) -> None:
    fact = FACTS.get(name)
    if fact is None:
        ck.add(join(path, "fact"), f"未知的事实 {name!r}（可用：{'、'.join(FACTS)}）", where)
        return
    if rule not in fact.rules:
        ck.add(join(path, "fact"), f"事实 {name} 不能用于 {rule} 规则（可用于：{'、'.join(sorted(fact.rules))}）", where)
    elif fact.kind == QUANTITY and not any(t.at_least is not None for t in tiers):
        ck.add(join(path, "fact"), f"绑定数量事实 {name} 时，各非 0 档须设 at_least 阈值", where)


# -- bands, parts, ranking -------------------------------------------------------------------------------------
def _build_bands(ck: Checker, node: Any) -> tuple[Band, ...]:
    bands: list[Band] = []
    raw = ck.listing(node, "bands", where="等次", nonempty=True) or []
    for index, b_node in enumerate(raw):
        p = f"bands[{index}]"
        b = ck.mapping(b_node, p, BAND_KEYS, {"label"}, where="等次")
        if b is None:
            continue
        label = ck.text(b, "label", p, where="等次")
        bmin = ck.number(b.get("min"), join(p, "min"), where="等次", negative=False) if b.get("min") is not None else None
        if "min" in b and b["min"] is not None and bmin is None:
            continue
        source = _source(ck, b, p, "等次") if b.get("source") is not None else None
        note = ck.text(b, "note", p, where="等次")
        if label is None:
            continue
        if any(existing.label == label for existing in bands):
            ck.add(join(p, "label"), f"等次名称“{label}”重复", "等次")
        last = index == len(raw) - 1
        if last and bmin is not None:
            ck.add(join(p, "min"), "最后一个等次不设 min（它涵盖所有更低的总分）", "等次")
        if not last and bmin is None:
            ck.add(join(p, "min"), "除最后一个等次外，每个等次都须设 min", "等次")
        if bmin is not None and bands and bands[-1].min is not None and bmin >= bands[-1].min:
            ck.add(join(p, "min"), f"各等次 min 须从高到低严格递减（{num(bmin)} ≥ {num(bands[-1].min)}）", "等次")
        bands.append(Band(label=label, min=bmin, source=source, note=note))
    return tuple(bands)


def _build_parts(ck: Checker, node: Any, sections: list[Section] | None) -> tuple[Part, ...]:
    parts: list[Part] = []
    used: dict[str, str] = {}
    for p, pt in ck.mappings(node, "parts", PART_KEYS, {"title", "sections", "points"}, where="组成部分", nonempty=True):
        title = ck.text(pt, "title", p, where="组成部分")
        points = ck.number(pt.get("points"), join(p, "points"), where="组成部分", negative=False)
        source = _source(ck, pt, p, "组成部分") if pt.get("source") is not None else None
        codes_raw = ck.listing(pt.get("sections"), join(p, "sections"), where="组成部分", nonempty=True) or []
        codes = tuple(str(c) for c in codes_raw if not isinstance(c, bool))
        if title is None or points is None or not codes:
            continue
        if sections is not None:
            by_code = {s.code: s for s in sections}
            missing = [c for c in codes if c not in by_code]
            for c in missing:
                ck.add(join(p, "sections"), f"评估内容 {c} 不存在", f"组成部分“{title}”")
            for c in codes:
                if c in used:
                    ck.add(join(p, "sections"), f"评估内容 {c} 已属于组成部分“{used[c]}”", f"组成部分“{title}”")
                used[c] = title
            if not missing:
                total = sum((by_code[c].max for c in codes), ZERO)
                if total != points:
                    ck.add(join(p, "points"), f"分值 {num(points)} 与评估内容 {'、'.join(codes)} 满分之和 {num(total)} 不符", f"组成部分“{title}”")
        parts.append(Part(title=title, sections=codes, points=points, source=source))
    return tuple(parts)


def _build_ranking(ck: Checker, node: Any, bands: tuple[Band, ...]) -> RankingRule | None:
    if node is None:
        return None
    where = "排名规则"
    rk = ck.mapping(node, "ranking", RANKING_KEYS, {"excellent"}, where=where)
    if rk is None:
        return None
    excellent = ck.text(rk, "excellent", "ranking", where=where)
    within = ck.text(rk, "within", "ranking", where=where)
    note = ck.text(rk, "note", "ranking", where=where)
    source = _source(ck, rk, "ranking", where) if rk.get("source") is not None else None
    max_share = ck.number(rk.get("max_share"), join("ranking", "max_share"), where=where, negative=False, positive=True)
    if max_share is not None and max_share > 1:
        ck.add("ranking.max_share", f"max_share 应在 0 与 1 之间（如 0.3 表示 30%），现为 {num(max_share)}", where)
    max_count = ck.integer(rk.get("max_count"), join("ranking", "max_count"), where=where, minimum=1)
    if rk.get("max_share") is None and rk.get("max_count") is None:
        ck.add("ranking", "须设置 max_share（比例上限）或 max_count（名额上限）", where)
    demote_to = ck.text(rk, "demote_to", "ranking", where=where)
    labels = [b.label for b in bands]
    if excellent is not None:
        if excellent in labels:
            if demote_to is None:
                ck.add("ranking.demote_to", f"“{excellent}”也是分数等次，须设 demote_to（超出名额者改评的等次）", where)
            elif demote_to not in labels or demote_to == excellent:
                ck.add("ranking.demote_to", f"demote_to 应为另一个已定义的等次（可用：{'、'.join(labels)}）", where)
        elif demote_to is not None:
            ck.add("ranking.demote_to", f"“{excellent}”不是分数等次，不需要 demote_to", where)
    groups: list[RankingGroup] = []
    members_seen: dict[str, str] = {}
    for p, g in ck.mappings(rk.get("groups"), "ranking.groups", GROUP_KEYS, {"name"}, where=where, nonempty=True):
        name = ck.text(g, "name", p, where=where)
        source_g = _source(ck, g, p, where) if g.get("source") is not None else None
        members_raw = ck.listing(g.get("members"), join(p, "members"), where=where) or []
        members = tuple(str(m).strip() for m in members_raw)
        if name is None:
            continue
        if any(existing.name == name for existing in groups):
            ck.add(join(p, "name"), f"分组名称“{name}”重复", where)
        for m in members:
            if m in members_seen:
                ck.add(join(p, "members"), f"“{m}”同时列在“{members_seen[m]}”和“{name}”中", where)
            members_seen[m] = name
        groups.append(RankingGroup(name=name, members=members, source=source_g))
    if excellent is None:
        return None
    return RankingRule(excellent=excellent, within=within, groups=tuple(groups), max_share=max_share,
                       max_count=max_count, demote_to=demote_to, source=source, note=note)
