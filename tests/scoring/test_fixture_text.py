"""Reading fixture text (scoring.common.parse_fixture_text), shared by rubric and scheme files: repeated keys."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scoring.common import DefinitionError, parse_fixture_text
from scoring.ledger import load_scheme
from scoring.rubric import load_rubric

ROOT = Path(__file__).resolve().parents[2]


def problems(text: str | bytes, load=parse_fixture_text) -> list:
    with pytest.raises(DefinitionError) as exc:
        load(text)
    return exc.value.problems


@pytest.mark.parametrize(("text", "path", "line"), [
    ("title: 甲\ncode: x\ntitle: 乙\n", "title", "第 3 行第 1 列"),
    ("sections:\n  - title: 甲\n    items:\n      - title: 乙\n        points: 1\n        title: 丙\n",
     "sections[0].items[0].title", "第 6 行第 9 列"),
    ('{"code": "x", "levels": [{"name": "县级", "name": "市级"}]}', "levels[0].name", "第 1 行第 41 列"),
    ("a: {0.5: x, 0.50: y}\n", "a.0.50", "第 1 行第 13 列"),  # equal keys, differently written
])
def test_a_key_repeated_in_one_mapping_is_refused_with_its_line_and_path(text, path, line):
    [problem] = problems(text)
    assert problem.path == path
    assert problem.message.startswith(line) and "重复" in problem.message


def test_every_repeat_is_listed_in_file_order_with_the_line_of_the_first():
    found = problems("a: 1\nb:\n  - k: 1\n    k: 2\na: 3\n")
    assert [p.path for p in found] == ["b[0].k", "a"]
    assert "第 3 行第 5 列已有" in found[0].message and "第 1 行第 1 列已有" in found[1].message


def test_equal_keys_in_different_mappings_and_merge_overrides_are_not_repeats():
    data = parse_fixture_text("x: &base {title: 甲, points: 0.5}\n"
                              "y:\n  <<: *base\n  title: 乙\n"
                              "z: [{title: 丙}, {title: 丁}]\n")
    assert data == {"x": {"title": "甲", "points": Decimal("0.5")}, "y": {"title": "乙", "points": Decimal("0.5")},
                    "z": [{"title": "丙"}, {"title": "丁"}]}


def test_a_rubric_file_with_a_repeated_item_title_is_refused():
    text = (ROOT / "fixtures/rubrics/baolin-centre.yaml").read_text("utf-8")
    start = text.index("\n", text.index('code: "1.1"')) + 1  # the line after the item's code: its title
    line_end = text.index("\n", start) + 1
    assert text[start:line_end].strip().startswith("title: ")
    broken = text[:line_end] + text[start:line_end].replace("title: ", "title: 重复") + text[line_end:]
    [problem] = problems(broken, load_rubric)
    assert problem.path == "sections[0].items[0].title"
    assert f"第 {broken[:line_end].count(chr(10)) + 1} 行" in problem.message


def test_a_scheme_file_with_a_repeated_key_is_refused():
    text = (ROOT / "fixtures/schemes/baolin-window-staff.yaml").read_text("utf-8")
    broken = text.replace("\ncode:", "\ntitle: 重复的标题\ncode:", 1)
    assert broken != text
    found = problems(broken.encode("utf-8"), load_scheme)
    assert [p.path for p in found] == ["title"] and "重复" in found[0].message


@pytest.mark.parametrize("path", sorted((ROOT / "fixtures/rubrics").glob("*.yaml"))
                         + sorted((ROOT / "fixtures/schemes").glob("*.yaml")), ids=lambda p: p.name)
def test_every_fixture_still_reads(path):
    assert isinstance(parse_fixture_text(path.read_bytes()), dict)
