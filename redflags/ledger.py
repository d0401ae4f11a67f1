"""A window's month from database rows, through the pure engine (docs/schemes.md §10, docs/redflags.md §2).

The events the engine gets for one window and one month, in time order:

1. the active ``WindowEvent`` rows of the month (date, id order);
2. the items of the month's approved 附加分 declaration, dated on the month's last day (declared at month end);
3. the month's ratings from ``feedback`` (D18), computed, never stored as rows: verified 差 → rule ``10.差`` (−3
   each), 一般 → ``10.一般`` (−0.5 each), dated on the month's last day, with the count as occurrences.

The engine does the rest: categories from their maximum and never below 0 (D7), doubling repeats (D9), the 附加分
cap of 5 shared with the information bonuses (D12), severe items from the total and the month's eligibility (D13).

``month_ledger(centre, year, month)`` scores every window of a centre with a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from centers.models import ServiceCentre, Window
from feedback.selectors import RatingCounts, window_month_counts
from redflags.models import Declaration, DeclarationState, EventStatus, WindowEvent
from scoring.ledger import (
    CategoryScore,
    Event,
    EventError,
    EventLine,
    LedgerError,
    Period,
    PeriodResult,
    Rule,
    Scheme,
    parse_period,
    score_period,
    validate_event,
)
from scoring.ledger.periods import last_day as month_end  # noqa: F401 (year, month) → the month's last day
from staff_scoring.models import SchemeSubject, SchemeVersion
from staff_scoring.schemes import in_force, scheme_of

SCHEME_CODE = "shangyu-window"
RATING_RULES = {"bad": "10.差", "fair": "10.一般"}  # D18; computed from feedback, never recorded by hand
BONUS_CATEGORY = "A"
SEVERE_CATEGORY = "S"
NO_SCHEME = f"尚未发布窗口月考核方案（{SCHEME_CODE}）：请管理员在“考核细则”中上传并发布，或运行 manage.py load_fixtures"


class NoScheme(LookupError):
    pass


# ------------------------------------------------------------------------------------------------ scheme versions


def window_versions() -> list[SchemeVersion]:
    """The published versions of the window scheme (a handful of rows), oldest first."""
    return list(
        SchemeVersion.objects.filter(code=SCHEME_CODE, subject=SchemeSubject.WINDOW, published_at__isnull=False)
        .order_by("published_at", "pk")
    )




def current_version(day: dt.date) -> SchemeVersion:
    version = in_force(window_versions(), day)
    if version is None:
        raise NoScheme(NO_SCHEME)
    return version


def recordable_rules(scheme: Scheme) -> list[Rule]:
    """Rules a director records by hand: every deduction but the ratings (category 10 comes from feedback, D18), and
    the information bonuses with fixed points (9.extra, 9.adopted, D12). The judged 附加分 (A1–A13) are declared."""
    return [
        rule for rule in scheme.rules.values()
        if (rule.kind == "deduction" and rule.code not in RATING_RULES.values())
        or (rule.kind == "bonus" and rule.points_range is None)
    ]


def declarable_rules(scheme: Scheme) -> list[Rule]:
    """The 附加分 a window declares at month end: the bonus rules whose points are judged (A1–A13, 0.3—5)."""
    return [rule for rule in scheme.rules.values() if rule.kind == "bonus" and rule.points_range is not None]


def severe_rules(scheme: Scheme) -> frozenset[str]:
    """Rules whose events bar the window from the red flag (S1–S7, D13)."""
    return frozenset(
        code for code, rule in scheme.rules.items()
        if any(scheme.consequences[c].blocks_red_flag for c in rule.consequences)
    )


# A few rules of the window scheme are coded with a word after the item number (4.4.crash, 9.late, 10.差 …): the
# scheme file, the CLI and its JSON keep those codes; the pages show the item number, the category's title and a
# short name of the case instead ("9 信息管理·迟报", ``rule_label``). A code not listed here gets the first words of
# its rule's text.
CASE_NAMES = {
    "4.4.crash": "系统崩溃",
    "4.6.spread": "影响其他设备",
    "4.6.crash": "大面积瘫痪",
    "9.late": "迟报",
    "9.extra": "多报信息",
    "9.adopted": "简报录用",
    "10.差": "差评",
    "10.一般": "一般评价",
}
_ITEM_NUMBER = re.compile(r"^[A-Z]?\d+(?:\.\d+)*")


def _case_name(rule: Rule) -> str:
    if rule.code in CASE_NAMES:
        return CASE_NAMES[rule.code]
    clause = re.split(r"[,，;；]", rule.text, maxsplit=1)[0]
    clause = re.sub(r"的?[扣加][\d.]+分.*$", "", clause).removesuffix("的")
    return clause if len(clause) <= 10 else clause[:9] + "…"


def rule_label(scheme: Scheme, code: str) -> str:
    """How a page names a rule: its code when the code is an item number ("1.3", "S5", "A4"); for a code with a word
    in it, the item number, the title of the section it is numbered in (9.extra counts as 附加分 but is item 9,
    信息管理) and the case: "9.late" → "9 信息管理·迟报"."""
    rule = scheme.rules.get(code)
    number = _ITEM_NUMBER.match(code)
    if rule is None or number is None or number.group(0) == code:
        return code
    section = scheme.categories.get(number.group(0).split(".")[0]) or scheme.categories[rule.category]
    return f"{number.group(0)} {section.title}·{_case_name(rule)}"


def with_rule_labels(text: str, scheme: Scheme) -> str:
    """``text`` (an engine explanation, a problem) with every worded rule code replaced by its ``rule_label``:
    "细则9.late：0.5分/次" → "细则9 信息管理·迟报：0.5分/次"."""
    worded = sorted((code for code in scheme.rules if rule_label(scheme, code) != code), key=len, reverse=True)
    if not text or not worded:
        return text
    pattern = re.compile(r"(?<![0-9A-Za-z.])(" + "|".join(re.escape(code) for code in worded) + r")(?![0-9A-Za-z.])")
    return pattern.sub(lambda m: rule_label(scheme, m.group(1)), text)


# ------------------------------------------------------------------------------------------------ months


def month_period(year: int, month: int) -> Period:
    return parse_period(f"{year:04d}-{month:02d}")


@dataclass
class WindowMonth:
    """One window's month: the engine's result and where every line came from."""

    window: Window
    period: Period
    version: SchemeVersion
    result: PeriodResult
    ratings: RatingCounts
    events: list[WindowEvent]  # the active recorded events of the month
    declaration: Declaration | None  # the month's declaration, whatever its state
    problems: list[str] = field(default_factory=list)

    @property
    def score(self) -> Decimal:
        return self.result.score

    @property
    def eligible(self) -> bool:
        return self.result.eligible_red_flag

    @property
    def scheme(self) -> Scheme:
        return self.result.scheme

    @property
    def base_categories(self) -> list[CategoryScore]:
        """The ten categories scored from their maximum (D7)."""
        return [c for c in self.result.categories if c.kind == "deduction" and c.max is not None]

    def _category(self, code: str) -> CategoryScore | None:
        return next((c for c in self.result.categories if c.code == code), None)

    @property
    def bonus(self) -> Decimal:
        category = self._category(BONUS_CATEGORY)
        return category.counted if category else Decimal(0)

    @property
    def bonus_max(self) -> Decimal | None:
        category = self._category(BONUS_CATEGORY)
        return category.max if category else None

    @property
    def severe(self) -> Decimal:
        category = self._category(SEVERE_CATEGORY)
        return category.counted if category else Decimal(0)

    @property
    def base_score(self) -> Decimal:
        return sum((c.score for c in self.base_categories), Decimal(0))  # type: ignore[misc]

    def lines_of(self, category: str) -> list[EventLine]:
        return [line for line in self.result.lines if self.scheme.rules[line.scored_as].category == category]

    @property
    def severe_lines(self) -> list[EventLine]:
        return self.lines_of(SEVERE_CATEGORY)

    @property
    def bonus_lines(self) -> list[EventLine]:
        return self.lines_of(BONUS_CATEGORY)

    @property
    def block_reasons(self) -> list[str]:
        return [f"{flag.text}：{flag.why}" for flag in self.result.flags if flag.blocks_red_flag
                and flag.date in self.period]

    def categories_json(self) -> list[dict]:
        return [{"code": c.code, "title": c.title, "score": str(c.score), "max": str(c.max)}
                for c in self.base_categories]


@dataclass
class MonthLedger:
    centre: ServiceCentre
    period: Period
    version: SchemeVersion
    windows: list[WindowMonth]

    @property
    def year(self) -> int:
        return self.period.start.year

    @property
    def month(self) -> int:
        return self.period.start.month


def engine_events(
    events: Iterable[WindowEvent], declaration: Declaration | None, ratings: RatingCounts, period: Period
) -> list[Event]:
    """The engine's events for one window and one month, in the order of the module docstring."""
    result = [
        Event(date=e.date, rule=e.rule, occurrences=e.occurrences, points=e.points, id=f"event:{e.pk}", note=e.note)
        for e in sorted(events, key=lambda e: (e.date, e.pk))
    ]
    if declaration is not None and declaration.state == DeclarationState.APPROVED:
        result += [
            Event(date=period.end, rule=item.rule, points=item.points, id=f"bonus:{item.pk}", note=item.reason)
            for item in declaration.items.all()
        ]
    if ratings.bad_verified:
        result.append(Event(date=period.end, rule=RATING_RULES["bad"], occurrences=ratings.bad_verified,
                            id="rating:bad", note=f"好差评：核实属实的差评 {ratings.bad_verified} 个"))
    if ratings.fair:
        result.append(Event(date=period.end, rule=RATING_RULES["fair"], occurrences=ratings.fair,
                            id="rating:fair", note=f"好差评：基本满意（一般）{ratings.fair} 个"))
    return result


def score_window(window: Window, version: SchemeVersion, period: Period, events: Iterable[WindowEvent],
                 declaration: Declaration | None, ratings: RatingCounts) -> WindowMonth:
    """Score one window's month. An event that does not fit the scoring version (recorded under another one) is left
    out with a message, never a crash."""
    scheme = scheme_of(version)
    events = list(events)
    valid, problems = [], []
    for event in engine_events(events, declaration, ratings, period):
        try:
            validate_event(scheme, event)
        except EventError as exc:
            problems.append(f"{event.date:%Y-%m-%d} 细则{event.rule}：{exc.message}（按第{version.version}版方案不计）")
            continue
        valid.append(event)
    try:
        result = score_period(scheme, None, valid, period)
    except LedgerError as exc:  # pragma: no cover - every event was validated above
        problems.append(str(exc))
        result = score_period(scheme, None, [], period)
    return WindowMonth(window, period, version, result, ratings, events, declaration, problems)


def month_ledger(centre: ServiceCentre, year: int, month: int, windows: Sequence[Window] | None = None) -> MonthLedger:
    """Every window of ``centre`` (the active ones unless ``windows`` is given) scored for the month.

    Queries: the scheme versions, the windows, the month's events, the declarations and their items, the ratings —
    the same number whatever the number of windows. Raises ``NoScheme`` when no window scheme is published.
    """
    period = month_period(year, month)
    version = in_force(window_versions(), period.end)
    if version is None:
        raise NoScheme(NO_SCHEME)
    if windows is None:
        windows = list(Window.objects.filter(centre=centre, active=True).order_by("number", "pk"))
    ids = [w.pk for w in windows]
    events: dict[int, list[WindowEvent]] = defaultdict(list)
    for event in WindowEvent.objects.filter(
        window_id__in=ids, status=EventStatus.ACTIVE, date__gte=period.start, date__lte=period.end
    ).order_by("date", "pk"):
        events[event.window_id].append(event)
    declarations = {
        d.window_id: d
        for d in Declaration.objects.filter(window_id__in=ids, year=year, month=month).prefetch_related("items")
    }
    ratings = window_month_counts(year, month, ids) if ids else {}
    results = [
        score_window(w, version, period, events[w.pk], declarations.get(w.pk), ratings.get(w.pk, RatingCounts()))
        for w in windows
    ]
    return MonthLedger(centre, period, version, results)


def barred_in_year(window_ids: Iterable[int], year: int, scheme: Scheme) -> dict[int, list[int]]:
    """Per window, the months of ``year`` with an active severe event (S1–S7, D13): one query."""
    codes = sorted(severe_rules(scheme))
    rows = WindowEvent.objects.filter(
        window_id__in=list(window_ids), status=EventStatus.ACTIVE, rule__in=codes,
        date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31),
    ).values_list("window_id", "date")
    result: dict[int, list[int]] = defaultdict(list)
    for window_id, day in rows:
        if day.month not in result[window_id]:
            result[window_id].append(day.month)
    return {k: sorted(v) for k, v in result.items()}
