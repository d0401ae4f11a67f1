"""Staff (and window) ledger scoring: schemes of deduction and bonus rules, events, period scores.

Pure Python, no Django. The format of a scheme fixture, the rules of the engine (docs/domain.md §5.3, D1–D4,
D15–D17) and the ``score_ledger`` contract are documented in docs/schemes.md.

    scheme = load_scheme(parse_fixture_text(path.read_bytes()))
    result = score_period(scheme, "事业单位编制", events_of_the_year, parse_period("2026-10"))
    result_to_json(result)

The parts of a scheme (``Category``, ``Cap``, ``Threshold`` …) are in ``scoring.ledger.model``.
"""

from .cli import EventErrors, read_events_file, resolve_scheme, run_score_ledger
from .engine import score_period, validate_event
from .events import Event, EventError, event_from_dict
from .grades import FlagRow, flags_of, grade_of
from .loader import content_hash, load_scheme, load_scheme_file
from .model import Rule, Scheme, windowed_rule_codes
from .output import result_to_json, result_to_text
from .periods import LedgerError, Period, PeriodError, parse_period
from .results import CategoryScore, EventLine, Flag, PeriodResult, PlainTotal

__all__ = [
    "CategoryScore",
    "Event",
    "EventError",
    "EventErrors",
    "EventLine",
    "Flag",
    "FlagRow",
    "LedgerError",
    "Period",
    "PeriodError",
    "PeriodResult",
    "PlainTotal",
    "Rule",
    "Scheme",
    "content_hash",
    "event_from_dict",
    "flags_of",
    "grade_of",
    "load_scheme",
    "load_scheme_file",
    "parse_period",
    "read_events_file",
    "resolve_scheme",
    "result_to_json",
    "result_to_text",
    "run_score_ledger",
    "score_period",
    "validate_event",
    "windowed_rule_codes",
]
