"""Regional scope (D14), applied in one place.

Rule: an admin sees everything; a supervisor (上级监管人员) the subtree of their city (or province); an inspector sees
the subtree of their county; a director sees the subtree of their
centre's town (the centre and its village stations); a staff member sees only their own staff record and what hangs
from it; anyone else sees nothing. Every view fetches through ``Model.objects.visible_to(user)``, so an object
outside the user's scope is simply not found and answers 404 (NetBox's ``RestrictedQuerySet.restrict()``).

A scoped model (an abstract ``core.models.ScopedModel`` gives it this queryset as ``objects``) declares how it
reaches the region tree and the staff record:

    scope_region_lookups = ("centre__region__path",)   # one or more lookups to a Region.path
    scope_staff_lookup = "staff"                      # lookup to the Staff pk; None (the default): staff see none

A row of one centre (``core.models.CentreScopedModel``) reaches the tree through its ``centre``, the most common
case. A model with shared reference rows (``core.models.SharedOrScopedModel``) adds them to every scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    region_path: str | None = None  # the user's subtree, e.g. "/51/5120/512022/"
    staff_id: int | None = None

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.region_path or self.staff_id)


NOTHING = Scope()


def scope_of(user) -> Scope:
    """The scope of a user, from their role and the region, centre or staff record their account is tied to."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Scope(everything=True)
    cached = getattr(user, "_scope_cache", None)
    if cached is not None:
        return cached
    role = getattr(user, "role", None)
    scope = NOTHING
    if role == "admin":
        scope = Scope(everything=True)
    elif role in ("inspector", "supervisor") and user.region_id:
        scope = Scope(region_path=user.region.path)
    elif role == "director" and user.centre_id:
        scope = Scope(region_path=user.centre.region.path)
    elif role == "staff" and user.staff_id:
        scope = Scope(staff_id=user.staff_id)
    user._scope_cache = scope
    return scope


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user) -> ScopedQuerySet:
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.staff_id:
            lookup = getattr(self.model, "scope_staff_lookup", None)
            return self.filter(**{lookup: scope.staff_id}) if lookup else self.none()
        if scope.region_path:
            return self.filter(in_region(self.model, scope.region_path))
        return self.none()


class SharedOrScopedQuerySet(ScopedQuerySet):
    """D14 scope plus shared reference rows that every user with a scope may read.

    ``Model.shared_condition()`` says which rows are shared (reference data kept by the admin, see
    ``core.models.SharedOrScopedModel``); the rest follows the model's ``scope_region_lookups``. Nobody without a
    scope sees anything.
    """

    def visible_to(self, user):
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.nothing:
            return self.none()
        condition = self.model.shared_condition()
        if scope.region_path:
            condition |= in_region(self.model, scope.region_path)
        return self.filter(condition)


def in_region(model, region_path: str) -> Q:
    """The rows of ``model`` in the subtree ``region_path``, through any of its ``scope_region_lookups``."""
    condition = Q()
    for lookup in model.scope_region_lookups:
        condition |= Q(**{f"{lookup}__startswith": region_path})
    return condition
