"""Period scores from database rows, by the engine's rules (docs/schemes.md §9).

* ``period_scores(people, period)`` — many staff at once (the board, exports, the province benchmark): computed by
  the database (``staff_scoring.setscores``, §9.2) in two queries whatever the number of staff and events; a staff
  member the translation cannot score exactly (an event the version refuses, one recorded under the other post's
  scheme) goes to ``_score_by_engine``. ``score_staff`` is the same with the Staff instances.
* ``_score_by_engine(people, period)`` — the engine with the database's help (§9.1): the plain rules' events of
  the period summed (``GROUP BY staff, rule, aggravated, points, level`` → ``PlainTotal``), the windowed rules'
  events of the year fetched one by one; also the path of a scheme ``setscores`` does not translate.
* ``score_one(staff, period)`` — one staff member with every event passed individually, so each line of the result
  names its event (``line.event.id`` is the ``StaffEvent`` pk): the staff member's own page.

All give the same score, grade and flags as feeding every event to the engine (tests/staff_scoring/
test_scoring_random.py, test_scoring.py). Only active events count: a revoked event stops counting everywhere.

It stays one module though over 500 lines: the three paths must agree to the cent, and they are kept in step by
reading them side by side (the database translation itself is already apart, in ``setscores``).
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from centers.choices import PostType
from centers.models import Staff
from scoring.ledger import (
    Event,
    EventError,
    Flag,
    FlagRow,
    LedgerError,
    Period,
    PeriodResult,
    PlainTotal,
    Scheme,
    flags_of,
    grade_of,
    parse_period,
    score_period,
    windowed_rule_codes,
)
from scoring.ledger.periods import month_end
from staff_scoring import kept, setscores
from staff_scoring.models import EventStatus, SchemeVersion, StaffEvent
from staff_scoring.periods import last_months
from staff_scoring.schemes import POST_OF, published_staff_versions, scheme_of, version_in_force
from staff_scoring.setscores import Row
from staff_scoring.setscores.sql import ids_in

EVENT_FIELDS = ("id", "staff_id", "date", "rule", "occurrences", "days", "level", "aggravated", "points", "deed",
                "refers_to")


@dataclass(frozen=True)
class StaffScore:
    """A staff member's score for one period. ``score`` is None when no scheme applies (see ``problems``).
    ``result`` (with per-event lines) is set by ``score_one`` only."""

    staff: Staff
    period: Period
    version: SchemeVersion | None
    score: Decimal | None = None
    deductions: Decimal = Decimal(0)
    bonus: Decimal = Decimal(0)
    grade: str | None = None
    grade_note: str = ""
    flags: tuple[Flag, ...] = ()
    problems: tuple[str, ...] = ()
    result: PeriodResult | None = field(default=None, compare=False)

    @property
    def flag_texts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(flag.text for flag in self.flags))

    @property
    def top_grade(self) -> str | None:
        """The best band of the staff member's grade table (优秀)."""
        if self.version is None:
            return None
        bands = scheme_of(self.version).bands_for(self.staff.category)
        return bands[0].label if bands else None

    @property
    def excellent(self) -> bool:
        """Eligible for 优秀 in this period: the grade is the top band (the annual grade is already capped by a
        取消年度评优资格 flag, docs/schemes.md §7.3)."""
        return self.grade is not None and self.grade == self.top_grade


def _period(period: Period | str) -> Period:
    return parse_period(period) if isinstance(period, str) else period


def to_event(row: StaffEvent | Sequence) -> Event:
    """A stored event (model instance or an ``EVENT_FIELDS`` tuple) as the engine's ``Event``; ``id`` = pk."""
    if isinstance(row, StaffEvent):
        pk, day, rule, occ, days, level, agg, points, deed, refers = (
            row.pk, row.date, row.rule, row.occurrences, row.days, row.level, row.aggravated, row.points,
            row.deed, row.refers_to)
    else:
        pk, _staff, day, rule, occ, days, level, agg, points, deed, refers = row
    return Event(date=day, rule=rule, occurrences=occ, days=days, level=level or None, aggravated=agg,
                 points=points, deed=deed or None, id=pk, refers_to=refers or None)


def deed_rule_codes(scheme: Scheme) -> frozenset[str]:
    """Rules whose window is a deed (once per deed, D17, or a per-deed cap, B3): a deed may span years."""
    return frozenset(code for code, rule in scheme.rules.items()
                     if rule.once_per == "deed" or any(cap.per == "deed" for cap in rule.caps))


def _year_windowed_filter(period: Period, scheme: Scheme) -> Q:
    """The scheme's windowed rules' events of the period's calendar year."""
    start, end = period.start.replace(month=1, day=1), period.start.replace(month=12, day=31)
    return Q(date__gte=start, date__lte=end, rule__in=sorted(windowed_rule_codes(scheme)))


def _carried(active: QuerySet, year: int, rows: Iterable[tuple], deed_rules) -> list[tuple]:
    """Events of earlier years of the deeds named in ``rows`` — the year's events (a deed may span years: D17, B3).

    ``deed_rules(staff_id)`` gives the once-per-deed and per-deed-capped rule codes for that person. Two steps
    instead of one ``EXISTS`` over the year: the deeds named are read off the year's rows already fetched, and only
    when there are some are earlier events asked for, by staff, rule and deed (the ``EXISTS`` form led PostgreSQL to
    intersect the rule index over every year before: 25 ms for a centre's board that carried nothing)."""
    named = {(row[1], row[3], row[9]) for row in rows if row[9] and row[3] in deed_rules(row[1])}
    if not named:
        return []
    earlier = (active.filter(date__lt=dt.date(year, 1, 1), staff_id__in={s for s, _r, _d in named},
                             rule__in=sorted({r for _s, r, _d in named}), deed__in=sorted({d for _s, _r, d in named}))
               .order_by("date", "id").values_list(*EVENT_FIELDS))
    return [row for row in earlier if (row[1], row[3], row[9]) in named]


def flag_rule_codes(scheme: Scheme) -> frozenset[str]:
    """Rules whose events may raise a yearly flag: consequences, aggravated consequences, thresholds, references."""
    return frozenset(code for code, rule in scheme.rules.items()
                     if rule.consequences or rule.thresholds or rule.refers
                     or (rule.aggravated is not None and rule.aggravated.consequences))


@dataclass(frozen=True)
class _Touch:
    """Whether a staff member's windowed events can change ``period`` under ``scheme``: one of them is dated in the
    period, credited to it (D16: awards on 31 December), or may raise a flag in the period's year.

    A staff member with none of these gets exactly the engine's result from the plain totals alone: windowed events
    outside the period put no line in it, only flag rules raise flags, and a plain rule's points never depend on
    other events (a rule under any windowed cap is windowed itself). Their events are left out, so the engine run
    is shared by everyone with the same totals.
    """

    period: Period
    year_rules: frozenset[str]

    @classmethod
    def of(cls, period: Period, scheme: Scheme) -> _Touch:
        credited = {code for code, rule in scheme.rules.items() if rule.once_per == "year" and rule.credit_month
                    and period.start <= month_end(period.start, rule.credit_month) <= period.end}
        return cls(period, flag_rule_codes(scheme) | frozenset(credited))

    def __call__(self, rows: Iterable[Sequence]) -> bool:
        period = self.period
        for row in rows:
            day = row[2]
            if period.start <= day <= period.end or (day.year == period.year and row[3] in self.year_rules):
                return True
        return False


# The staff of each post (centers.choices.PostType), for conditions that differ by the post's scheme.
POST_Q = {PostType.CENTRE: Q(staff__centre__isnull=False), PostType.STATION: Q(staff__station__isnull=False)}


def _per_post(by_post: dict[str, SchemeVersion | None], build) -> Q:
    """``build(scheme)`` for each post's scheme, each limited to the staff of that post, OR-ed into one condition.
    When one scheme serves every post the condition needs no join to the staff table."""
    versions = {post: v for post, v in by_post.items() if v is not None}
    if len(versions) == len(POST_OF) and len({v.pk for v in versions.values()}) == 1:
        return build(scheme_of(next(iter(versions.values()))))
    parts = [POST_Q[post] & build(scheme_of(version)) for post, version in versions.items()]
    return reduce(operator.or_, parts)


def _staff_filter(people) -> Q:
    if isinstance(people, QuerySet):
        if not people.query.where:  # every staff member: no filter at all (the province benchmark)
            return Q()
        return Q(staff__in=people.order_by().values("pk"))
    return Q(staff_id__in=[p.pk for p in people])


def score_staff(people: QuerySet | Sequence[Staff], period: Period | str, *,
                versions: Sequence[SchemeVersion] | None = None,
                year: YearRows | None = None) -> dict[int, StaffScore]:
    """Scores of many staff for one period, by staff pk, in a fixed number of queries: ``period_scores`` with the
    Staff instances (``people`` is a Staff queryset or a list of Staff)."""
    period = _period(period)
    if versions is None:
        versions = published_staff_versions()
    staff_list = list(people)
    everyone = isinstance(people, QuerySet) and not people.query.where
    rows = period_scores(people if everyone else staff_list, period, versions=versions, year=year)
    by_pk = {v.pk: v for v in versions}
    result = {}
    for person in staff_list:
        row = rows[person.pk]
        result[person.pk] = StaffScore(
            staff=person, period=period, version=by_pk.get(row.version_id), score=row.score,
            deductions=row.deductions, bonus=row.bonus, grade=row.grade, grade_note=row.grade_note,
            flags=row.flags, problems=row.problems)
    return result


NO_SCHEME = ("尚未发布适用于该岗位的计分方案",)
POST_SQL = {PostType.CENTRE: "s.centre_id IS NOT NULL", PostType.STATION: "s.centre_id IS NULL"}


# Below this many staff the engine with the database's help (``_score_by_engine``) is as fast or faster: the
# set-based statements cost a fixed ~0.1 s to plan. Measured at province scale: a centre's 70 staff 0.02 s (engine)
# against 0.13 s (set-based); a county's 1,400 staff 0.31 s either way (docs/performance.md).
SET_BASED_FROM = 2000

# The totals statement sorts and groups the period's events per staff member: at a province's size (400,000 events
# a month, 5,000,000 a year) PostgreSQL's default 4 MB of sort memory sends its sorts to disk. The statements of
# ``period_scores`` get more, for their own transaction only (``SET LOCAL``; inside a caller's transaction, until it
# ends); the benchmark's bare GROUP BY runs with the same (bench/ledger_bench.py).
SORT_MEMORY = "32MB"


@contextmanager
def sort_memory() -> Iterator[None]:
    """A transaction whose statements may use ``SORT_MEMORY`` per sort on PostgreSQL (elsewhere: nothing)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [SORT_MEMORY])
        yield


def period_scores(people: QuerySet | Sequence[Staff], period: Period | str, *,
                  versions: Sequence[SchemeVersion] | None = None, stats: dict | None = None,
                  method: str = "auto", year: YearRows | None = None) -> dict[int, Row]:
    """Every staff member's score, grade and flags for ``period``, by staff pk. ``people``: a Staff queryset
    (unfiltered = every staff member) or a list of Staff. ``stats`` receives timings (the benchmark).

    ``method`` "sql": computed by the database (``staff_scoring.setscores``) in two queries whatever the number of
    staff and events, plus the engine for the rare staff member the translation cannot score exactly; "engine":
    ``_score_by_engine``; "auto": the engine below SET_BASED_FROM staff, else the database. Both give the
    engine's results (tests/staff_scoring/test_scoring_random.py)."""
    if method not in ("auto", "sql", "engine"):
        raise ValueError(f"method: auto, sql or engine, not {method!r}")
    clock = time.perf_counter
    began = clock()
    period = _period(period)
    if versions is None:
        versions = published_staff_versions()
    by_post = {post: version_in_force(versions, post, period.end) for post in POST_OF}
    posts = [setscores.Post(post, POST_SQL[post], v.pk, scheme_of(v), tuple(o.pk for o in versions if o.code == v.code))
             for post, v in by_post.items() if v is not None]
    staff_in = None  # every staff member (the province): no filter at all
    ids: list[int] = []
    if not isinstance(people, QuerySet) or people.query.where:
        # A list of ids lets the database read these staff members' events by index (a subquery would not).
        ids = list(people.values_list("pk", flat=True)) if isinstance(people, QuerySet) else [p.pk for p in people]
        if not ids:
            return {}
        staff_in = ids_in(ids)
    small = staff_in is not None and len(ids) < SET_BASED_FROM
    if (method == "engine" or (method == "auto" and small) or not posts
            or any(setscores.unsupported(p.scheme) for p in posts)):
        scored = _score_by_engine(list(people), period, versions=versions, year=year)
        rows = {pk: _row(score) for pk, score in scored.items()}
        if stats is not None:
            stats.update(path="engine", t_total=clock() - began)
        return rows

    builder = setscores.Builder(posts, period, staff_in)
    with sort_memory(), connection.cursor() as cursor:  # (no JIT on PostgreSQL: config/settings.py)
        if kept.enabled():  # the totals kept from an earlier call, while each staff member's events are unchanged
            totals, computed = kept.totals(cursor, posts, period, None if staff_in is None else ids)
        else:
            cursor.execute(*builder.totals(staff_in).args())
            totals = cursor.fetchall()
            computed = len(totals)
        summed = clock()
        cursor.execute(*builder.flag_rows().args())
        flag_rows = cursor.fetchall()
    fetched = clock()

    plans = {}  # post (1 centre, 0 station) → (post, base, bonus cap, floor) in tenths
    for p in posts:
        cap = p.scheme.bonus_cap
        plans[1 if p.post == PostType.CENTRE else 0] = (
            p, setscores.tenths(p.scheme.base), setscores.tenths(cap.max) if cap else setscores.INFINITE,
            None if p.scheme.floor is None else setscores.tenths(p.scheme.floor))

    # Flags: the few events that can raise one, through the engine's own flags_of.
    bad: set[int] = set()
    raised: dict[int, list[FlagRow]] = defaultdict(list)
    for staff_id, centre, day, rule, refers_to, aggravated, n, pts in flag_rows:
        if pts is None:
            bad.add(staff_id)
            continue
        scheme = plans[centre][0].scheme
        scored_as = refers_to if scheme.rules[rule].refers else rule
        if isinstance(day, str):
            day = dt.date.fromisoformat(day)
        raised[staff_id].append(FlagRow(day, rule, scored_as, bool(aggravated), int(n)))

    decimals: dict[int, Decimal] = {}

    def dec(t: int) -> Decimal:
        value = decimals.get(t)
        if value is None:
            value = decimals[t] = Decimal(t).scaleb(-1).normalize() if t % 10 else Decimal(t // 10)
        return value

    def make(centre: int, category: str, ded: int, bon: int, flags: tuple[Flag, ...]) -> Row | None:
        """The row of a staff member whose events all fit (None: the engine must score them)."""
        plan = plans.get(centre)
        if plan is None:
            return Row(None, None, Decimal(0), Decimal(0), None, "", (), NO_SCHEME)
        p, base, cap, floor = plan
        if p.scheme.grades and p.scheme.bands_for(category) is None:
            return None  # a category the scheme does not grade: the engine says so
        bon = min(cap, bon)
        score = base - ded + bon
        if floor is not None and score < floor:
            score = floor
        grade, note = grade_of(p.scheme, category, dec(score), period, flags) if p.scheme.grades else (None, "")
        return Row(p.version_id, dec(score), dec(ded), dec(bon), grade, note, flags, ())

    # Staff with the same numbers share a row: a province has a few thousand distinct ones.
    year = period.kind == "year"
    categories = builder.categories() + [""] * (setscores.OTHER + 1)  # "": a category no scheme in play grades
    keys: dict[int, int] = dict(totals)
    shared: dict[int, Row | None] = {}
    for sig in set(keys.values()):
        engine, centre, category, ded, bon = setscores.signature(sig)
        shared[sig] = None if engine else make(centre, categories[category], ded, bon, ())
    result: dict[int, Row] = {staff_id: shared[sig] for staff_id, sig in keys.items()}  # type: ignore[misc]
    engine_ids = [staff_id for staff_id, row in result.items() if row is None]
    for staff_id in bad.union(raised).intersection(keys):
        sig = keys[staff_id]
        if shared[sig] is None:
            continue  # already with the engine
        if staff_id in bad:
            engine_ids.append(staff_id)
            continue
        _engine, centre, category, ded, bon = setscores.signature(sig)
        plan = plans.get(centre)
        flags = tuple(flags_of(plan[0].scheme, raised[staff_id])) if plan else ()
        if not flags:
            continue
        if year and any(flag.blocks_top_grade for flag in flags):  # the annual grade may drop a band (§5.4)
            result[staff_id] = make(centre, categories[category], ded, bon, flags)  # type: ignore[assignment]
        else:
            result[staff_id] = shared[sig]._replace(flags=flags)  # type: ignore[union-attr]
    for staff_id in engine_ids:
        del result[staff_id]
    staff_count = len(keys)
    if engine_ids:
        staff_list = list(Staff.objects.filter(pk__in=engine_ids))
        for pk, score in _score_by_engine(staff_list, period, versions=versions).items():
            result[pk] = _row(score)
    if stats is not None:
        stats.update(path="sql", staff=staff_count, computed=computed, distinct=len(shared), flag_events=len(flag_rows),
                     staff_by_engine=len(engine_ids), t_sql=summed - began, t_flags=fetched - summed,
                     t_python=clock() - fetched, t_total=clock() - began)
    return result


def _row(score: StaffScore) -> Row:
    return Row(score.version.pk if score.version else None, score.score, score.deductions, score.bonus, score.grade,
               score.grade_note, score.flags, score.problems)


def _score_by_engine(people: Sequence[Staff], period: Period | str, *,
                     versions: Sequence[SchemeVersion] | None = None,
                     year: YearRows | None = None) -> dict[int, StaffScore]:
    """Scores of many staff by the engine: plain totals from the database, windowed events one by one (the
    reference ``period_scores`` is checked against, and the path for what ``setscores`` does not translate).

    ``people`` is a Staff queryset (used as a subquery) or a list of Staff; ``versions`` the published versions if
    the caller has them already (``published_staff_versions()``); ``year`` the year's events already read
    (``year_rows``), used when the period lies in that year under the same schemes.
    """
    period = _period(period)
    if versions is None:
        versions = published_staff_versions()
    staff_list = list(people)
    by_post = {post: version_in_force(versions, post, period.end) for post in POST_OF}
    in_play = [v for v in dict.fromkeys(by_post.values()) if v is not None]
    result: dict[int, StaffScore] = {}
    if not in_play:
        for person in staff_list:
            result[person.pk] = StaffScore(person, period, None, problems=NO_SCHEME)
        return result
    schemes = {v.pk: scheme_of(v) for v in in_play}

    active = StaffEvent.objects.filter(_staff_filter(people), status=EventStatus.ACTIVE)
    totals: dict[int, list[PlainTotal]] = defaultdict(list)
    raw: dict[int, list[tuple]] = defaultdict(list)
    carries = any(deed_rule_codes(s) for s in schemes.values())
    post_of = {person.pk: person.post_type for person in staff_list}
    if year is not None and (year.year != period.year or year.versions != _in_force_key(by_post)):
        year = None  # another year, or other schemes in force: the period is read on its own
    if year is None and _whole_year(period):
        year = _read_year(active, period.year, by_post, schemes, carries)  # a calendar year: read once
    if year is not None:
        _split_year(year, period, by_post, schemes, staff_list, totals, raw)
    else:
        # Plain rules: summed by the database for the period (docs/schemes.md §9).
        plain_rows = (
            active.filter(_per_post(by_post, lambda s: ~Q(rule__in=sorted(windowed_rule_codes(s)))),
                          date__gte=period.start, date__lte=period.end)
            .values_list("staff_id", "rule", "aggravated", "points", "level")
            .annotate(n=Sum("occurrences"), d=Sum("days")).order_by()
        )
        for staff_id, rule, aggravated, points, level, n, d in plain_rows:
            totals[staff_id].append(PlainTotal(rule, occurrences=n or 0, days=d, points=points,
                                               aggravated=aggravated, level=level or None))
        # Windowed rules: the events of the year (and earlier events of the same deeds), one by one; kept only for
        # the staff whose period they can change (_Touch).
        windowed = list(active.filter(_per_post(by_post, lambda s: _year_windowed_filter(period, s)))
                        .order_by("date", "id").values_list(*EVENT_FIELDS))
        post_deeds = {post: deed_rule_codes(schemes[v.pk]) for post, v in by_post.items() if v is not None}
        carry = _carried(active, period.year, windowed,
                         lambda staff_id: post_deeds.get(post_of.get(staff_id), ())) if carries else []
        for row in carry + windowed:
            raw[row[1]].append(row)
    touches = {post: _Touch.of(period, schemes[v.pk]) for post, v in by_post.items() if v is not None}
    events: dict[int, list[Event]] = {}
    for staff_id, rows in raw.items():
        touch = touches.get(post_of.get(staff_id))
        if touch is not None and touch(rows):
            events[staff_id] = [to_event(row) for row in rows]

    memo: dict[tuple, tuple] = {}
    for person in staff_list:
        version = by_post[person.post_type]
        if version is None:
            result[person.pk] = StaffScore(person, period, None, problems=NO_SCHEME)
            continue
        own_totals = sorted(totals.get(person.pk, ()), key=_total_key)
        own_events = events.get(person.pk, [])
        key = (version.pk, person.category, tuple(own_totals), tuple(_event_key(e) for e in own_events))
        if key not in memo:
            memo[key] = _run(schemes[version.pk], version, person.category, own_events, period, own_totals)
        outcome, problems = memo[key]
        result[person.pk] = _staff_score(person, period, version, outcome, problems, keep_result=False)
    return result


def _whole_year(period: Period) -> bool:
    return period.start == dt.date(period.year, 1, 1) and period.end == dt.date(period.year, 12, 31)


@dataclass(frozen=True)
class YearRows:
    """A calendar year's active events of some staff (and earlier events of the deeds named that year), read once
    under the schemes in force at the year's end: every period of the year the same schemes score is split from
    them (``year_rows``; the annual summary scores the year and its four quarters from one read)."""

    year: int
    versions: tuple[int | None, ...]
    rows: tuple[tuple, ...]


def _in_force_key(by_post: dict) -> tuple[int | None, ...]:
    return tuple(by_post[post].pk if by_post[post] is not None else None for post in POST_OF)


def _read_year(active, year: int, by_post: dict, schemes: dict, carries: bool) -> YearRows:
    whole = parse_period(str(year))
    rows = list(active.filter(date__gte=whole.start, date__lte=whole.end).order_by("date", "id")
                .values_list(*EVENT_FIELDS))
    if carries:
        codes = frozenset().union(*(deed_rule_codes(scheme) for scheme in schemes.values()))
        rows = _carried(active, year, rows, lambda _staff_id: codes) + rows
    return YearRows(year, _in_force_key(by_post), tuple(rows))


def year_rows(people: Sequence[Staff], year: int, *, versions: Sequence[SchemeVersion] | None = None) -> YearRows:
    """The one read of ``people``'s events of ``year`` that ``score_staff(..., year_rows=…)`` scores any period of
    that year from (when the same schemes are in force; otherwise the period is read on its own)."""
    if versions is None:
        versions = published_staff_versions()
    end = dt.date(year, 12, 31)
    by_post = {post: version_in_force(versions, post, end) for post in POST_OF}
    schemes = {v.pk: scheme_of(v) for v in by_post.values() if v is not None}
    active = StaffEvent.objects.filter(_staff_filter(people), status=EventStatus.ACTIVE)
    return _read_year(active, year, by_post, schemes, any(deed_rule_codes(s) for s in schemes.values()))


def _split_year(year: YearRows, period: Period, by_post: dict, schemes: dict, staff_list: Sequence[Staff],
                totals: dict[int, list[PlainTotal]], raw: dict[int, list[tuple]]) -> None:
    """From the year's rows: windowed rules' events (the whole year and the carried deeds) into ``raw``, the period's
    plain rules' events summed into ``totals`` by (rule, aggravated, points, level) like the GROUP BY of the other
    path (NULL occurrences and days are skipped, as SUM does)."""
    first = dt.date(year.year, 1, 1)
    post_of = {person.pk: person.post_type for person in staff_list}
    windowed = {post: windowed_rule_codes(schemes[v.pk]) for post, v in by_post.items() if v is not None}
    deeds = {post: deed_rule_codes(schemes[v.pk]) for post, v in by_post.items() if v is not None}
    sums: dict[int, dict[tuple, list]] = defaultdict(dict)
    for row in year.rows:
        _pk, staff_id, day, rule, occurrences, days, level, aggravated, points, deed, _refers = row
        codes = windowed.get(post_of.get(staff_id))
        if codes is None:
            continue  # not among the people scored, or no scheme for this post
        if day < first:  # an earlier year's event of a deed named this year
            if rule in deeds[post_of[staff_id]] and deed:
                raw[staff_id].append(row)
            continue
        if rule in codes:
            raw[staff_id].append(row)
            continue
        if not period.start <= day <= period.end:
            continue
        key = (rule, aggravated, points, level)
        total = sums[staff_id].setdefault(key, [None, None])
        if occurrences is not None:
            total[0] = (total[0] or 0) + occurrences
        if days is not None:
            total[1] = (total[1] or 0) + days
    for staff_id, groups in sums.items():
        totals[staff_id].extend(
            PlainTotal(rule, occurrences=n or 0, days=d, points=points, aggravated=aggravated, level=level or None)
            for (rule, aggravated, points, level), (n, d) in groups.items()
        )


def events_for_engine(staff: Staff, period: Period) -> list[StaffEvent]:
    """Every active event of the staff member the engine needs for ``period``: all of its calendar year, and earlier
    events of the deeds named that year (once-per-deed rules), ordered by date and pk."""
    return list(_events_of_years(staff, period.year, period.year))


def _events_of_years(staff: Staff, first: int, last: int):
    start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
    same_deed = StaffEvent.objects.filter(
        staff_id=OuterRef("staff_id"), rule=OuterRef("rule"), deed=OuterRef("deed"), status=EventStatus.ACTIVE,
        date__gte=start, date__lte=end,
    )
    return (
        StaffEvent.objects.filter(staff=staff, status=EventStatus.ACTIVE)
        .filter(Q(date__gte=start, date__lte=end) | (Q(date__lt=start) & ~Q(deed="") & Q(Exists(same_deed))))
        .order_by("date", "id")
    )


def score_one(staff: Staff, period: Period | str, *, versions: Sequence[SchemeVersion] | None = None,
              events: Sequence[StaffEvent] | None = None) -> StaffScore:
    """One staff member's score with per-event lines (``result.lines``; ``line.event.id`` is the StaffEvent pk)."""
    period = _period(period)
    if versions is None:
        versions = published_staff_versions()
    version = version_in_force(versions, staff.post_type, period.end)
    if version is None:
        return StaffScore(staff, period, None, problems=NO_SCHEME)
    if events is None:
        events = events_for_engine(staff, period)
    engine_events = [to_event(e) for e in events if e.date <= period.start.replace(month=12, day=31)]
    outcome, problems = _run(scheme_of(version), version, staff.category, engine_events, period, [])
    return _staff_score(staff, period, version, outcome, problems, keep_result=True)


def monthly_trend(staff: Staff, end: Period | str, months: int = 12,
                  versions: Sequence[SchemeVersion] | None = None) -> list[StaffScore]:
    """The scores of the ``months`` months ending with ``end``'s month (oldest first), from one events query."""
    end = _period(end)
    periods = last_months(end, months)
    if versions is None:
        versions = published_staff_versions()
    all_events = list(_events_of_years(staff, periods[0].year, periods[-1].year))
    by_year: dict[int, list[StaffEvent]] = {}
    for p in periods:
        if p.year not in by_year:
            by_year[p.year] = [e for e in all_events if e.date.year <= p.year]
    return [score_one(staff, p, versions=versions, events=by_year[p.year]) for p in periods]


# ---------------------------------------------------------------------------------------------------------------


def _total_key(total: PlainTotal) -> tuple:
    return (total.rule, total.aggravated, total.points or 0, total.level or "", total.occurrences, total.days or 0)


def _event_key(event: Event) -> tuple:
    return (event.date, event.rule, event.occurrences, event.days, event.level, event.aggravated, event.points,
            event.deed, event.refers_to)


_TOTAL_INDEX = re.compile(r"^totals\[(\d+)\]")


def _run(scheme: Scheme, version: SchemeVersion, category: str, events: list[Event], period: Period,
         totals: list[PlainTotal]) -> tuple[PeriodResult | None, tuple[str, ...]]:
    """``score_period``, leaving out (with a message) an event or total that does not fit the scoring version —
    possible only when a period is scored by another version than the one an event was recorded under."""
    events, totals, problems = list(events), list(totals), []
    for _ in range(len(events) + len(totals) + 1):
        try:
            return score_period(scheme, category, events, period, totals=totals), tuple(problems)
        except EventError as exc:
            if exc.index is None or not 0 <= exc.index < len(events):
                return None, (*problems, str(exc.message))
            bad = events.pop(exc.index)
            problems.append(f"{bad.date:%Y-%m-%d} 细则{bad.rule}的记录不适用于第 {version.version} 版方案，未计入：{exc.message}")
        except LedgerError as exc:
            match = _TOTAL_INDEX.match(str(exc))
            if not match or int(match[1]) >= len(totals):
                return None, (*problems, str(exc))
            bad_total = totals.pop(int(match[1]))
            problems.append(f"细则{bad_total.rule}的记录不适用于第 {version.version} 版方案，未计入：{exc}")
    return None, tuple(problems)


def _staff_score(person: Staff, period: Period, version: SchemeVersion, outcome: PeriodResult | None,
                 problems: tuple[str, ...], *, keep_result: bool) -> StaffScore:
    if outcome is None:
        return StaffScore(person, period, version, problems=problems)
    return StaffScore(
        staff=person, period=period, version=version, score=outcome.score, deductions=outcome.deductions,
        bonus=outcome.bonus, grade=outcome.grade, grade_note=outcome.grade_note, flags=outcome.flags,
        problems=problems, result=outcome if keep_result else None,
    )
