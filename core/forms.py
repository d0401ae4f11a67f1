"""Binding a form to a service: the service validates in full; its errors go back onto the form in Chinese."""

from collections.abc import Callable

from django.core.exceptions import ValidationError


def run_service(form, service: Callable[[], object]) -> bool:
    """Call ``service`` for a bound, valid form; on ValidationError put the messages on the form, return False."""
    try:
        service()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True
