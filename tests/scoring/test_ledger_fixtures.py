"""The Baolin scheme fixtures say exactly what 宝林镇方案 附件3–附件6 say, and every rule cites seed lines that back it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scoring.common import parse_fixture_text
from scoring.ledger import load_scheme, windowed_rule_codes
from tests.seedplaces import covers, needs_seeds, place, seed_lines, squeeze, text

ROOT = Path(__file__).resolve().parents[2]
SCHEMES = ROOT / "fixtures" / "schemes"

WINDOW = load_scheme((SCHEMES / "baolin-window-staff.yaml").read_bytes())
STATION = load_scheme((SCHEMES / "baolin-station-staff.yaml").read_bytes())

NE, JW, LX, ZZ = "no_excellence", "discipline", "other_handling", "org_action"

# code: (category, points, aggravated (min, max) or None, consequences, aggravated consequences)
WINDOW_DEDUCTIONS = {
    "1": ("作风纪律", "3", None, (), ()),
    "2": ("作风纪律", "10", None, (), ()),
    "3": ("作风纪律", "2", None, (), ()),
    "4": ("作风纪律", "20", ("25", "40"), (), ()),
    "5": ("作风纪律", "10", None, (), ()),
    "6": ("作风纪律", "2", None, (), ()),
    "7": ("作风纪律", "5", None, (), ()),
    "8": ("作风纪律", "5", ("10", "20"), (), ()),
    "9": ("作风纪律", "2", None, (), ()),
    "10a": ("作风纪律", "3", None, (), ()),
    "10b": ("作风纪律", "5", None, (), ()),
    "11": ("作风纪律", "40", None, (NE, JW), ()),
    "12": ("作风纪律", "20", ("20", "40"), (NE,), (LX,)),
    "13": ("作风纪律", "40", (None, None), (NE,), (LX,)),
    "14": ("作风纪律", "40", None, (NE, ZZ), ()),
    "15": ("作风纪律", "15", None, (), ()),
    "16": ("作风纪律", "2", ("10", "20"), (), ()),
    "17": ("作风纪律", "5", ("10", "20"), (), ()),
    "18": ("业务规范", "10", ("15", "40"), (), ()),
    "19": ("业务规范", "5", ("10", "40"), (), ()),
    "20": ("业务规范", "20", ("25", "40"), (), (LX,)),
    "21": ("业务规范", "5", ("10", "40"), (), (LX,)),
    "22": ("业务规范", "10", None, (), ()),
    "23": ("业务规范", "10", ("15", "40"), (), ()),
    "24": ("业务规范", "10", ("15", "40"), (), ()),
    "25": ("业务规范", "20", ("40", "40"), (), ()),
    "26": ("业务规范", "20", None, (), ()),
    "27": ("业务规范", None, None, (), ()),
    "28": ("管理规范", "3", None, (), ()),
}

STATION_DEDUCTIONS = {
    "1": ("作风纪律", "5", None, (), ()),
    "2": ("作风纪律", "20", ("25", "40"), (), ()),
    "3": ("作风纪律", "5", None, (), ()),
    "4": ("作风纪律", "2", None, (), ()),
    "5": ("作风纪律", "5", None, (), ()),
    "6": ("作风纪律", "40", None, (NE, JW), ()),
    "7": ("作风纪律", "20", ("20", "40"), (NE,), (LX,)),
    "8": ("作风纪律", "40", (None, None), (NE,), (LX,)),
    "9": ("作风纪律", "40", None, (NE, ZZ), ()),
    "10": ("作风纪律", "15", None, (), ()),
    "11": ("业务规范", "10", ("15", "40"), (), ()),
    "12": ("业务规范", "5", ("10", "40"), (), ()),
    "13": ("业务规范", "20", ("25", "40"), (), (LX,)),
    "14": ("业务规范", "5", ("10", "40"), (), (LX,)),
    "15": ("业务规范", "10", None, (), ()),
    "16": ("管理规范", "3", None, (), ()),
}

# code: (points or levels, caps as (max, per), once_per)
BONUSES = {
    "B1": ({"local": "4", "city": "12", "province": "16", "national": "20"}, (), "deed"),
    "B2": ({"local": "4", "city": "8", "province": "16", "national": "20"}, (), "deed"),
    "B3": ("2", (("2", "deed"), ("10", "year")), None),
    "B4": ({"local": "8", "city": "12", "province": "16", "national": "20"}, (), "year"),
    "B5": ("1", (), None),
    "B6a": ("0.5", (("1", "quarter"),), None),
    "B6b": ("0.5", (("1", "quarter"),), None),
    "B7": ({"centre": "1", "county": "2", "city": "3", "province": "4"}, (("8", "quarter"),), None),
    "B8": ("1", (("2", "quarter"),), None),
}

GRADES = {
    "公务员编制": [("100", "优秀"), ("90", "称职"), ("80", "基本称职"), (None, "不称职")],
    "事业单位编制": [("100", "优秀"), ("90", "合格"), ("80", "基本合格"), (None, "不合格")],
    "临时聘用": [("100", "优秀"), ("90", "合格"), ("80", "基本合格"), (None, "不合格")],
    "村(社区)代办人": [("100", "优秀"), ("90", "合格"), ("80", "基本合格"), (None, "不合格")],
}


def d(value):
    return None if value is None else Decimal(value)


@pytest.mark.parametrize(
    ("scheme", "expected"), [(WINDOW, WINDOW_DEDUCTIONS), (STATION, STATION_DEDUCTIONS)], ids=["附件3", "附件4"]
)
def test_the_deduction_rules_are_the_seed_rules_with_their_points_ranges_and_consequences(scheme, expected):
    deductions = {code: rule for code, rule in scheme.rules.items() if rule.kind == "deduction"}
    assert list(deductions) == list(expected)
    for code, (category, points, aggravated, consequences, agg_consequences) in expected.items():
        rule = deductions[code]
        assert rule.category == category, code
        assert rule.points == d(points), code
        if aggravated is None:
            assert rule.aggravated is None, code
        else:
            assert (rule.aggravated.min, rule.aggravated.max) == (d(aggravated[0]), d(aggravated[1])), code
            assert rule.aggravated.consequences == agg_consequences, code
        assert rule.consequences == consequences, code


def test_window_rule_2_counts_a_day_of_absence_as_two_occurrences_and_rule_22_flags_at_two_a_year():
    assert WINDOW.rules["2"].occurrences_per_day == 2
    (threshold,) = WINDOW.rules["22"].thresholds
    assert (threshold.count, threshold.per, threshold.consequences) == (2, "year", (NE,))
    (station_threshold,) = STATION.rules["15"].thresholds
    assert (station_threshold.count, station_threshold.per) == (2, "year")


def test_window_rule_10_has_two_rates_and_rule_27_points_at_another_rule():
    assert (WINDOW.rules["10a"].points, WINDOW.rules["10b"].points) == (Decimal(3), Decimal(5))
    assert WINDOW.rules["10a"].part_of == WINDOW.rules["10b"].part_of == "10"
    assert WINDOW.rules["27"].refers


@pytest.mark.parametrize("scheme", [WINDOW, STATION], ids=["window", "station"])
def test_the_bonus_rules_are_附件5_with_their_levels_caps_and_once_only_rules(scheme):
    bonuses = {code: rule for code, rule in scheme.rules.items() if rule.kind == "bonus"}
    assert list(bonuses) == list(BONUSES)
    for code, (points, caps, once_per) in BONUSES.items():
        rule = bonuses[code]
        if isinstance(points, dict):
            assert rule.levels == {k: Decimal(v) for k, v in points.items()}, code
        else:
            assert rule.points == Decimal(points), code
        assert [(cap.max, cap.per) for cap in rule.caps] == [(Decimal(m), per) for m, per in caps], code
        assert rule.once_per == once_per, code
    assert bonuses["B4"].credit_month == 12
    assert (scheme.bonus_cap.max, scheme.bonus_cap.per) == (Decimal(30), "period")


@pytest.mark.parametrize("scheme", [WINDOW, STATION], ids=["window", "station"])
def test_the_grades_are_附件6_for_every_employment_category(scheme):
    for category, bands in GRADES.items():
        assert [(band.min, band.label) for band in scheme.bands_for(category)] == [(d(m), label) for m, label in bands]


def test_both_schemes_start_from_100_with_no_floor_and_apply_to_their_posts():
    assert (WINDOW.base, WINDOW.floor, WINDOW.applies_to, WINDOW.subject) == (
        Decimal(100),
        None,
        ("centre_window",),
        "staff",
    )
    assert (STATION.base, STATION.floor, STATION.applies_to, STATION.subject) == (
        Decimal(100),
        None,
        ("station",),
        "staff",
    )
    assert (WINDOW.code, WINDOW.version, STATION.code, STATION.version) == (
        "baolin-window-staff",
        1,
        "baolin-station-staff",
        1,
    )


def test_the_two_schemes_share_one_copy_of_附件5_and_附件6():
    window = parse_fixture_text((SCHEMES / "baolin-window-staff.yaml").read_bytes())
    station = parse_fixture_text((SCHEMES / "baolin-station-staff.yaml").read_bytes())
    for key in ("bonuses", "grades", "bonus_cap", "levels", "consequences"):
        assert window[key] == station[key], key


def test_the_windowed_rules_are_those_with_caps_once_only_rules_thresholds_consequences_or_references():
    assert windowed_rule_codes(WINDOW) == {
        "11",
        "12",
        "13",
        "14",
        "20",
        "21",
        "22",
        "27",
        "B1",
        "B2",
        "B3",
        "B4",
        "B6a",
        "B6b",
        "B7",
        "B8",
    }
    assert windowed_rule_codes(STATION) == {
        "6",
        "7",
        "8",
        "9",
        "13",
        "14",
        "15",
        "B1",
        "B2",
        "B3",
        "B4",
        "B6a",
        "B6b",
        "B7",
        "B8",
    }


# --- against the seed text itself ---------------------------------------------------------------------------------

needs_seed = needs_seeds


def cited_lines(fixture: str, code: str, rule) -> str:
    """The rule's lines in the scraped text (tests/seedplaces.py), which its citation names."""
    where = place(fixture, code)
    assert covers(rule.source, *where), (code, rule.source, where)
    return squeeze(text(*where))


def whole_seed() -> str:
    return squeeze("".join(seed_lines("000")))


COMPOSED_TEXTS = {"4", "10a", "10b", "B6b"}  # split or re-punctuated from one seed line: their parts are checked below


@needs_seed
@pytest.mark.parametrize("scheme", [WINDOW, STATION], ids=["window", "station"])
def test_every_rule_cites_seed_lines_holding_its_text_note_and_points(scheme):
    fixture = f"{scheme.code}.yaml"
    for code, rule in scheme.rules.items():
        cited = cited_lines(fixture, code, rule)
        if code not in COMPOSED_TEXTS:
            assert squeeze(rule.text) in cited, code
        if rule.note:
            assert squeeze(rule.note) in cited, code
        if rule.kind == "deduction" and rule.points is not None:
            assert f"-{rule.points.normalize():f}/" in cited, code
        if rule.aggravated and rule.aggravated.min is not None and rule.aggravated.min != rule.aggravated.max:
            assert f"{rule.aggravated.min:f}-{rule.aggravated.max:f}" in cited, code
        for value in (rule.levels or {}).values():
            assert f"{value:f}" in cited, code
        for cap in rule.caps:
            if cap.per != "deed":
                assert f"{cap.max:f}分" in cited, code


@needs_seed
def test_the_composed_texts_are_made_of_seed_words():
    seed = whole_seed()
    assert squeeze(WINDOW.rules["4"].text).removeprefix("(") in seed.replace("4.1)", "4.(1)").replace("4.(1)", "(1)")
    assert (
        "参加便民中心组织的会议、培训、活动无故迟到、早退(-3/次)或未履行请假手续、请假未经批准无故不参加的(-5/次)"
        in seed
    )
    assert "成绩优秀、表现出色、争得荣誉的" in seed


@needs_seed
def test_the_grade_and_bonus_cap_lines_are_in_the_seed():
    seed = whole_seed()
    assert "加分30分(采取加分制;总分最高30分)" in seed
    assert "公务员编制≧100优秀≧90称职≧80基本称职80不称职" in seed
    for category in ("事业单位编制", "临时聘用", "村(社区)代办人"):
        assert f"{category}≧100优秀≧90合格≧80基本合格80不合格" in seed
