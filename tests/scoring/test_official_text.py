"""Rubric text shows the official wording, not the scrape's damage; the seed's reading stays in the criterion's note
and each correction is listed in the rubric's note (第2版 of baolin-centre and baolin-station)."""

import re
from pathlib import Path

import pytest

from scoring.rubric import load_rubric

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rubrics"
DAMAGE = [
    (re.compile(r"〔\d{5}"), "a document number that lost its 〕 (国发〔20225号)"),
    (re.compile(r"[,，]\s*\d+(\.\d+)?$"), "points without 得…分 at the end (…的,1)"),
    (re.compile(r"得\d+(\.\d+)?$"), "得N without 分"),
    (re.compile(r"的,\d+(\.\d+)?分"), "N分 without 得"),
]


def criteria(path):
    rubric = load_rubric(path.read_bytes())
    return rubric, list(rubric.iter_criteria())


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_criterion_text_carries_scrape_damage(path):
    _, rows = criteria(path)
    for _, _, c in rows:
        for pattern, what in DAMAGE:
            assert not pattern.search(c.text), f"{c.code}: {what}: {c.text}"
        assert c.text.count("“") == c.text.count("”"), f"{c.code}: unbalanced quotes: {c.text}"


@pytest.mark.parametrize(("code", "criterion", "official", "seed"), [
    ("baolin-centre", "1.2.2", "制定便民服务站各项规章制度的,得1分。", "规章制度的,1"),
    ("baolin-centre", "1.3.1", "(国发〔2022〕5号)", "国发〔20225号"),
    ("baolin-station", None, "通过“定点办”“预约办”“上门办”“掌上办”等方式,打通服务群众“最后一公里”的", "通过定点办”"),
])
def test_the_text_is_official_and_the_note_keeps_the_seeds_reading(code, criterion, official, seed):
    rubric, rows = criteria(FIXTURES / f"{code}.yaml")
    found = [c for _, _, c in rows if official in c.text]
    assert found and (criterion is None or found[0].code == criterion)
    assert seed in (found[0].note or "") and "第2版" in rubric.note and seed in rubric.note
