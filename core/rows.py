"""Model instances read by hand-written SQL, for the few hot paths where compiling a query through the ORM costs more
CPU than running it (the citizen's rating path: docs/performance.md § "The citizen's rating path").

A ``Columns`` names one model's columns under a table alias in a SELECT, and reads the instance back from a row of
the result: the column list comes from the model's own metadata (a new field is read without touching the SQL), and
each value passes the database backend's converters as it would through the ORM, so the instance is the one
``select_related``/``only`` would have given. The SQL stays parameterised (``%s``); nothing here builds a WHERE.
"""

from __future__ import annotations

from functools import cached_property

from django.db import connection


class Columns:
    """The columns of ``model`` under ``alias``: all concrete fields, or only ``fields`` (attribute names; the rest
    are deferred, as with ``QuerySet.only``)."""

    def __init__(self, model, alias: str, fields: tuple[str, ...] | None = None):
        self.model, self.alias = model, alias
        concrete = model._meta.concrete_fields
        self.fields = list(concrete) if fields is None else [f for f in concrete if f.attname in fields]
        self.attnames = [f.attname for f in self.fields]
        self.width = len(self.fields)
        self._pk_index = next(i for i, f in enumerate(self.fields) if f.primary_key)

    @cached_property
    def sql(self) -> str:
        """``alias."column", …`` for a SELECT list (in the fields' order, which ``read`` expects)."""
        quote = connection.ops.quote_name
        return ", ".join(f"{self.alias}.{quote(f.column)}" for f in self.fields)

    @cached_property
    def _converters(self) -> list[tuple[int, list, object]]:
        out = []
        for i, field in enumerate(self.fields):
            col = field.get_col(self.alias)
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if found:
                out.append((i, found, col))
        return out

    def read(self, row, start: int = 0):
        """The instance held by ``row[start:start + width]``; None when its primary key is NULL (an outer join that
        matched nothing)."""
        values = list(row[start:start + self.width])
        if values[self._pk_index] is None:
            return None
        for i, converters, col in self._converters:
            for convert in converters:
                values[i] = convert(values[i], col, connection)
        return self.model.from_db(connection.alias, self.attnames, values)
