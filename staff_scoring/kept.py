"""Period totals kept between calls: a province's month is read, not recomputed (docs/performance.md).

``period_scores`` asks the database for every staff member's totals of a period (``setscores.Builder.totals``:
one signature per staff member). At a province's size that statement is most of the cost, and a period's events
rarely change once the period is over. So each staff member's signature is kept (``KeptTotal``) under the digest
of the statement that computed it, with the staff member's **ledger revision** at that moment:

* the database raises a staff member's revision (``LedgerRevision``) on every insert, update or delete of one of
  their events — triggers installed here, so no path of the application can forget it: forms, imports, the admin,
  ``update()``, SQL. What passes row triggers by empties the kept totals instead: ``TRUNCATE`` (a trigger of its
  own) and ``migrate`` (``after_migrate``); a bulk load with triggers switched off must empty them itself;
* the revision is read in the same statement as the events the totals come from (one snapshot), so a kept row
  whose revision is still the staff member's was computed from exactly the events there are now;
* the key is the digest of the statement's text and parameters: another period, another scheme in force, or a
  release that writes the SQL differently is another key, never a stale row;
* the staff member's category and post are kept beside the signature (it encodes them) and compared on reading.

Only what the statement returns is kept. The year's flags, the bonus cap, grades and the engine's share are
worked out on every call, as before. Staff whose rows are missing or outdated are computed (by id, or the whole
scope when many are), then kept (COPY on PostgreSQL). On PostgreSQL the table is unlogged: after a crash it is
empty, and everything is computed again.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Sequence

from django.db import DatabaseError, connection, transaction

from staff_scoring.models import KeptTotal, LedgerRevision
from staff_scoring.setscores import Builder, Post, Sql
from staff_scoring.setscores.sql import EVENTS, STAFF, ids_in

KEPT = KeptTotal._meta.db_table
REVISIONS = LedgerRevision._meta.db_table

# Above this many staff to (re)compute, the whole scope is computed at once: the statement lists the ids in each of
# its parts, and a long list costs more to plan than the scope's events cost to read.
BY_ID_UP_TO = 5000

VENDORS = ("postgresql", "sqlite")
LOCK_CLASS = 7007  # the first key of this module's advisory locks (PostgreSQL)

logger = logging.getLogger(__name__)


def enabled() -> bool:
    """Kept totals need the revision triggers, written for PostgreSQL and SQLite."""
    return connection.vendor in VENDORS


def key_of(posts: list[Post], period) -> int:
    """The digest of the totals statement for every staff member (what the signatures depend on besides events),
    as a 64-bit integer: a narrow index, and 2⁻⁶⁴ odds that two statements share one."""
    sql = Builder(posts, period, None).totals(None)
    digest = hashlib.sha256(repr((sql.text, sql.params)).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def totals(cursor, posts: list[Post], period, ids: Sequence[int] | None) -> tuple[list[tuple[int, int]], int]:
    """(staff id, signature) of every staff member (``ids`` None) or of ``ids``, as ``Builder.totals`` gives them:
    the kept rows that are still valid, the rest computed now and kept; and how many were computed."""
    key = key_of(posts, period)
    staff_in = None if ids is None else ids_in(ids)
    where = "" if staff_in is None else "WHERE s.id " + staff_in.text
    cursor.execute(
        f"SELECT s.id, k.signature FROM {STAFF} s "
        f"LEFT JOIN {REVISIONS} r ON r.staff_id = s.id "
        f"LEFT JOIN {KEPT} k ON k.key = %s AND k.staff_id = s.id AND k.revision = COALESCE(r.revision, 0) "
        f"AND k.category = s.category AND k.centre = (s.centre_id IS NOT NULL) {where}", [key])
    rows = cursor.fetchall()
    kept = [(pk, sig) for pk, sig in rows if sig is not None]
    missing = [pk for pk, sig in rows if sig is None]
    if not missing:
        return kept, 0
    if len(missing) <= BY_ID_UP_TO and len(missing) < len(rows):  # some by id; all of them: the scope
        computed = _compute(cursor, key, posts, period, ids_in(missing))
        return kept + computed, len(computed)
    computed = _compute(cursor, key, posts, period, staff_in)
    return computed, len(computed)


def _compute(cursor, key: int, posts: list[Post], period, staff_in: Sql | None) -> list[tuple[int, int]]:
    """The totals of ``staff_in``, each with the staff member's revision read by the same statement as the events
    (one snapshot), then kept. A plain SELECT, not INSERT … SELECT: PostgreSQL runs only a SELECT in parallel."""
    cursor.execute(*Builder(posts, period, staff_in).totals(staff_in, revisions=REVISIONS).args())
    rows = cursor.fetchall()  # (id, revision, category, centre, signature)
    _keep(cursor, key, period, staff_in, rows)
    return [(pk, sig) for pk, _rev, _category, _centre, sig in rows]


def _copy_text(value: str) -> str:
    """A text value in COPY's text format (backslash, tab and line ends escaped)."""
    for raw, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        value = value.replace(raw, escaped)
    return value


COLUMNS = "key, period, staff_id, revision, category, centre, signature"


def _keep(cursor, key: int, period, staff_in: Sql | None, rows: list[tuple]) -> None:
    """Replace the kept rows of ``staff_in`` (None: every one) under ``key`` with ``rows``, in one transaction.

    Best effort: the caller has its result already, so keeping it never fails a page. When another request is
    keeping the same period (PostgreSQL), or the database is busy writing (SQLite's single writer, past its wait),
    nothing is kept this time and a later call computes again."""
    try:
        with transaction.atomic():  # a savepoint inside the caller's transaction
            if connection.vendor == "postgresql":
                # One writer per period at a time; another request computing it returns its result unkept rather
                # than wait (two requests taking locks in opposite orders could deadlock).
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", [LOCK_CLASS, period.label])
                if not cursor.fetchone()[0]:
                    return
            _replace(cursor, key, period, staff_in, rows)
    except DatabaseError as exc:
        logger.warning("period totals of %s not kept: %s", period.label, exc)


def _replace(cursor, key: int, period, staff_in: Sql | None, rows: list[tuple]) -> None:
    if staff_in is None:
        # Every staff member: the period's rows under other keys go too (kept under a scheme version since
        # superseded, or by a release that wrote the statement differently): nothing reads them any more.
        cursor.execute(f"DELETE FROM {KEPT} WHERE key = %s OR period = %s", [key, period.label])
    else:
        cursor.execute(f"DELETE FROM {KEPT} WHERE key = %s AND staff_id {staff_in.text}", [key])
    if connection.vendor == "postgresql":  # COPY: 200,000 rows in a fraction of a second
        text = "".join(f"{key}\t{period.label}\t{pk}\t{rev}\t{_copy_text(category)}\t{'t' if centre else 'f'}"
                       f"\t{sig}\n" for pk, rev, category, centre, sig in rows)
        cursor.cursor.copy_expert(f"COPY {KEPT} ({COLUMNS}) FROM STDIN", io.StringIO(text))
    else:
        cursor.executemany(f"INSERT INTO {KEPT} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s) "
                           "ON CONFLICT (key, staff_id) DO UPDATE SET period = excluded.period, "
                           "revision = excluded.revision, category = excluded.category, centre = excluded.centre, "
                           "signature = excluded.signature",
                           [(key, period.label, pk, rev, category, bool(centre), sig)
                            for pk, rev, category, centre, sig in rows])


# -- the triggers -----------------------------------------------------------------------------------------------

_RAISE = ("INSERT INTO {revisions} (staff_id, revision) {rows} "
          "ON CONFLICT (staff_id) DO UPDATE SET revision = {revisions}.revision + 1")

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION staff_scoring_raise_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_RAISE.format(revisions=REVISIONS,
                       rows="SELECT DISTINCT staff_id, 1 FROM new_events ORDER BY 1")};
    ELSIF TG_OP = 'UPDATE' THEN
        {_RAISE.format(revisions=REVISIONS, rows="SELECT staff_id, 1 FROM "
                       "(SELECT staff_id FROM old_events UNION SELECT staff_id FROM new_events) u ORDER BY 1")};
    ELSE
        {_RAISE.format(revisions=REVISIONS,
                       rows="SELECT DISTINCT staff_id, 1 FROM old_events ORDER BY 1")};
    END IF;
    RETURN NULL;
END $$""",
    f"DROP TRIGGER IF EXISTS staff_event_revision_insert ON {EVENTS}",
    f"CREATE TRIGGER staff_event_revision_insert AFTER INSERT ON {EVENTS} REFERENCING NEW TABLE AS new_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION staff_scoring_raise_revision()",
    f"DROP TRIGGER IF EXISTS staff_event_revision_update ON {EVENTS}",
    f"CREATE TRIGGER staff_event_revision_update AFTER UPDATE ON {EVENTS} REFERENCING OLD TABLE AS old_events "
    "NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION staff_scoring_raise_revision()",
    f"DROP TRIGGER IF EXISTS staff_event_revision_delete ON {EVENTS}",
    f"CREATE TRIGGER staff_event_revision_delete AFTER DELETE ON {EVENTS} REFERENCING OLD TABLE AS old_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION staff_scoring_raise_revision()",
    # TRUNCATE fires no DELETE trigger: it empties the kept totals instead (by DELETE: Django's flush truncates the
    # kept totals in the same statement, and a TRUNCATE here would find the table in use).
    f"""CREATE OR REPLACE FUNCTION staff_scoring_forget_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {KEPT};
    RETURN NULL;
END $$""",
    f"DROP TRIGGER IF EXISTS staff_event_revision_truncate ON {EVENTS}",
    f"CREATE TRIGGER staff_event_revision_truncate AFTER TRUNCATE ON {EVENTS} "
    "FOR EACH STATEMENT EXECUTE FUNCTION staff_scoring_forget_kept()",
]

_ONE = _RAISE.format(revisions=REVISIONS, rows="VALUES ({row}.staff_id, 1)").replace(
    f"{REVISIONS}.revision + 1", "revision + 1")
# SQLite: row triggers. "IF NOT EXISTS": SQLite drops a table's triggers when a migration rebuilds the table, so
# they are installed again after every migrate (apps.py), not only by the migration that added them.
SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS staff_event_revision_insert AFTER INSERT ON {EVENTS} "
    f"BEGIN {_ONE.format(row='NEW')}; END",
    f"CREATE TRIGGER IF NOT EXISTS staff_event_revision_update AFTER UPDATE ON {EVENTS} "
    f"BEGIN {_ONE.format(row='NEW')}; "
    + _RAISE.format(revisions=REVISIONS, rows="SELECT OLD.staff_id, 1 WHERE OLD.staff_id <> NEW.staff_id").replace(
        f"{REVISIONS}.revision + 1", "revision + 1") + "; END",
    f"CREATE TRIGGER IF NOT EXISTS staff_event_revision_delete AFTER DELETE ON {EVENTS} "
    f"BEGIN {_ONE.format(row='OLD')}; END",
]


def after_migrate(using_connection) -> None:
    """After every ``migrate``: the triggers installed again (SQLite drops a table's triggers when a migration
    rebuilds the table), and every kept total forgotten — a migration may have changed events while the triggers
    were gone (a rebuilt table, ``ALTER … TYPE … USING``). Nothing is done while migration 0007's tables are absent
    (before it, or after migrating back)."""
    present = set(using_connection.introspection.table_names())
    if not {KEPT, REVISIONS} <= present:
        return
    install_triggers(using_connection)
    with using_connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {KEPT}")


def install_triggers(using_connection) -> None:
    """Install (or reinstall) the triggers that raise a staff member's ledger revision."""
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(using_connection.vendor, [])
    with using_connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_triggers(using_connection) -> None:
    """Remove the triggers (the migration's reverse)."""
    with using_connection.cursor() as cursor:
        for op in ("insert", "update", "delete", "truncate"):
            if op == "truncate" and using_connection.vendor != "postgresql":
                continue
            on = f" ON {EVENTS}" if using_connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS staff_event_revision_{op}{on}")
        if using_connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS staff_scoring_raise_revision()")
            cursor.execute("DROP FUNCTION IF EXISTS staff_scoring_forget_kept()")
