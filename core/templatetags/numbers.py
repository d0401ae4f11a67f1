"""Number filters every template shares: ``{{ change|signed }}`` → "+6", "−0.5", "0" (``scoring.common.signed``)."""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django import template

from scoring.common import signed as signed_text

register = template.Library()


def written(value, writer: Callable[[Decimal], str]) -> str:
    """A template value (a Decimal, or a number or text that reads as one) as ``writer`` writes it; empty for None
    or "", the value as it is when it is no number."""
    if value is None or value == "":
        return ""
    try:
        return writer(value if isinstance(value, Decimal) else Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return str(value)


@register.filter
def signed(value) -> str:
    """A change (较上期, 较上次, a gap): "+6", "−0.5" with U+2212, "0" for none; empty for None."""
    return written(value, signed_text)
