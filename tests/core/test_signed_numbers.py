"""A change (较上期, 较上次, a gap) is printed one way everywhere: "+6", "−0.5" with the minus sign U+2212, "0"."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from scoring.common import signed


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("6"), "+6"), (Decimal("6.00"), "+6"), (Decimal("-0.5"), "\u22120.5"), (Decimal("-17"), "\u221217"),
    (Decimal("0"), "0"), (Decimal("-0.00"), "0"), (Decimal("0.25"), "+0.25"),
])
def test_a_change_is_signed_with_a_true_minus_and_no_trailing_zeros(value, text):
    assert signed(value) == text


def test_the_template_filter_prints_the_same_and_nothing_for_no_change_known():
    template = Template("{% load numbers %}[{{ a|signed }}][{{ b|signed }}][{{ c|signed }}][{{ d|signed }}]")
    assert template.render(Context({"a": Decimal("6"), "b": Decimal("-0.5"), "c": 0, "d": None})) == \
        "[+6][\u22120.5][0][]"
