"""Binding a form to a service: the service validates in full; its errors go back onto the form in Chinese."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from core.params import parse_id


@dataclass(frozen=True)
class ServiceResult:
    """What ``run_service`` hands back: truthy when the service ran without a ValidationError, and then ``value``
    is what the service returned (a failed run carries ``None``)."""

    ok: bool
    value: object = None

    def __bool__(self) -> bool:
        return self.ok


def run_service(form, service: Callable[[], object], *,
                passthrough: tuple[type[ValidationError], ...] = ()) -> ServiceResult:
    """Call ``service`` for a bound, valid form and return its result (truthy, with ``.value``); on ValidationError
    put the messages on the form and return a falsy result. Errors of a ``passthrough`` type (a stale edit the page
    answers in its own way) are raised to the view instead."""
    try:
        value = service()
    except passthrough:
        raise
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return ServiceResult(ok=False)
    return ServiceResult(ok=True, value=value)


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
