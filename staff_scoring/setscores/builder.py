"""The statements of one scoring run (``Builder``): the period's totals per staff member in one statement, and the
year's flag-raising events for the engine's ``flags_of``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from scoring.ledger import Flag, Period, Rule, Scheme
from scoring.ledger.periods import MONTHS_IN, month_end
from staff_scoring.setscores.rules import (
    INFINITE,
    _cap_chain,
    _flag_keep,
    _mode,
    _window_sql,
    count_sql,
    fast_points,
    points_sql,
)
from staff_scoring.setscores.sql import EVENTS, STAFF, Sql, _case, _in, _least, _p

SIG_BITS = 26  # deductions and bonus (tenths) in a signature; beyond 6.7 million points the engine scores it
OTHER = 15  # the category index of a category no scheme in play grades


def signature(sig: int) -> tuple[bool, int, int, int, int]:
    """(refer to the engine, post (1 centre, 0 station), category index, deductions, bonus) from the integer
    ``Builder.totals`` gives each staff member: 1 bit, 1 bit, 4 bits, then two fields of SIG_BITS."""
    mask = 2**SIG_BITS - 1
    return bool(sig & 1), (sig >> 1) & 1, (sig >> 2) & 15, (sig >> 6) & mask, (sig >> (6 + SIG_BITS)) & mask


class Row(NamedTuple):
    """A staff member's period score from ``period_scores`` (the numbers of ``StaffScore``, without the model;
    staff with the same numbers share one row)."""

    version_id: int | None
    score: Decimal | None
    deductions: Decimal
    bonus: Decimal
    grade: str | None
    grade_note: str
    flags: tuple[Flag, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Post:
    """A post type in play: its scheme, and the SQL condition on the staff table (alias ``s``) selecting its staff."""

    post: str
    condition: str
    version_id: int
    scheme: Scheme
    family: tuple[int, ...] = ()  # the versions of the same scheme (code): the events recorded for this post

    @property
    def recorded(self) -> str:
        """The event ``e`` was recorded under this post's scheme (any version of it)."""
        return f"e.scheme_version_id IN ({', '.join(str(pk) for pk in self.family) or 'NULL'})"


class Builder:
    """The SQL of one scoring run: ``posts`` in play, the period, and the staff filter on ``e.staff_id``."""

    def __init__(self, posts: list[Post], period: Period, staff_in: Sql | None):
        self.posts = posts
        self.period = period
        self.staff_in = staff_in  # "IN (…)" applied to a staff id column, or None for every staff member
        self.y0, self.y1 = dt.date(period.year, 1, 1), dt.date(period.year, 12, 31)
        self.shared = len({p.version_id for p in posts}) == 1  # one scheme for every post in play: no join
        self.by_recorded = False  # by_post picks the scheme an event was recorded under, not the staff's post

    # -- helpers ------------------------------------------------------------------------------------------------

    def by_post(self, build: Callable[[Scheme], Sql], default: str = "NULL") -> Sql:
        """``build(scheme)``, chosen by the staff member's post (``s``) when the posts' schemes give different SQL."""
        built = [build(p.scheme) for p in (self.posts[:1] if self.shared else self.posts)]
        if len(set(built)) == 1:
            return built[0]
        out = Sql("CASE")
        for p, sql in zip(self.posts, built, strict=True):
            out = out + f" WHEN {p.recorded if self.by_recorded else p.condition} THEN " + sql
        return out + f" ELSE {'NULL' if self.by_recorded else default} END"

    JOIN = "/*staff*/"

    @classmethod
    def finish(cls, sql: Sql) -> Sql:
        """Join the staff table where an expression chose by post (``s.centre_id``), and only there."""
        join = f"JOIN {STAFF} s ON s.id = e.staff_id" if "s.centre_id" in sql.text else ""
        return Sql(sql.text.replace(cls.JOIN, join), sql.params)

    def per_rule(self, mode: str | None, value: Callable[[Rule], Sql | int | str], default: str = "NULL") -> Sql:
        """A CASE over ``e.rule`` (per post) giving ``value(rule)`` for the rules of ``mode`` (every rule: None)."""
        def build(scheme: Scheme) -> Sql:
            branches = []
            for code, rule in scheme.rules.items():
                if mode is None or _mode(rule) == mode:
                    v = value(rule)
                    branches.append((code, v if isinstance(v, Sql) else _p(v)))
            return _case("e.rule", branches, default)
        return self.by_post(build, default)

    def codes(self, keep: Callable[[Rule], bool]) -> set[str]:
        return {code for p in self.posts for code, rule in p.scheme.rules.items() if keep(rule)}

    def source(self, condition: Sql) -> Sql:
        """FROM the active events (joined to their staff when the posts' schemes differ) WHERE ``condition``."""
        out = Sql(f"FROM {EVENTS} e {self.JOIN} ")
        out = out + "WHERE e.status = 'active' AND " + condition
        if self.staff_in is not None:
            out = out + " AND e.staff_id " + self.staff_in
        return out

    COLUMNS = ("e.id, e.staff_id, e.rule, e.date, e.occurrences, e.days, e.level, e.aggravated, e.points, e.deed, "
               "e.refers_to")

    def branches(self, conditions: list[Sql], outer: Sql | None = None) -> Sql:
        """FROM the active events meeting any of ``conditions`` (each a simple index range, read with UNION ALL;
        they must not overlap), joined to their staff when the posts' schemes differ, WHERE ``outer``."""
        selects = []
        for condition in conditions:
            one = (Sql(f"SELECT {self.COLUMNS} FROM {EVENTS} e WHERE e.status = 'active' AND ")
                   + condition)
            if self.staff_in is not None:
                one = one + " AND e.staff_id " + self.staff_in
            selects.append(one)
        out = Sql("FROM (") + Sql.join(selects, " UNION ALL ") + f") e {self.JOIN} "
        return out + "WHERE " + (outer if outer is not None else Sql("1 = 1"))

    def kind(self, mode: str) -> Sql:
        """1 for a deduction rule, 2 for a bonus rule (of the rules of ``mode``)."""
        return self.per_rule(mode, lambda r: 2 if r.kind == "bonus" else 1, default="0")

    def points(self, mode: str | None = None) -> Sql:
        """``points_sql`` of the staff member's scheme, for the rules of ``mode`` only (other rules' events are not
        read by that part) or every rule."""
        return self.by_post(lambda s: points_sql(s, [c for c, r in s.rules.items()
                                                     if mode is None or _mode(r) == mode]))

    def plain(self) -> Sql:
        """Every event of the period, one CASE each: plain rules' points summed (deductions come out positive,
        bonuses negative, invalid events NULL); rules with a calendar cap summed per window (``k`` numbers the rule
        and the window) and clamped (D4) with what their window held before the period; other rules' events count
        0 here (their own parts score them) but are checked.

        When the posts' schemes differ, each event is read under the scheme it was recorded under (its version's
        family), not through a join to its staff member: the columns ``fmin``/``fmax`` (1 centre, 0 station) let
        ``totals`` check that every event's family is the staff member's post, and send anyone else to the engine.
        """
        families = [set(p.family) for p in self.posts]
        self.by_recorded = not self.shared and all(families) and not set.intersection(*families)
        try:
            return self._plain()
        finally:
            self.by_recorded = False

    def recorded_post(self) -> str:
        """1 if ``e`` was recorded under the centre scheme, 0 under the station scheme, else NULL."""
        whens = " ".join(f"WHEN {p.recorded} THEN {1 if p.post == 'centre' else 0}" for p in self.posts)
        return f"CASE {whens} END"

    def _plain(self) -> Sql:
        p0, p1 = self.period.start, self.period.end
        capped = sorted(self.codes(lambda r: _mode(r) == "capped"))
        base = {code: 16 * (i + 1) for i, code in enumerate(capped)}  # k = base + window (1 … 12)

        def signed(rule: Rule) -> int:
            mode = _mode(rule)
            return 1 if mode == "capped" else 0 if mode != "plain" else (-1 if rule.kind == "bonus" else 1)

        def window_k(rule: Rule) -> Sql:
            unit = _cap_chain(rule)[2]  # type: ignore[index]
            return Sql(f"{base[rule.code]} + ") + _window_sql(unit, self.period.year)

        post_of = ("0" if self.shared else self.recorded_post() if self.by_recorded
                   else "CASE WHEN s.centre_id IS NULL THEN 0 ELSE 1 END")
        post = f", {'NULL' if self.shared else post_of} AS post"  # NULL: nothing for totals to check
        # The fast rules' points come from a joined table (a hash lookup) rather than a chain of comparisons.
        # Its column kb is 0 for a fast rule without a calendar cap: then the event's window number is not needed.
        table = [(0 if self.shared else 1 if p.post == "centre" else 0, code, pts, base.get(code, 0))
                 for p in (self.posts[:1] if self.shared else self.posts)
                 for code, pts in fast_points(p.scheme, signed)]
        values = Sql(f"(SELECT column1 AS post, column2 AS rule, column3 AS pts, column4 AS kb FROM (VALUES "
                     f"{', '.join(['(%s, %s, %s, %s)'] * len(table))}) vv) f", tuple(x for row in table for x in row))
        source = self.source(Sql("e.date >= %s AND e.date <= %s", (p0, p1)))
        source = Sql(source.text.replace(self.JOIN, self.JOIN + " LEFT JOIN " + values.text
                                         + f" ON f.rule = e.rule AND f.post = {post_of}", 1),
                     values.params + source.params) if table else source
        k = self.per_rule("capped", window_k, default="0") if capped else Sql("0")
        if capped and table:
            k = Sql("CASE WHEN f.kb = 0 THEN 0 ELSE ") + k + " END"
        inner = (Sql("SELECT e.staff_id AS staff_id, ")
                 + self.by_post(lambda s: points_sql(s, factor=signed, fast_column="f.pts" if table else None))
                 + " AS v, " + k + f" AS k{post} " + source)
        plain_sums = ("SUM(CASE WHEN x.v IS NULL THEN 1 ELSE 0 END) AS bad, "
                      "SUM(CASE WHEN x.k = 0 AND x.v > 0 THEN x.v ELSE 0 END) AS ded, "
                      "SUM(CASE WHEN x.k = 0 AND x.v < 0 THEN -x.v ELSE 0 END) AS bon, "
                      "MIN(x.post) AS fmin, MAX(x.post) AS fmax")
        if not capped:
            return Sql(f"SELECT x.staff_id, {plain_sums} FROM (") + inner + ") x GROUP BY x.staff_id"

        # One column per (capped rule, window) the period touches: a month, one window per rule; a year under
        # quarterly caps, four. What each window held before the period comes from a second, smaller query.
        chain = {(p.post, code): _cap_chain(rule) for p in self.posts for code, rule in p.scheme.rules.items()
                 if _mode(rule) == "capped"}
        rules = {(p.post, code): rule for p in self.posts for code, rule in p.scheme.rules.items()
                 if _mode(rule) == "capped"}
        units = {code: {chain[key][2] for key in chain if key[1] == code} for code in capped}  # type: ignore[index]
        columns = []  # (k, code, window start)
        for code in capped:
            for unit in sorted(units[code]):
                months = MONTHS_IN[unit]
                for first in range(1, 13, months):
                    start = dt.date(self.period.year, first, 1)
                    end = month_end(dt.date(self.period.year, first + months - 1, 1), first + months - 1)
                    if start <= p1 and end >= p0:
                        number = (first - 1) // months + 1
                        columns.append((base[code] + number, code, start))
        columns = sorted(set(columns))
        sums = ", ".join(f"SUM(CASE WHEN x.k = {k} THEN x.v ELSE 0 END) AS c{i}"
                         for i, (k, _c, _s) in enumerate(columns))
        per_staff = (Sql(f"SELECT x.staff_id, {plain_sums}, MAX(x.post) AS post, {sums} FROM (") + inner
                     + ") x GROUP BY x.staff_id")
        earlier = [(i, k, code, start) for i, (k, code, start) in enumerate(columns) if start < p0]
        before = None
        if earlier:
            ranges = [_in("e.rule", [code]) + Sql(" AND e.date >= %s AND e.date < %s", (start, p0))
                      for _i, _k, code, start in earlier]
            rows = (Sql("SELECT e.staff_id AS staff_id, ") + self.per_rule("capped", window_k, default="0")
                    + " AS k, " + self.points("capped") + " AS pts "
                    + self.branches(ranges, self.rules_where(lambda r: _mode(r) == "capped")))
            before_sums = ", ".join(f"SUM(CASE WHEN r.k = {k} THEN r.pts ELSE 0 END) AS a{i}"
                                    for i, k, _c, _s in earlier)
            before = self.finish(Sql("SELECT r.staff_id, SUM(CASE WHEN r.pts IS NULL THEN 1 ELSE 0 END) AS bad, "
                                     f"{before_sums} FROM (") + rows + ") r GROUP BY r.staff_id")
        has_before = {i for i, *_rest in earlier}

        def post_value(value: Callable[[Rule, tuple], int], code: str) -> str:
            values = {p.post: (value(rules[(p.post, code)], chain[(p.post, code)]) if (p.post, code) in rules else 0)
                      for p in self.posts}
            if len(set(values.values())) == 1:
                return str(next(iter(values.values())))
            return ("CASE " + " ".join(f"WHEN y.post = {1 if post == 'centre' else 0} THEN {v}"
                                       for post, v in values.items()) + " ELSE 0 END")

        ded, bon = ["y.ded"], ["y.bon"]
        for i, (_k, code, _start) in enumerate(columns):
            cap = post_value(lambda r, c: c[1], code)
            a = f"COALESCE(z.a{i}, 0)" if i in has_before else "0"
            clamp = f"({_least(cap, f'{a} + y.c{i}')} - {_least(cap, a)})"
            kinds = {rules[(p.post, code)].kind for p in self.posts if (p.post, code) in rules}
            if kinds == {"deduction"}:
                ded.append(clamp)
            elif kinds == {"bonus"}:
                bon.append(clamp)
            else:
                kind = post_value(lambda r, c: 2 if r.kind == "bonus" else 1, code)
                ded.append(f"CASE WHEN {kind} = 1 THEN {clamp} ELSE 0 END")
                bon.append(f"CASE WHEN {kind} = 2 THEN {clamp} ELSE 0 END")
        before_bad = " + COALESCE(z.bad, 0)" if before is not None else ""
        out = (Sql(f"SELECT y.staff_id, y.fmin, y.fmax, y.bad{before_bad} AS bad, "
                   f"{' + '.join(ded)} AS ded, {' + '.join(bon)} AS bon FROM (") + per_staff + ") y")
        if before is not None:
            out = out + " LEFT JOIN (" + before + ") z ON z.staff_id = y.staff_id"
        return out

    def rules_where(self, keep: Callable[[Rule], bool]) -> Sql:
        """``e.rule`` is a rule of the staff member's scheme that ``keep`` selects (index-friendly when the posts'
        schemes agree on the codes)."""
        every = _in("e.rule", self.codes(keep))
        exact = self.by_post(lambda s: _in("e.rule", [c for c, r in s.rules.items() if keep(r)]), default="1 = 0")
        return every if exact == every else every + " AND " + exact

    def _touched(self, keep: Callable[[Rule], bool], deed: bool = False) -> Sql:
        """The staff member has an event of the same rule (and deed) in the period: without one, the period's share
        of a capped or once-per rule is 0 (what counts through the period equals what counted before it)."""
        columns = "staff_id, rule, deed" if deed else "staff_id, rule"
        return (Sql(f"({', '.join('e.' + c for c in columns.split(', '))}) IN (SELECT {columns} "
                    f"FROM {EVENTS} e WHERE e.status = 'active' AND ") + _in("e.rule", self.codes(keep))
                + Sql(" AND e.date >= %s AND e.date <= %s)", (self.period.start, self.period.end)))

    def deed_capped(self) -> Sql:
        """Rules with a cap per deed (B3: a pennant and a letter for one matter count once), then a yearly cap
        (D3): each deed's running sum is clamped, the year's increments of the clamped sums are added up and
        clamped again, in time order (D4): min(C, S through the period) − min(C, S before it). A deed's events of
        earlier years come with it; below a year, only the staff and rules with an event in the period are read."""
        p0, p1, y0 = self.period.start, self.period.end, self.y0
        mode = "deedcap"
        chain = {id(r): _cap_chain(r) for p in self.posts for r in p.scheme.rules.values() if _mode(r) == mode}
        codes = self.codes(lambda r: _mode(r) == mode)
        same_deed = (f"EXISTS (SELECT 1 FROM {EVENTS} d WHERE d.staff_id = e.staff_id "
                     "AND d.rule = e.rule AND d.deed = e.deed AND d.status = 'active' AND d.date >= %s "
                     "AND d.date <= %s)")
        conditions = [_in("e.rule", codes) + Sql(" AND e.date >= %s AND e.date <= %s", (y0, p1)),
                      _in("e.rule", codes) + Sql(" AND e.date < %s AND e.deed <> '' AND ", (y0,))
                      + Sql(same_deed, (y0, p1))]
        outer = self.rules_where(lambda r: _mode(r) == mode)
        if y0 < p0:  # from 1 January, every event read (but a deed's earlier years) is the period's own
            outer = outer + " AND " + self._touched(lambda r: _mode(r) == mode)
        least = _least
        rows = (Sql("SELECT e.staff_id AS staff_id, e.rule AS rule, e.deed AS deed, ")
                + self.per_rule(mode, lambda r: chain[id(r)][1], default="0") + " AS c, "
                + f"CASE WHEN e.deed = '' THEN {INFINITE} ELSE "  # no deed named: each event a matter of its own
                + self.per_rule(mode, lambda r: chain[id(r)][0], default="0") + " END AS cd, "
                + self.kind(mode) + " AS m, "
                + Sql("CASE WHEN e.date < %s THEN 1 ELSE 0 END AS before_year, ", (y0,))
                + Sql("CASE WHEN e.date < %s THEN 1 ELSE 0 END AS before_period, ", (p0,))
                + self.points(mode) + " AS pts " + self.branches(conditions, outer))
        per_deed = (Sql("SELECT r.staff_id, r.rule, MAX(r.cd) AS cd, MAX(r.c) AS c, MAX(r.m) AS m, "
                        "SUM(CASE WHEN r.pts IS NULL THEN 1 ELSE 0 END) AS bad, "
                        "SUM(CASE WHEN r.before_year = 1 THEN r.pts ELSE 0 END) AS s, "
                        "SUM(CASE WHEN r.before_period = 1 THEN r.pts ELSE 0 END) AS a, "
                        "SUM(r.pts) AS b FROM (") + rows + ") r GROUP BY r.staff_id, r.rule, r.deed")
        per_rule = (Sql(f"SELECT d.staff_id, MAX(d.c) AS c, MAX(d.m) AS m, SUM(d.bad) AS bad, "
                        f"SUM({least('d.cd', 'd.a')} - {least('d.cd', 'd.s')}) AS a, "
                        f"SUM({least('d.cd', 'd.b')} - {least('d.cd', 'd.s')}) AS b FROM (") + per_deed
                    + ") d GROUP BY d.staff_id, d.rule")
        return (Sql(f"SELECT k.staff_id, SUM(k.bad) AS bad, "
                    f"SUM(CASE WHEN k.m = 1 THEN {least('k.c', 'k.b')} - {least('k.c', 'k.a')} ELSE 0 END) AS ded, "
                    f"SUM(CASE WHEN k.m = 2 THEN {least('k.c', 'k.b')} - {least('k.c', 'k.a')} ELSE 0 END) AS bon "
                    "FROM (") + per_rule + ") k GROUP BY k.staff_id")

    def once_per_deed(self) -> Sql:
        """D17: per deed, the highest level through the period minus the highest before it — only deeds with an
        event in the period can change it; their earlier events (of earlier years too) come with them."""
        p0, p1 = self.period.start, self.period.end
        condition = (self.rules_where(lambda r: _mode(r) == "deed") + Sql(" AND e.date <= %s AND ", (p1,))
                     + self._touched(lambda r: _mode(r) == "deed", deed=True))
        rows = (Sql("SELECT e.staff_id AS staff_id, e.rule AS rule, e.deed AS deed, ") + self.kind("deed") + " AS m, "
                + Sql("CASE WHEN e.date < %s THEN 1 ELSE 0 END AS before_period, ", (p0,))
                + self.points("deed") + " AS pts " + self.source(condition))
        per_deed = (Sql("SELECT r.staff_id, MAX(r.m) AS m, SUM(CASE WHEN r.pts IS NULL THEN 1 ELSE 0 END) AS bad, "
                        "COALESCE(MAX(CASE WHEN r.before_period = 1 THEN r.pts END), 0) AS a, "
                        "COALESCE(MAX(r.pts), 0) AS b FROM (") + rows
                    + ") r GROUP BY r.staff_id, r.rule, r.deed")
        return (Sql("SELECT k.staff_id, SUM(k.bad) AS bad, SUM(CASE WHEN k.m = 1 THEN k.b - k.a ELSE 0 END) AS ded, "
                    "SUM(CASE WHEN k.m = 2 THEN k.b - k.a ELSE 0 END) AS bon FROM (") + per_deed
                + ") k GROUP BY k.staff_id")

    def once_per_year(self) -> Sql:
        """D16: the year's highest level, credited on 31 December (only for a period holding that day)."""
        rows = (Sql("SELECT e.staff_id AS staff_id, e.rule AS rule, ") + self.kind("year") + " AS m, "
                + self.points("year") + " AS pts "
                + self.source(self.rules_where(lambda r: _mode(r) == "year")
                              + Sql(" AND e.date >= %s AND e.date <= %s", (self.y0, self.y1))))
        per_rule = (Sql("SELECT r.staff_id, MAX(r.m) AS m, SUM(CASE WHEN r.pts IS NULL THEN 1 ELSE 0 END) AS bad, "
                        "COALESCE(MAX(r.pts), 0) AS best FROM (") + rows + ") r GROUP BY r.staff_id, r.rule")
        return (Sql("SELECT k.staff_id, SUM(k.bad) AS bad, SUM(CASE WHEN k.m = 1 THEN k.best ELSE 0 END) AS ded, "
                    "SUM(CASE WHEN k.m = 2 THEN k.best ELSE 0 END) AS bon FROM (") + per_rule
                + ") k GROUP BY k.staff_id")

    def totals(self, people: Sql | None, revisions: str | None = None) -> Sql:
        """Rows of (staff id, signature): see ``signature``. With ``revisions`` (the table of ledger revisions,
        staff_scoring.kept), also each staff member's revision, category and post (1 centre), read in the same
        statement as the events."""
        parts = [self.plain()]
        if self.codes(lambda r: _mode(r) == "deedcap"):  # calendar caps alone are scored by plain()
            parts.append(self.deed_capped())
        if self.codes(lambda r: _mode(r) == "deed"):
            parts.append(self.once_per_deed())
        if self.codes(lambda r: _mode(r) == "year") and self.period.start <= self.y1 <= self.period.end:
            parts.append(self.once_per_year())
        parts = [self.finish(part) for part in parts]
        names = [f"q{i}" for i in range(len(parts))]
        centre = "CASE WHEN s.centre_id IS NULL THEN 0 ELSE 1 END"
        # an event recorded under the other post's scheme: the engine decides (it reads codes by the post)
        other = f"CASE WHEN q0.fmin <> {centre} OR q0.fmax <> {centre} THEN 1 ELSE 0 END"
        out = Sql(f"SELECT s.id AS id, s.category AS category, {centre} AS centre, "
                  + "CAST(" + " + ".join([f"COALESCE({n}.bad, 0)" for n in names] + [other]) + " AS BIGINT) AS bad, "
                  + "CAST(" + " + ".join(f"COALESCE({n}.ded, 0)" for n in names) + " AS BIGINT) AS ded, "
                  + "CAST(" + " + ".join(f"COALESCE({n}.bon, 0)" for n in names) + " AS BIGINT) AS bon"
                  + (", COALESCE(r.revision, 0) AS revision" if revisions is not None else "")
                  + f" FROM {STAFF} s")
        if revisions is not None:
            out = out + f" LEFT JOIN {revisions} r ON r.staff_id = s.id"
        for name, part in zip(names, parts, strict=True):
            out = out + " LEFT JOIN (" + part + f") {name} ON {name}.staff_id = s.id"
        if people is not None:
            out = out + " WHERE s.id " + people
        # One integer per staff member (see ``signature``): staff with the same one share a result, and a dict of
        # 200,000 pairs of integers is built at C speed.
        categories = self.categories()
        category = _case("t.category", [(c, Sql(str(i))) for i, c in enumerate(categories)], default=str(OTHER))
        limit = 2**SIG_BITS
        kept = ", t.revision, t.category, t.centre" if revisions is not None else ""
        return (Sql(f"SELECT t.id{kept}, CASE WHEN t.bad > 0 OR t.ded >= {limit} OR t.bon >= {limit} THEN 1 ELSE 0 END "
                    "+ 2 * t.centre + 4 * (") + category
                + f") + 64 * (t.ded %% {limit}) + {64 * limit} * (t.bon %% {limit}) AS sig FROM (" + out + ") t")

    def categories(self) -> list[str]:
        """The employment categories the schemes in play grade, in a fixed order (``signature``)."""
        return sorted({c for p in self.posts for c in p.scheme.employment_categories})[:OTHER]

    def flag_rows(self) -> Sql:
        """The events of the year that can raise a flag (a rule's consequences, an aggravated event's consequences,
        a threshold) and referring events scored as such a rule, in time order per staff member."""
        def always(r: Rule) -> bool:
            return bool(r.consequences or r.thresholds)

        def when_aggravated(r: Rule) -> bool:
            return bool(not always(r) and r.aggravated and r.aggravated.consequences)

        def select(post: Post) -> list[Sql]:
            scheme = post.scheme
            codes = [c for c, r in scheme.rules.items() if always(r) or when_aggravated(r) or r.refers]
            refers = [c for c, r in scheme.rules.items() if r.refers]
            eff = (Sql("CASE WHEN ") + _in("e.rule", refers) + " THEN e.refers_to ELSE e.rule END") if refers \
                else Sql("e.rule")
            consequences = [c for c, r in scheme.rules.items() if r.consequences]
            aggravated = [c for c, r in scheme.rules.items() if r.aggravated and r.aggravated.consequences]
            need = _case(eff, [(c, _p(min(t.count for t in r.thresholds)))
                                   for c, r in scheme.rules.items() if r.thresholds], default="1000000000")
            centre = 1 if post.post == "centre" else 0
            head = (Sql(f"SELECT e.staff_id, {centre} AS centre, e.date, e.id, e.rule, e.refers_to, e.aggravated, ")
                    + eff + " AS eff, " + _flag_keep(eff, consequences, aggravated) + " AS keep, " + need + " AS need, "
                    + count_sql(scheme, codes) + " AS n, " + points_sql(scheme, codes)
                    + f" AS pts FROM {EVENTS} e ")
            if not self.shared:
                head = head + f"JOIN {STAFF} s ON s.id = e.staff_id AND {post.condition} "
            head = head + Sql("WHERE e.status = 'active' AND e.date >= %s AND e.date <= %s AND ", (self.y0, self.y1))
            if self.staff_in is not None:
                head = head + "e.staff_id " + self.staff_in + " AND "
            targets = [c for c, r in scheme.rules.items() if always(r) or when_aggravated(r)]
            reasons = [
                _in("e.rule", [c for c, r in scheme.rules.items() if always(r)]),
                _in("e.rule", [c for c, r in scheme.rules.items() if when_aggravated(r)]) + " AND e.aggravated",
                _in("e.rule", refers) + " AND " + _in("e.refers_to", targets),
            ]
            return [head + reason for reason in reasons if not reason.text.startswith("1 = 0")]

        # A threshold's rows are needed only when the year's count reaches it (a window's count never exceeds the
        # year's), and a rule's consequences need only its own rows: most rows of threshold rules are left out.
        posts = self.posts[:1] if self.shared else self.posts
        union = Sql.join([one for p in posts for one in select(p)], " UNION ALL ")
        return (Sql("SELECT g.staff_id, g.centre, g.date, g.rule, g.refers_to, g.aggravated, g.n, g.pts FROM ("
                    "SELECT f.*, SUM(f.n) OVER (PARTITION BY f.staff_id, f.eff) AS total FROM (") + union
                + ") f) g WHERE g.keep = 1 OR g.total >= g.need OR g.pts IS NULL ORDER BY g.staff_id, g.date, g.id")
