"""Filters of the evaluation list (考核记录), over the user's scoped evaluations."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessment.models import INSPECTION_KINDS, Evaluation, EvaluationKind, EvaluationState, EvaluationSubject
from centers.models import ServiceCentre
from core.filters import FilterSet, IdFilter, YearFilter


class EvaluationFilter(FilterSet):
    """Kind (or 县级考核: the inspection kinds), state, subject, year, a centre (its own, stations' and windows'
    evaluations, from the centre card's 全部 link) and a name search."""

    kind = django_filters.ChoiceFilter(
        label=_("考核类型"), choices=[("inspection", _("县级考核（验收/抽查/暗访）")), *EvaluationKind.choices],
        method="by_kind")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=EvaluationState.choices)
    subject = django_filters.ChoiceFilter(label=_("考核对象"), field_name="subject_kind",
                                          choices=EvaluationSubject.choices)
    period = YearFilter(label=_("年度"))
    centre = IdFilter(label=_("中心"), method="by_centre")
    q = django_filters.CharFilter(label=_("名称"), method="search")

    class Meta:
        model = Evaluation
        fields = ["kind", "state", "subject", "period", "centre", "q"]

    def by_kind(self, queryset, name, value):
        return queryset.filter(kind__in=INSPECTION_KINDS) if value == "inspection" else queryset.filter(kind=value)

    def by_centre(self, queryset, name, value):
        centre = self.chosen_centre
        return queryset.filter(centre=centre) if centre is not None else queryset.none()

    @property
    def chosen_centre(self) -> ServiceCentre | None:
        """The centre of ``?centre=`` if the user may see it (another county's centre shows nothing)."""
        if not hasattr(self, "_centre"):
            pk = self.value("centre")
            self._centre = (ServiceCentre.objects.visible_to(self.request.user).filter(pk=pk).first()
                            if pk is not None else None)
        return self._centre

    def search(self, queryset, name, value):
        text = "".join(ch if ch.isprintable() else " " for ch in value[:40]).strip()  # as core.params.text_param
        if not text:
            return queryset
        return queryset.filter(Q(centre__name__contains=text) | Q(station__name__contains=text)
                               | Q(window__name__contains=text))
