"""Number filters every template shares: ``{{ change|signed }}`` → "+6", "−0.5", "0" (``scoring.common.signed``)."""

from decimal import Decimal, InvalidOperation

from django import template

from scoring.common import signed as signed_text

register = template.Library()


@register.filter
def signed(value) -> str:
    """A change (较上期, 较上次, a gap): "+6", "−0.5" with U+2212, "0" for none; empty for None."""
    if value is None or value == "":
        return ""
    try:
        return signed_text(value if isinstance(value, Decimal) else Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
