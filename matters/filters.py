"""Filters of the internal catalogue pages (a centre's 进驻事项目录, a station's 代办事项目录): the public catalogue's
search (``selectors.search_matters``, the same words and the same matching) plus the area and the row's state."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.functional import cached_property

from core.filters import FilterSet
from matters import selectors
from matters.models import Matter

STATES = [
    ("published", "已发布"), ("draft", "草稿"), ("missing", "未进驻"), ("required_missing", "应进必进但缺少"),
]


class CatalogueFilter(FilterSet):
    """Over the matters of a comparison's rows; ``state`` is read from the rows (``rows()``). A bad value is ignored
    with a warning (``core.filters.FilterSet``); the others still filter."""

    q = django_filters.CharFilter(label="搜索", method="search", widget=forms.TextInput(attrs={
        "type": "search", "placeholder": "事项名称或关键词，如：低保、养老、宅基地"}))
    area = django_filters.ChoiceFilter(label="领域", empty_label="全部领域")
    state = django_filters.ChoiceFilter(label="状态", choices=STATES, empty_label="全部状态", method="keep")

    class Meta:
        model = Matter
        fields = ["q", "area", "state"]

    def __init__(self, request, *, rows):
        self.all_rows = rows
        self.areas = sorted({row.matter.area for row in rows if row.matter.area})
        super().__init__(request, Matter.objects.filter(pk__in=[row.matter.pk for row in rows]))

    def get_form_class(self):
        form = super().get_form_class()
        form.base_fields["area"].choices = [(a, a) for a in self.areas]
        return form

    def search(self, queryset, name, value):
        text = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())[:50]
        return selectors.search_matters(queryset, text)

    def keep(self, queryset, name, value):
        return queryset

    @property
    def active(self) -> bool:
        return any(self.value(name) for name in ("q", "area", "state"))

    @cached_property
    def kept(self) -> list:
        """The rows the filters keep, in the page's order (search hits by relevance when searching); read once
        (the page shows them, a page of them when paged, and their count)."""
        if not self.active:
            return self.all_rows
        order = {pk: n for n, pk in enumerate(self.qs.values_list("pk", flat=True))}
        state = self.value("state")
        kept = [row for row in self.all_rows if row.matter.pk in order and (
            not state or (row.missing_required if state == "required_missing" else row.status == state))]
        if self.value("q"):
            kept.sort(key=lambda row: order[row.matter.pk])
        return kept
