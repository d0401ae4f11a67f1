"""Framework-free scoring core.

Nothing in this package may import Django (a test enforces it). Rubric and ledger definitions are frozen
dataclasses parsed from fixture files; scoring is a set of pure functions over them, in ``Decimal`` throughout.
The Django apps adapt to these types, never the other way round.
"""
