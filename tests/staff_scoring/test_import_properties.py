"""Property-based test (Hypothesis) of the event reader of the XLSX import (issue #12 item 2): whatever the cells
hold, a row gives values or Chinese messages naming its columns — never an exception."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from staff_scoring.imports import IMPORT_COLUMNS, _row_values
from staff_scoring.services import _normalise

LEVELS = {"national": "国家级", "province": "省级"}
HOSTILE = ["²", "1e12", "1e999999999", "NaN", "sNaN", "Infinity", "-Infinity", "0.05", "-1", "９", "", " ", "是",
           "否", "国家级", "2026-02-30", "2026/10/03", "9" * 5000, "\x00", "=1+1"]
cells = st.one_of(st.none(), st.sampled_from(HOSTILE), st.text(max_size=10), st.integers(),
                  st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                  st.datetimes(min_value=dt.datetime(1900, 1, 1)), st.dates())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({column: cells for column in IMPORT_COLUMNS}))
def test_any_row_gives_values_or_messages_naming_its_columns(row):
    messages: list[tuple[str, str]] = []
    values = _row_values(row, lambda key, message: messages.append((key, message)), LEVELS)
    assert all(key and message for key, message in messages)
    if not messages:
        _normalise(values)
