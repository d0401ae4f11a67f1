"""The list filters of the trainings page (core.filters: a bad value is reported and left out)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, IdFilter, YearFilter
from trainings.models import TrainingKind


class TrainingFilter(FilterSet):
    year = YearFilter(field_name="date__year", label=_("年度"))
    kind = django_filters.ChoiceFilter(choices=TrainingKind.choices, label=_("类型"), empty_label=_("全部类型"))
    centre = IdFilter(field_name="centre", label=_("中心"))
    station = IdFilter(field_name="station", label=_("站点"))
    topic = django_filters.CharFilter(field_name="topic", lookup_expr="icontains", label=_("主题"),
                                      max_length=100)
