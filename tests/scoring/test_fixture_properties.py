"""Property-based tests (Hypothesis): whatever a fixture, answers or events file holds, the readers answer with a
result or with Chinese problems — never with another exception (issue #12 item 2)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.common import DefinitionError
from scoring.ledger import load_scheme
from scoring.ledger.cli import EventErrors, read_events_file
from scoring.rubric import load_rubric
from scoring.rubric.cli import read_answers
from scoring.rubric.engine import AnswerError

ROOT = Path(__file__).resolve().parents[2]
RUBRIC_TEXT = (ROOT / "fixtures/rubrics/baolin-station.yaml").read_text(encoding="utf-8")
SCHEME_TEXT = (ROOT / "fixtures/schemes/baolin-station-staff.yaml").read_text(encoding="utf-8")
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HOSTILE_SCALARS = [".nan", ".inf", "-.inf", "1:30.5", "190:20:30", "1e999999999", "-1e999999999", "1e-999999999",
                   "9" * 5000, "99999999999999999999", '"a\\0b"', "~", "[]", "{}", "true", "2026-02-30",
                   "!!binary Zm9v", "!!float abc", "*nope", "&a 1", "'²'", "0x1F", "0o17", "010", "-0", "0.05",
                   "!!python/object:os.system ''", "[[[[[[[[[[]]]]]]]]]]", "'" + "长" * 300 + "'"]
scalars = st.one_of(st.sampled_from(HOSTILE_SCALARS), st.text(max_size=12).map(json.dumps),
                    st.integers(min_value=-10**30, max_value=10**30).map(str))


def _json_values():
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                       st.decimals(allow_nan=True, allow_infinity=True), st.floats())
    return st.recursive(leaves, lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=6), children, max_size=4)), max_leaves=20)


def _mutate(text: str, data) -> str:
    """Replace the value of some line "key: value" by a hostile scalar, or cut the file somewhere."""
    lines = text.splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        if ": " in line and data.draw(st.booleans()):
            lines[index] = line.split(": ", 1)[0] + ": " + data.draw(scalars)
        else:
            lines[index] = line[: data.draw(st.integers(0, len(line)))] + data.draw(st.sampled_from(["", "{", "[", "\t", ":", "- "]))
    return "\n".join(lines) + "\n"


def _loads_or_refuses(load, payload) -> None:
    try:
        load(payload)
    except DefinitionError as exc:
        assert exc.problems and all(p.message for p in exc.problems)


@FAST
@given(st.data())
def test_a_mutated_rubric_file_loads_or_lists_problems(data):
    _loads_or_refuses(load_rubric, _mutate(RUBRIC_TEXT, data))


@FAST
@given(st.data())
def test_a_mutated_scheme_file_loads_or_lists_problems(data):
    _loads_or_refuses(load_scheme, _mutate(SCHEME_TEXT, data))


@FAST
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_any_text_or_bytes_as_a_fixture_is_refused_with_problems(payload):
    _loads_or_refuses(load_rubric, payload)
    _loads_or_refuses(load_scheme, payload)


@FAST
@given(_json_values())
def test_any_parsed_data_as_a_fixture_is_refused_with_problems(value):
    _loads_or_refuses(load_rubric, value if isinstance(value, dict) else {"sections": value})
    _loads_or_refuses(load_scheme, value if isinstance(value, dict) else {"deductions": value})


@FAST
@given(st.data())
def test_a_fixture_with_hostile_values_in_its_sections_is_refused_with_problems(data):
    base = yaml.safe_load(RUBRIC_TEXT)
    section = base["sections"][0]
    key = data.draw(st.sampled_from(sorted(section)))
    section[key] = data.draw(_json_values())
    items = section.get("items")
    item = items[0] if isinstance(items, list) and items else {}
    if isinstance(item, dict) and item:
        item[data.draw(st.sampled_from(sorted(item)))] = data.draw(_json_values())
    _loads_or_refuses(load_rubric, base)


@FAST
@given(payload=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                         _json_values().map(lambda v: json.dumps(v, default=str).encode())))
def test_any_answers_file_is_read_or_refused_in_chinese(tmp_path_factory, payload):
    path = tmp_path_factory.mktemp("answers") / "answers.json"
    path.write_bytes(payload)
    try:
        answers = read_answers(path)
    except AnswerError as exc:
        assert str(exc)
    else:
        assert isinstance(answers, dict)


@FAST
@given(payload=st.one_of(st.binary(max_size=300), _json_values().map(lambda v: json.dumps(v, default=str).encode()),
                         st.builds(lambda events, cat: json.dumps({"category": cat, "events": events},
                                                                  default=str).encode(),
                                   st.lists(st.dictionaries(st.sampled_from(
                                       ["rule", "date", "occurrences", "days", "level", "points", "note", "staff",
                                        "aggravated", "refers_to"]), _json_values(), max_size=6), max_size=3),
                                   st.one_of(st.none(), st.text(max_size=5)))))
def test_any_events_file_is_read_or_refused_in_chinese(tmp_path_factory, payload):
    path = tmp_path_factory.mktemp("events") / "events.json"
    path.write_bytes(payload)
    try:
        category, events = read_events_file(path)
    except EventErrors as exc:
        assert str(exc)
    else:
        assert isinstance(events, list)

