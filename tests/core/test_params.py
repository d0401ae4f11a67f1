"""The query-string parsers of core/params.py: ASCII digits only, bounded, a default and a Chinese message otherwise."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from core import params
from scoring.ledger import PeriodError, parse_period

NOT_ASCII_NUMBERS = ["²", "①", "１２", "١٢", "٣", "߁", "𝟙"]  # superscript, circled, full-width, Arabic-Indic, NKo, math


def request(query: dict):
    req = RequestFactory().get("/", query)
    req.session = {}
    req._messages = FallbackStorage(req)
    return req


def shown(req) -> list[str]:
    return [str(m) for m in get_messages(req)]


@pytest.mark.parametrize("text", NOT_ASCII_NUMBERS)
def test_digits_other_than_ascii_are_not_a_number(text):
    assert params.parse_int(text) is None
    assert params.parse_id(text) is None


@pytest.mark.parametrize("text", ["", " ", "abc", "1e5", "1.0", "+-1", "0x10", "1_000", "\x00", "1\x00", "9" * 5000,
                                  "99999999999999999999", "9223372036854775808", "2147483648"])
def test_text_that_is_not_a_small_integer_is_refused(text):
    assert params.parse_int(text) is None


def test_ascii_integers_are_read_with_their_sign_and_spaces():
    assert params.parse_int("42") == 42
    assert params.parse_int(" -7 ") == -7
    assert params.parse_int("007") == 7


def test_an_id_is_positive_and_fits_a_postgresql_integer():
    assert params.parse_id("1") == 1
    assert params.parse_id(str(2**31 - 1)) == 2**31 - 1
    assert params.parse_id("0") is None
    assert params.parse_id("-1") is None
    assert params.parse_id(str(2**31)) is None


def test_a_missing_or_empty_parameter_gives_the_default_quietly():
    req = request({"year": ""})
    assert params.year_param(req, default=2026) == 2026
    assert params.int_param(req, "page", 1) == 1
    assert shown(req) == []


@pytest.mark.parametrize("value", NOT_ASCII_NUMBERS + ["-1", "0", "99999999999999999999", "1999", "2101", "abc"])
def test_a_bad_year_gives_the_default_and_says_so_in_chinese(value):
    req = request({"year": value})
    assert params.year_param(req, default=2026) == 2026
    assert shown(req) == [f"「年份」的值「{value}」无效，已忽略"]


def test_a_good_year_month_and_id_are_read():
    req = request({"year": "2025", "month": "10", "centre": "12"})
    assert params.year_param(req) == 2025
    assert params.month_param(req) == 10
    assert params.id_param(req, "centre") == 12
    assert shown(req) == []


@pytest.mark.parametrize("value", ["0", "13", "²", "１"])
def test_a_month_outside_1_to_12_is_ignored(value):
    req = request({"month": value})
    assert params.month_param(req, default=5) == 5
    assert len(shown(req)) == 1


def test_the_message_shows_a_long_or_unprintable_value_shortened():
    req = request({"county": "\x00" + "x" * 100})
    assert params.id_param(req, "county") is None
    assert shown(req) == ["「县（区）」的值「?xxxxxxxxxxxxxxxxxxx…」无效，已忽略"]


def test_a_choice_is_one_of_the_choices_or_the_default():
    assert params.choice_param(request({"sort": "name"}), "sort", ["name", "rank"], "rank") == "name"
    req = request({"sort": "²"})
    assert params.choice_param(req, "sort", ["name", "rank"], "rank") == "rank"
    assert shown(req) == ["「sort」的值「²」无效，已忽略"]


@pytest.mark.parametrize("text", ["2026-10", "2026-Q4", "2026-H2", "2026", "2000-01", "2100-12"])
def test_a_period_in_ascii_is_read_like_the_scoring_engine_reads_it(text):
    assert params.parse_period_text(text) == parse_period(text)


@pytest.mark.parametrize("text", ["２０２６-10", "٢٠٢٦-١٠", "2025-13", "2025-Q5", "2025-H3", "1999", "9999-12", "²", "",
                                  "\x00"])
def test_a_period_with_other_digits_or_years_the_app_does_not_keep_is_refused(text):
    with pytest.raises(PeriodError):
        params.parse_period_text(text)


def test_a_bad_period_gives_the_default_and_names_it():
    default = parse_period("2026-10")
    req = request({"period": "2025-13"})
    assert params.period_param(req, default) == default
    [message] = shown(req)
    assert "2025-13" in message and message.endswith("已显示2026年10月")
    assert params.period_param(request({"period": "2026-Q1"}), default).start == dt.date(2026, 1, 1)


def test_search_text_loses_unprintable_characters_and_is_cut():
    assert params.text_param(request({"q": " 甲\x00镇 "})) == "甲 镇"
    assert params.text_param(request({"q": "长" * 300}), max_length=40) == "长" * 40
    assert params.text_param(request({})) == ""
