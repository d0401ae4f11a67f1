"""Ledger schemes: the deduction and bonus rules a staff member (or a window) is scored by, as frozen dataclasses.

``scoring.ledger.loader`` reads and validates a fixture (docs/schemes.md) into these; the engine scores events by
them. A scheme is versioned by ``code`` + integer ``version``; ``content_hash`` fingerprints its content (D8).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scoring.checker import num

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
POSTS = {"centre_window": "便民服务中心窗口", "station": "村（社区）便民服务站"}
ONCE_PER = ("deed", "year")


@dataclass(frozen=True)
class Cap:
    """At most ``max`` points within each window ``per`` (a calendar unit, ``deed``, or ``period`` = D15)."""

    max: Decimal
    per: str
    note: str = ""

    def describe(self) -> str:
        return f"{UNIT_TEXT[self.per]}最多 {num(self.max)} 分"


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
            implicit = Cap(self.max, self.max_per, f"「{self.title}」满分 {num(self.max)} 分，扣完为止（D7）")
        else:
            implicit = Cap(self.max, self.max_per, f"「{self.title}」最多 {num(self.max)} 分")
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
