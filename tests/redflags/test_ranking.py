"""The red flag as pure functions (redflags/ranking.py): monthly ranking, last-place notices, annual red flag.

Table-driven, no database: 上虞细则 一、考核方法 and the readings in the module docstring.
"""

import ast
import inspect
from decimal import Decimal

import pytest

from redflags import ranking
from redflags.ranking import DEPARTMENT, INTERNAL, MonthScore, Placing, last_place_notices, rank_month, rank_year

D = Decimal


def scores(*entries):
    """("A", 98) or ("A", 98, False) → MonthScore; False marks a window barred by a severe item (D13)."""
    return [MonthScore(e[0], D(str(e[1])), *(e[2:] or (True,))) for e in entries]


def test_the_ranking_module_imports_no_django():
    tree = ast.parse(inspect.getsource(ranking))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not any(m == "django" or m.startswith(("django.", "redflags.models", "centers")) for m in modules)


MONTH_CASES = [
    # (windows, red flags, expected ranks, red-flag keys, last keys)
    ("ten windows, the top 8 get the red flag",
     [(k, 100 - i) for i, k in enumerate("ABCDEFGHIJ")], 8,
     dict(zip("ABCDEFGHIJ", range(1, 11), strict=True)), set("ABCDEFGH"), {"J"}),
    ("a barred window is skipped: the ninth moves up",
     [("A", 100, False)] + [(k, 99 - i) for i, k in enumerate("BCDEFGHIJ")], 8,
     dict(zip("ABCDEFGHIJ", range(1, 11), strict=True)), set("BCDEFGHI"), {"J"}),
    ("ties share a rank and the next rank skips",
     [("A", 100), ("B", 98), ("C", 98), ("D", 95)], 8,
     {"A": 1, "B": 2, "C": 2, "D": 4}, set("ABCD"), {"D"}),
    ("windows tied at the cut-off all get the red flag",
     [("A", 100), ("B", 98), ("C", 98), ("D", 95)], 2,
     {"A": 1, "B": 2, "C": 2, "D": 4}, set("ABC"), {"D"}),
    ("tied last places are all last",
     [("A", 100), ("B", 90), ("C", 90)], 1,
     {"A": 1, "B": 2, "C": 2}, {"A"}, {"B", "C"}),
    ("no last place when every window has the same score",
     [("A", 100), ("B", 100), ("C", 100)], 2,
     {"A": 1, "B": 1, "C": 1}, {"A", "B", "C"}, set()),
    ("no last place with a single window",
     [("A", 97)], 8, {"A": 1}, {"A"}, set()),
    ("a barred window is ranked and can be last; barred windows never get a red flag",
     [("A", 100), ("B", 99), ("C", 85, False)], 8,
     {"A": 1, "B": 2, "C": 3}, {"A", "B"}, {"C"}),
    ("a severe item can take a score below zero and it still ranks",
     [("A", 100), ("B", D("-5.5"), False)], 8, {"A": 1, "B": 2}, {"A"}, {"B"}),
    ("no windows, no ranking", [], 8, {}, set(), set()),
]


@pytest.mark.parametrize("name, entries, flags, ranks, red, last", MONTH_CASES, ids=[c[0] for c in MONTH_CASES])
def test_the_monthly_ranking_follows_the_seed(name, entries, flags, ranks, red, last):
    placings = rank_month(scores(*entries), flags)
    assert {p.key: p.rank for p in placings} == ranks
    assert {p.key for p in placings if p.red_flag} == red
    assert {p.key for p in placings if p.last} == last
    assert [p.rank for p in placings] == sorted(p.rank for p in placings)  # best first


def test_equal_scores_keep_the_callers_order():
    placings = rank_month(scores(("W3", 98), ("W1", 100), ("W2", 98)), 8)
    assert [p.key for p in placings] == ["W1", "W3", "W2"]


@pytest.mark.parametrize("bad", [-1, "8", 1.5, True])
def test_a_bad_red_flag_count_is_refused_in_chinese(bad):
    with pytest.raises(ValueError, match="红旗窗口数"):
        rank_month(scores(("A", 100)), bad)


def test_the_same_window_twice_in_a_month_is_refused():
    with pytest.raises(ValueError, match="两次"):
        rank_month(scores(("A", 100), ("A", 90)))


def year_of(last: str, skip: str = "") -> dict[int, set]:
    """A year of rankings: ``last[i]`` is the window last in month i+1 ("." = none); months in ``skip`` ("3,4")
    were not ranked."""
    skipped = {int(m) for m in skip.split(",") if m}
    return {month: set() if key == "." else {key}
            for month, key in enumerate(last, start=1) if month not in skipped}


NOTICE_CASES = [
    # (last place by month, skipped months, expected notices as (key, month, level, run, count))
    ("once is nothing", "A...........", "", []),
    ("two in a row → internal notice", "AA..........", "", [("A", 2, INTERNAL, 2, 2)]),
    ("three in a row → department notice", "AAA.........", "", [
        ("A", 2, INTERNAL, 2, 2), ("A", 3, DEPARTMENT, 3, 3)]),
    ("four in a row → department again", "AAAA........", "", [
        ("A", 2, INTERNAL, 2, 2), ("A", 3, DEPARTMENT, 3, 3), ("A", 4, DEPARTMENT, 4, 4)]),
    ("three in a year, none in a row → internal", "A.A.A.......", "", [("A", 5, INTERNAL, 1, 3)]),
    ("four in a year, none in a row → department", "A.A.A.A.....", "", [
        ("A", 5, INTERNAL, 1, 3), ("A", 7, DEPARTMENT, 1, 4)]),
    ("a run broken by a better month starts again", "AA.AA.......", "", [
        ("A", 2, INTERNAL, 2, 2), ("A", 4, INTERNAL, 1, 3), ("A", 5, DEPARTMENT, 2, 4)]),
    ("a month not ranked breaks the run", "AAA.........", "2", []),
    ("a month not ranked: the year count still adds up", "A.A.A.......", "2,4", [("A", 5, INTERNAL, 1, 3)]),
    ("two windows, each with their own count", "ABAB.B......", "", [("B", 6, INTERNAL, 1, 3)]),
    ("December and January are different years: no run across", "...........A", "", []),
]


@pytest.mark.parametrize("name, last, skip, expected", NOTICE_CASES, ids=[c[0] for c in NOTICE_CASES])
def test_last_places_call_for_notices_by_the_streak_rules(name, last, skip, expected):
    due = last_place_notices(year_of(last, skip))
    assert [(d.key, d.month, d.level, d.run, d.count) for d in due] == expected


def test_a_notice_says_why_in_chinese():
    due = last_place_notices(year_of("AAA........."))
    assert due[0].reason == "连续 2 个月排名末位（2 个月以上）：中心内部通报"
    assert due[1].reason == "连续 3 个月排名末位（3 个月以上）：向派驻部门（单位）通报并实行责任追究"
    both = last_place_notices(year_of("A.A.AAA....."))[-1]
    assert both.level == DEPARTMENT and "连续 3 个月" in both.reason and "全年累计 5 次" in both.reason


def test_ties_for_last_place_count_for_every_tied_window():
    due = last_place_notices({1: {"A", "B"}, 2: {"A", "B"}})
    assert [(d.key, d.month, d.level) for d in due] == [("A", 2, INTERNAL), ("B", 2, INTERNAL)]


@pytest.mark.parametrize("bad", [{0: set()}, {13: set()}, {"3": set()}])
def test_a_month_outside_one_to_twelve_is_refused(bad):
    with pytest.raises(ValueError, match="月份"):
        last_place_notices(bad)


def test_a_year_of_months_follows_the_streak_rules_for_every_window():
    """Twelve monthly rankings of four windows through rank_month, then the notices of the year."""
    months = {
        1: [("A", 99), ("B", 98), ("C", 97), ("D", 90)],
        2: [("A", 99), ("B", 98), ("C", 97), ("D", 91)],  # D twice in a row → internal
        3: [("A", 99), ("B", 98), ("C", 96), ("D", 95)],  # D three in a row → department
        4: [("A", 99), ("B", 92), ("C", 96), ("D", 97)],
        5: [("A", 99), ("B", 92), ("C", 96), ("D", 97)],  # B twice in a row → internal
        6: [("A", 100), ("B", 100), ("C", 100), ("D", 100)],  # all equal: nobody last, B's run ends
        7: [("A", 99), ("B", 92), ("C", 96), ("D", 97)],  # B third in the year → internal
        8: [("A", 99), ("B", 98), ("C", 96), ("D", 94)],  # D fourth in the year → department
        9: [("A", 99), ("B", 91), ("C", 96), ("D", 97)],  # B fourth in the year → department
        10: [("A", 90), ("B", 98), ("C", 96), ("D", 97)],  # A once: nothing
        11: [("A", 99), ("B", 98), ("C", 90), ("D", 90)],  # C and D tied last: D fifth → department
        12: [("A", 99), ("B", 98), ("C", 97), ("D", 96)],  # D sixth, two in a row → department
    }
    ranked = {m: rank_month(scores(*entries), 2) for m, entries in months.items()}
    due = last_place_notices({m: {p.key for p in placings if p.last} for m, placings in ranked.items()})
    assert [(d.key, d.month, d.level) for d in due] == [
        ("D", 2, INTERNAL), ("D", 3, DEPARTMENT), ("B", 5, INTERNAL), ("B", 7, INTERNAL),
        ("D", 8, DEPARTMENT), ("B", 9, DEPARTMENT), ("D", 11, DEPARTMENT), ("D", 12, DEPARTMENT),
    ]
    annual = {a.key: a for a in rank_year(ranked, 1)}
    assert annual["B"].excluded and annual["D"].excluded  # last twice or more
    assert annual["A"].last_places == 1 and not annual["A"].excluded
    assert annual["A"].red_flag and not annual["C"].red_flag


def placing(key, score, *, rank=1, eligible=True, red=False, last=False):
    return Placing(key, D(str(score)), rank, eligible, red, last)


YEAR_CASES = [
    # (months, red flags, barred, expected: {key: (rank, average, red_flag, excluded?)})
    ("the best average gets the annual red flag",
     {1: [placing("A", 100), placing("B", 98)], 2: [placing("A", 96), placing("B", 99)]}, 1, (),
     {"B": (1, D("98.50"), True, False), "A": (2, D("98.00"), False, False)}),
    ("a window last twice cannot get it; the next one does",
     {1: [placing("A", 100), placing("B", 90, last=True)], 2: [placing("A", 99), placing("B", 100)],
      3: [placing("A", 91, last=True), placing("B", 99)], 4: [placing("A", 92, last=True), placing("B", 99)]}, 1, (),
     {"B": (1, D("97.00"), True, False), "A": (2, D("95.50"), False, True)}),
    ("a window barred by a severe item in a ranked month cannot get it",
     {1: [placing("A", 100, eligible=False), placing("B", 95)]}, 1, (),
     {"A": (1, D("100.00"), False, True), "B": (2, D("95.00"), True, False)}),
    ("a severe item in a month that was not ranked bars it too",
     {1: [placing("A", 100), placing("B", 95)]}, 1, ("A",),
     {"A": (1, D("100.00"), False, True), "B": (2, D("95.00"), True, False)}),
    ("averages are over the months a window was ranked",
     {1: [placing("A", 90)], 2: [placing("A", 100), placing("N", 99)]}, 8, (),
     {"N": (1, D("99.00"), True, False), "A": (2, D("95.00"), True, False)}),
    ("averages round half up to 0.01",
     {1: [placing("A", D("99.9"))], 2: [placing("A", 100)], 3: [placing("A", 100)]}, 8, (),
     {"A": (1, D("99.97"), True, False)}),
]


@pytest.mark.parametrize("name, months, flags, barred, expected", YEAR_CASES, ids=[c[0] for c in YEAR_CASES])
def test_the_annual_red_flag_keeps_its_exclusions(name, months, flags, barred, expected):
    result = rank_year(months, flags, barred=barred)
    assert {a.key: (a.rank, a.average, a.red_flag, bool(a.excluded)) for a in result} == expected


def test_the_annual_exclusions_say_why():
    months = {1: [placing("A", 90, last=True, eligible=False)], 2: [placing("A", 90, last=True)]}
    (row,) = rank_year(months, 8)
    assert row.excluded == ("全年累计 2 次排名末位，不得评为年度红旗窗口",
                            "1月有取消评先资格的情形（倒扣分），取消年度评先资格")
    assert row.barred_months == (1,)
