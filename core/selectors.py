"""Generic scoped fetches. ``get_visible`` is the only way a view loads one object by id."""

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404


def get_visible(source: type[Model] | QuerySet, user, **lookup):
    """The object matching ``lookup`` among those ``user`` may see (D14), or Http404."""
    queryset = source.objects.all() if isinstance(source, type) else source
    return get_object_or_404(queryset.visible_to(user), **lookup)
