"""Offset paging with a count cap: a list of a province's rows counts at most ``cap`` + 1 of them (one bounded
``COUNT`` over a ``LIMIT`` subquery) instead of every row; past the cap the page bar says "200+ 页"."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

PAGE_SIZE = 50
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page: int = PAGE_SIZE, cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def counted(self) -> int:
        rows = self.object_list
        if isinstance(rows, (list, tuple)):  # rows already in memory (a report's): nothing to count in SQL
            return len(rows)
        if hasattr(rows, "order_by"):
            rows = rows.order_by()  # counting needs no order (sorting every row before the LIMIT did)
        return rows[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        """More rows than the cap: only the first ``cap`` are paged (narrow the filters to see the rest)."""
        return self.counted > self.cap


def capped_page(queryset, number, per_page: int = PAGE_SIZE, cap: int = COUNT_CAP):
    """The page ``number`` (a raw query value: bad or out of range → the first or last page) of ``queryset``."""
    return CappedPaginator(queryset, per_page, cap).get_page(number)


PICK_LIMIT = 100  # up to this many choices a select box; beyond it a typed search (a province: 150 counties, 3,000 centres)


def too_many_to_pick(*querysets) -> bool:
    """More than ``PICK_LIMIT`` rows in ``querysets`` together: the page offers a typed search instead of a select box
    (one capped count per queryset, none past the limit; a province's 48,000 stations are never counted)."""
    left = PICK_LIMIT + 1
    for rows in querysets:
        left -= rows.order_by()[:left].count()
        if left <= 0:
            return True
    return False
