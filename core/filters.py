"""The base of every list page's filters (django-filter), with the project's rule for query parameters (core/params.py):
a value that is not valid is ignored, the page says so in Chinese (「状态」的值「x」无效，已忽略) and answers 200, filtered
by the valid values only.

A filterset is always built over the user's scoped queryset (``XFilter(request, selectors.x_for(request.user))``), so
a filter can only narrow what the user may see (D14). Numbers are parsed by ``core.params.parse_int`` (ASCII digits,
within PostgreSQL's ``integer``): Django's ``IntegerField`` would take "１２" and pass 2**70 to the database."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.params import ID_MAX, YEAR_MAX, YEAR_MIN, parse_int, refuse


class AsciiIntegerField(forms.Field):
    """An integer written in ASCII digits within ``min_value`` … ``max_value`` (and ±2**31-1)."""

    default_error_messages = {"invalid": _("请输入有效的整数")}

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", forms.NumberInput(attrs={
            key: value for key, value in (("min", min_value), ("max", max_value)) if value is not None}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_int(value, self.min_value, self.max_value)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class NumberFilter(django_filters.Filter):
    """``?name=`` as an ASCII integer (bounds as ``min_value`` / ``max_value``)."""

    field_class = AsciiIntegerField


class YearFilter(NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)


class IdFilter(NumberFilter):
    """The id of an object; whether that object is visible is the queryset's business (it is already scoped)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


class FilterSet(django_filters.FilterSet):
    """Bound to ``request.GET``; ``defaults`` fill parameters that are absent (not those sent empty, which mean 全部).

    Each field whose value is not valid is reported with ``core.params.refuse`` and left out: django-filter's ``qs``
    filters with ``cleaned_data``, which holds the valid fields only. Form widgets get the Bootstrap classes."""

    defaults: dict[str, str] = {}

    def __init__(self, request, queryset, **kwargs):
        data = request.GET.copy()
        for name, value in self.defaults.items():
            data.setdefault(name, value)
        super().__init__(data, queryset=queryset, request=request, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            else:
                widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(widget, forms.Select)
                                        else "form-control form-control-sm")
        if not self.form.is_valid():
            for name in self.form.errors:
                if name not in self.form.fields:
                    continue
                field = self.form.fields.get(name)
                raw = data.get(name, "")
                refuse(request, name, raw if isinstance(raw, str) else "", str(field.label) if field else None)

    def value(self, name: str):
        """The valid value of a filter (``None`` when absent, empty or refused), for the page's context."""
        return self.form.cleaned_data.get(name) if self.is_bound else None


class SortFilter(django_filters.OrderingFilter):
    """``?sort=``: one of ``orderings`` ([(value, label)], each an indexed column, ``-`` for descending); the primary
    key breaks ties in the same direction, so offset pages stay stable. A value not offered is refused and ignored."""

    def __init__(self, *args, orderings, **kwargs):
        kwargs.setdefault("label", _("排序"))
        kwargs.setdefault("empty_label", _("默认顺序"))
        fields = {value.lstrip("-"): value.lstrip("-") for value, _label in orderings}
        super().__init__(*args, fields=fields, choices=list(orderings), **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = [self.get_ordering_value(part) for part in value[:1]]
        return qs.order_by(*ordering, "-pk" if ordering[0].startswith("-") else "pk")
