"""The month box of the monthly pages (``core.forms.MonthField``): 年-月 in, (year, month) out, a Chinese message
for anything else; left empty it means no month, or this month where the page says so."""

import pytest
from django import forms
from django.utils import timezone

from core.forms import MonthField


class Plain(forms.Form):
    month = MonthField()


class ThisMonth(forms.Form):
    month = MonthField(default_today=True)


@pytest.mark.parametrize("typed", ["2025-10", " 2025-10 "])
def test_a_typed_month_becomes_year_and_month(typed):
    form = Plain({"month": typed})
    assert form.is_valid()
    assert form.cleaned_data["month"] == (2025, 10)


@pytest.mark.parametrize(("typed", "message"), [
    ("2025/10", "月份格式应为 年-月，如 2025-10"),
    ("2025-13", "月份格式应为 年-月，如 2025-10"),
    ("1999-12", "月份超出范围"),
    ("2101-01", "月份超出范围"),
])
def test_anything_else_is_refused_in_chinese(typed, message):
    form = Plain({"month": typed})
    assert not form.is_valid()
    assert form.errors["month"] == [message]


def test_left_empty_it_is_no_month_or_this_month_where_the_page_says_so():
    plain = Plain({"month": ""})
    assert plain.is_valid() and plain.cleaned_data["month"] is None
    this = ThisMonth({})
    today = timezone.localdate()
    assert this.is_valid() and this.cleaned_data["month"] == (today.year, today.month)


def test_the_box_is_the_browser_s_month_picker():
    assert 'type="month"' in str(Plain()["month"])
