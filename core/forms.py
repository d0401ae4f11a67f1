"""Binding a form to a service: the service validates in full; its errors go back onto the form in Chinese."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError

from core.params import parse_id


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


class ModelMultipleIdField(forms.ModelMultipleChoiceField):
    """A ``ModelMultipleChoiceField`` by id that refuses an id not written in ASCII digits within PostgreSQL's
    ``integer`` before asking the database: Django checks ``pk__in`` with no range guard, and SQLite raises
    ``OverflowError`` (a 500) for an id past 2**63."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            if isinstance(pk, str | int) and parse_id(pk) is None:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": str(pk)[:20]})
        return super()._check_values(value)
