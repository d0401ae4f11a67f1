"""Filters of the feedback lists (ratings, follow-ups, complaints, 容缺受理 notices), over the user's scoped querysets."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from centers.filters import VisibleCentreFilter, chosen_centre
from core.filters import FilterSet, SortFilter
from feedback import selectors
from feedback.forms import DATE_ERRORS, DATE_WIDGET
from feedback.models import (
    OPEN_COMPLAINT_STATES,
    OPEN_FOLLOWUP_STATES,
    Channel,
    Complaint,
    ComplaintState,
    DeficiencyNotice,
    FollowUp,
    FollowUpState,
    Level,
    NoticeState,
    Rating,
)

OPEN = [("open", _("未办结")), ("overdue", _("已超期"))]


class DateFilter(django_filters.DateFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DATE_WIDGET)
        kwargs.setdefault("error_messages", DATE_ERRORS)
        super().__init__(*args, **kwargs)


class CheckFilter(django_filters.Filter):
    field_class = forms.BooleanField


class RatingFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("结束日期不能早于开始日期"))
        return data


class RatingFilter(FilterSet):
    """评价明细: centre (a typed search; not for staff, who see their own ratings), level, channel, dates, 只看差评,
    newest or oldest first (``rated_at``, indexed)."""

    centre = VisibleCentreFilter()
    level = django_filters.ChoiceFilter(label=_("等级"), choices=Level.choices, empty_label=_("全部"))
    channel = django_filters.ChoiceFilter(label=_("渠道"), choices=Channel.choices, empty_label=_("全部"))
    start = DateFilter(label=_("自"), method="since")
    end = DateFilter(label=_("至"), method="until")
    bad = CheckFilter(label=_("只看差评"), method="bad_only")
    sort = SortFilter(orderings=[("-rated_at", _("最新在前")), ("rated_at", _("最早在前"))])

    class Meta:
        model = Rating
        fields = ["centre", "level", "channel", "start", "end", "bad", "sort"]
        form = RatingFilterForm

    def since(self, queryset, name, value):
        return selectors.filter_ratings(queryset, start=value)

    def until(self, queryset, name, value):
        return selectors.filter_ratings(queryset, end=value)

    def bad_only(self, queryset, name, value):
        return selectors.filter_ratings(queryset, bad_only=value)

    @property
    def chosen_centre(self):
        """The chosen centre (for the search box and the export's title), or None."""
        return chosen_centre(self)


RECEIVED_ORDER = [("received_on", _("最早受理在前")), ("-received_on", _("最新受理在前"))]


def _state_filter(states) -> django_filters.ChoiceFilter:
    """The state choice of a list with deadlines: 未办结, 已超期, then each of ``states`` (a TextChoices)."""
    return django_filters.ChoiceFilter(label=_("状态"), choices=OPEN + list(states.choices), method="states")


class _StateFilter(FilterSet):
    """A state, or 未办结 / 已超期 (the open states; 已超期 those past their working-day deadline, in SQL, so the list,
    its count and its export hold the same rows); a centre (typed search); oldest or newest first by the day
    received (indexed). A list sets its ``state`` (``_state_filter``), ``centre``, ``open_states`` and
    ``overdue_of`` (the selector narrowing open rows to the overdue ones)."""

    open_states: tuple = ()
    defaults = {"state": "open"}
    sort = SortFilter(orderings=RECEIVED_ORDER)

    class Meta:
        fields = ["state", "centre", "sort"]

    def states(self, queryset, name, value):
        if value == "overdue":
            return self.overdue_of(queryset.filter(state__in=self.open_states))
        if value == "open":
            return queryset.filter(state__in=self.open_states)
        return queryset.filter(state=value)

    def overdue_of(self, open_items):
        raise NotImplementedError

    @property
    def chosen_centre(self):
        return chosen_centre(self)


class FollowUpFilter(_StateFilter):
    state = _state_filter(FollowUpState)
    centre = VisibleCentreFilter(lookup="rating__centre")
    open_states = tuple(OPEN_FOLLOWUP_STATES)
    overdue_of = staticmethod(selectors.overdue_followups)

    class Meta(_StateFilter.Meta):
        model = FollowUp


class ComplaintFilter(_StateFilter):
    state = _state_filter(ComplaintState)
    centre = VisibleCentreFilter()
    open_states = tuple(OPEN_COMPLAINT_STATES)
    overdue_of = staticmethod(selectors.overdue_complaints)

    class Meta(_StateFilter.Meta):
        model = Complaint


class NoticeFilter(FilterSet):
    state = django_filters.ChoiceFilter(label=_("状态"), choices=NoticeState.choices)
    centre = VisibleCentreFilter()

    class Meta:
        model = DeficiencyNotice
        fields = ["state", "centre"]

    @property
    def chosen_centre(self):
        return chosen_centre(self)
