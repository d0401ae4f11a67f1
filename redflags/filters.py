"""Filters of the last-place notices list (通报记录), over the user's scoped notices."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, YearFilter
from redflags.models import LastPlaceNotice, NoticeLevel, NoticeStatus


class LastPlaceNoticeFilter(FilterSet):
    """Year, level and status; the status is 有效 unless asked (``all`` shows withdrawn notices too)."""

    year = YearFilter(label=_("年份"))
    level = django_filters.ChoiceFilter(label=_("通报类别"), choices=NoticeLevel.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=[("all", _("全部")), *NoticeStatus.choices],
                                         method="by_status")
    defaults = {"status": NoticeStatus.ACTIVE}

    class Meta:
        model = LastPlaceNotice
        fields = ["year", "level", "status"]

    def by_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)
