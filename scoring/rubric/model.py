"""Rubric definitions as frozen dataclasses (docs/rubrics.md §1–§4).

A rubric is a tree: section (评估内容) → item (评估项目) → criterion (评估标准). Codes are positional and 1-based
(``"3"``, ``"3.2"``, ``"3.2.1"``) and are assigned by the loader; every number is a ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from scoring.common import ZERO

ALL_OR_NOTHING = "all_or_nothing"
TIERED = "tiered"
PER_UNIT = "per_unit"
PER_LEVEL = "per_level"
DEDUCT_PER_MISSING = "deduct_per_missing"
JUDGED = "judged"
VETO = "veto"

RULE_TYPES: tuple[str, ...] = (ALL_OR_NOTHING, TIERED, PER_UNIT, PER_LEVEL, DEDUCT_PER_MISSING, JUDGED, VETO)

RULE_NAMES_ZH: dict[str, str] = {
    ALL_OR_NOTHING: "达标得分",
    TIERED: "分档计分",
    PER_UNIT: "按项计分",
    PER_LEVEL: "按级别计分",
    DEDUCT_PER_MISSING: "缺项扣分",
    JUDGED: "酌情评分",
    VETO: "一票否决",
}

SUBJECTS: tuple[str, ...] = ("centre", "station", "window", "department", "township")

BASE = "base"
BONUS = "bonus"
DEDUCTION = "deduction"
ROLES: tuple[str, ...] = (BASE, BONUS, DEDUCTION)

# Which rule types each section role allows (docs/rubrics.md §2, last paragraph).
ROLE_RULES: dict[str, frozenset[str]] = {
    BASE: frozenset(RULE_TYPES),
    BONUS: frozenset({ALL_OR_NOTHING, TIERED, PER_UNIT, PER_LEVEL, JUDGED}),
    DEDUCTION: frozenset({JUDGED, PER_UNIT, PER_LEVEL}),
}

VOID = "void"  # 一票否决: the band becomes the rubric's veto_band
BAR_EXCELLENCE = "bar_excellence"  # 取消评先评优资格
VETO_EFFECTS: tuple[str, ...] = (VOID, BAR_EXCELLENCE)

LIMIT_BONUS = "bonus"  # 减分总数不超过加分总数

DEFAULT_STEP = Decimal("0.5")  # docs/domain.md §4: judged items, step 0.5


def code_order(code: str) -> tuple[int, ...]:
    """The sort key that puts section, item and criterion codes in the rubric's order: the codes are positional, so
    their numbers order them ("1.2.1" before "1.10.1", which a string comparison puts first); a part that is not a
    number counts as 0."""
    return tuple(int(part) if part.isascii() and part.isdigit() else 0 for part in code.split("."))


@dataclass(frozen=True)
class Tier:
    points: Decimal
    label: str
    at_least: Decimal | None = None  # threshold on a quantity fact (e.g. hall area in m²)
    source: str | None = None


@dataclass(frozen=True)
class Level:
    """One level of a per-level criterion: fixed points per unit, or a range (``min``…``points`` on ``step``)."""

    name: str
    points: Decimal
    min: Decimal | None = None
    step: Decimal | None = None

    @property
    def ranged(self) -> bool:
        return self.min is not None


@dataclass(frozen=True)
class Criterion:
    code: str
    rule: str
    text: str
    points: Decimal
    basis: str | None = None
    source: str | None = None
    note: str | None = None
    fact: str | None = None
    tiers: tuple[Tier, ...] = ()
    unit_points: Decimal | None = None
    max_units: int | None = None
    levels: tuple[Level, ...] = ()
    per_missing: Decimal | None = None
    min: Decimal | None = None
    step: Decimal | None = None
    effect: str | None = None

    def level(self, name: str) -> Level | None:
        return next((lv for lv in self.levels if lv.name == name), None)


@dataclass(frozen=True)
class Item:
    code: str
    title: str
    points: Decimal
    source: str
    criteria: tuple[Criterion, ...]
    label: str | None = None
    basis: str | None = None
    note: str | None = None
    capped: bool = False


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    role: str
    points: Decimal | None  # None for a deduction section
    source: str
    items: tuple[Item, ...]
    capped: bool = False
    limit: str | None = None
    note: str | None = None

    @property
    def max(self) -> Decimal:
        """The most this section can add to the total: its points, or 0 for a deduction section."""
        return ZERO if self.role == DEDUCTION or self.points is None else self.points


@dataclass(frozen=True)
class Band:
    label: str
    min: Decimal | None = None  # None: the last, open band
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Part:
    title: str
    sections: tuple[str, ...]
    points: Decimal
    source: str | None = None


@dataclass(frozen=True)
class RankingGroup:
    name: str
    members: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class RankingRule:
    excellent: str
    within: str | None = None
    groups: tuple[RankingGroup, ...] = ()
    max_share: Decimal | None = None
    max_count: int | None = None
    demote_to: str | None = None
    source: str | None = None
    note: str | None = None

    def group_of(self, member: str) -> str | None:
        """The group a named subject is listed in (e.g. 锦江区 → 第一圈), or None."""
        return next((g.name for g in self.groups if member in g.members), None)


@dataclass(frozen=True)
class Rubric:
    code: str
    version: int
    title: str
    subjects: tuple[str, ...]
    source: str
    points: Decimal
    sections: tuple[Section, ...]
    bands: tuple[Band, ...] = ()
    veto_band: str | None = None
    parts: tuple[Part, ...] = ()
    ranking: RankingRule | None = None
    note: str | None = None

    def iter_items(self) -> Iterator[tuple[Section, Item]]:
        for section in self.sections:
            for item in section.items:
                yield section, item

    def iter_criteria(self) -> Iterator[tuple[Section, Item, Criterion]]:
        for section, item in self.iter_items():
            for criterion in item.criteria:
                yield section, item, criterion

    def criterion(self, code: str) -> Criterion | None:
        return next((c for _, _, c in self.iter_criteria() if c.code == code), None)

    def section(self, code: str) -> Section | None:
        return next((s for s in self.sections if s.code == code), None)

    def band_for(self, total: Decimal) -> str | None:
        """The band a total falls in ("N以上" includes N, D2); None when the rubric has no bands."""
        for band in self.bands:
            if band.min is None or total >= band.min:
                return band.label
        return None
