"""Filters of the library list, over the user's scoped documents (``library.selectors.library_for``)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, YearFilter
from library.models import Document, DocumentKind


class DocumentFilter(FilterSet):
    """Title (or issuer) search, kind, and the year a document is valid in (not superseded by then)."""

    q = django_filters.CharFilter(label=_("标题"), method="search")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=DocumentKind.choices)
    year = YearFilter(label=_("适用年度"), method="valid_in")
    current = django_filters.BooleanFilter(label=_("只看现行版本"), method="only_current",
                                           widget=forms.CheckboxInput)

    class Meta:
        model = Document
        fields = ["q", "kind", "year", "current"]

    def search(self, queryset, name, value):
        text = "".join(ch if ch.isprintable() else " " for ch in value[:40]).strip()  # as core.params.text_param
        if not text:
            return queryset
        return queryset.filter(Q(title__contains=text) | Q(issuer__contains=text))

    def valid_in(self, queryset, name, value):
        return queryset.valid_in(value)

    def only_current(self, queryset, name, value):
        return queryset.filter(superseded_by__isnull=True) if value else queryset
