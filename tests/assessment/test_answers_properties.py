"""Property-based test (Hypothesis) of the answers reader (issue #12 item 2): whatever the evaluation form posts, the
reader gives answers and Chinese messages by criterion, and scoring the answers gives a result or an AnswerError —
never another exception."""

from pathlib import Path

from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.answers import answer_name, parse_form
from scoring.rubric import load_rubric
from scoring.rubric.engine import AnswerError, score
from scoring.rubric.model import PER_LEVEL

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = load_rubric((ROOT / "fixtures/rubrics/meishan-centre.yaml").read_bytes())
NAMES = [answer_name(c.code, k) if c.rule == PER_LEVEL else answer_name(c.code)
         for _, _, c in RUBRIC.iter_criteria() for k in (range(len(c.levels)) if c.rule == PER_LEVEL else [None])]
HOSTILE = ["", "0", "1", "0.5", "-1", "1e999999999", "1e-999999999", "NaN", "sNaN", "Infinity", "-Infinity", "²",
           "９", "1,2,3", "1，2；3", "是", "否", "on", "true", "\x00", "9" * 5000, "0.05", "1:30", " 2 ", "-0"]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(NAMES), st.lists(values, min_size=1, max_size=2), max_size=30))
def test_any_posted_answers_are_read_and_scored_or_refused_in_chinese(posted):
    answers, errors = parse_form(RUBRIC, MultiValueDict(posted))
    assert all(isinstance(message, str) and message for message in errors.values())
    try:
        score(RUBRIC, answers)
    except AnswerError as exc:
        assert exc.problems
