"""Filters other apps' lists share: a centre chosen by id (the typed search of templates/partials/centre_search.html
sends it), checked against the user's scope in one query."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from centers import selectors
from core.filters import IdFilter
from core.params import refuse


class VisibleCentreFilter(IdFilter):
    """``?centre=<id>``: rows of that centre (``lookup`` names the path to it) if the user may see it; a centre out of
    scope is refused like any bad value (a warning, the filter left out). The centre is ``chosen`` (search box,
    titles)."""

    def __init__(self, *args, lookup: str = "centre", **kwargs):
        kwargs.setdefault("label", _("中心"))
        super().__init__(*args, **kwargs)
        self.lookup = lookup

    def chosen(self, value):
        if not hasattr(self, "_chosen"):
            self._chosen = selectors.visible_centre(self.parent.request.user, value)
        return self._chosen

    def filter(self, qs, value):
        if value is None:
            return qs
        centre = self.chosen(value)
        if centre is None:
            refuse(self.parent.request, self.field_name, str(value), str(self.label))
            return qs
        return qs.filter(**{self.lookup: centre})


def chosen_centre(filterset, name: str = "centre"):
    """The centre a FilterSet's ``name`` filter chose (None: none, or not valid)."""
    value = filterset.value(name)
    return filterset.filters[name].chosen(value) if value is not None else None
