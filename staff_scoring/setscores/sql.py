"""SQL pieces of the set-based scores. ``Sql`` is text with %s placeholders and its parameters: every text from a
scheme (codes, levels) is a parameter; numbers (points, caps, in tenths) are written as integers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from centers.models import Staff
from staff_scoring.models import StaffEvent

EVENTS = StaffEvent._meta.db_table
STAFF = Staff._meta.db_table


@dataclass(frozen=True)
class Sql:
    text: str
    params: tuple = ()

    def __add__(self, other: Sql | str) -> Sql:
        if isinstance(other, str):
            return Sql(self.text + other, self.params)
        return Sql(self.text + other.text, self.params + other.params)

    def args(self) -> tuple[str, tuple]:
        return self.text, self.params

    @staticmethod
    def join(parts: Iterable[Sql], sep: str) -> Sql:
        parts = list(parts)
        return Sql(sep.join(p.text for p in parts), tuple(x for p in parts for x in p.params))


def _p(value) -> Sql:
    return Sql("%s", (value,))


def _case(subject: str | Sql, branches: list[tuple[object, Sql]], default: str = "NULL") -> Sql:
    """CASE subject WHEN value THEN … ELSE default END; every value a parameter."""
    if not branches:
        return Sql(default)
    out = Sql("CASE ") + (subject if isinstance(subject, Sql) else Sql(subject))
    for value, then in branches:
        out = out + " WHEN " + _p(value) + " THEN " + then
    return out + f" ELSE {default} END"


def _in(column: str | Sql, values: Iterable[str]) -> Sql:
    """``column`` (or an expression) IN the values, as parameters."""
    values = sorted(values)
    if not values:
        return Sql("1 = 0")
    subject = column if isinstance(column, Sql) else Sql(column)
    return Sql(f"({subject.text}) IN ({', '.join(['%s'] * len(values))})", subject.params + tuple(values))


def ids_in(ids: Iterable[int]) -> Sql:
    """``IN (…)`` of staff ids, applied to a staff id column. Written as integers, not parameters: the list recurs in
    every part of a statement, past SQLite's limit on parameters."""
    return Sql(f"IN ({', '.join(str(int(pk)) for pk in ids)})")


def _least(a: str, b: str) -> str:
    return f"LEAST({a}, {b})" if connection.vendor == "postgresql" else f"MIN({a}, {b})"


P10 = "CAST(ROUND(e.points * 10) AS INTEGER)"
D10 = "CAST(ROUND(e.days * 10) AS INTEGER)"
OCC = "COALESCE(e.occurrences, 1)"

