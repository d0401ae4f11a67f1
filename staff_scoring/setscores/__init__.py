"""Period scores of many staff at once, computed by the database (docs/schemes.md §9.2).

The pure engine (``scoring.ledger.score_period``) is the definition of a score; this module computes the same
numbers with two statements, so that a whole province is scored without fetching its events:

* ``Builder.totals`` — one row per staff member, from parts joined on the staff table:
  ``plain`` reads the period's events once: plain rules' points summed; rules with a calendar cap (D4) summed per
  window and clamped, ``min(C, before + in period) − min(C, before)`` (a cap applied in time order lets through
  exactly that much of a running sum); ``deed_capped`` clamps each deed's running sum, then the yearly cap (B3);
  ``once_per_deed`` takes the highest level through the period minus the highest before it (D17);
  ``once_per_year`` the year's highest level in a period holding 31 December (D16).
* ``Builder.flag_rows`` — the year's events that can raise a flag, for the engine's own ``flags_of``.

The period bonus cap (D15), the floor and the grade are applied in Python once per distinct result. Points are
summed in integer tenths (docs/domain.md §5.3: points to 0.1), exact on SQLite and PostgreSQL alike. Every event read is
checked with the engine's validation rules in SQL (``points_sql`` gives NULL for an event the engine refuses);
staff with such an event, or with an event recorded under the other post's scheme, are scored by the engine
instead (staff_scoring.scoring). A scheme using what this module does not translate (doubling D9, category caps,
a windowed total bonus cap, other cap chains) is scored by the engine: ``unsupported(scheme)`` says why.
tests/staff_scoring/test_scoring_random.py checks both paths against the engine.

The package's parts: ``sql`` (the ``Sql`` text-with-parameters type and its small helpers, the tables' names),
``rules`` (each rule pattern as SQL expressions over an event ``e``), ``builder`` (the statements of one scoring run).
"""

from staff_scoring.setscores.builder import OTHER, Builder, Post, Row, signature
from staff_scoring.setscores.rules import INFINITE, tenths, unsupported
from staff_scoring.setscores.sql import Sql

__all__ = ["INFINITE", "OTHER", "Builder", "Post", "Row", "Sql", "signature", "tenths", "unsupported"]
