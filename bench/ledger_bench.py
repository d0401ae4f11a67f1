"""Period scores at province scale: `staff_scoring.scoring.period_scores` next to a bare GROUP BY over the same rows.

Run on demand (minutes, not part of the test suite) against a throwaway PostgreSQL database:

    createdb -h 127.0.0.1 -U postgres ledger_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ledger_bench .venv/bin/python bench/ledger_bench.py
    # scaled down: --staff 20000 --events 500000

It migrates, loads the scheme fixtures, builds the province (`seed_demo --scale province`: 200,000 staff) if the
database has no staff yet, generates ``--events`` events in ``--year`` with COPY (once; re-runs reuse them), then times
for a month, a quarter and the year, in the same run and alternating:

* **bare** — ``SELECT staff_id, rule, aggravated, points, level, SUM(occurrences), SUM(days) … WHERE date in period
  GROUP BY …`` over all active events of the period, every row fetched into Python;
* **scores** — ``period_scores(every staff member, period)`` (staff_scoring.scoring): every staff member's score,
  deductions, bonus, grade and flags, computed by the database (staff_scoring.setscores: the period's events summed
  per staff member with calendar caps per window, the capped-per-deed and once-per-deed rules' sums, and the year's
  flag-raising events), the engine only for a staff member with an event the scheme does not accept (none here).

``period_scores`` keeps each staff member's totals between calls while their events are unchanged
(staff_scoring.kept), so each period is measured in three states, prepared before each timed call and not timed:
the totals kept by the previous call; ``--changed`` staff changed since (their revision raised, as recording an
event does); nothing kept (the first call for a period). Each state is measured in ``--pairs`` alternating pairs
(bare, then scores, in the same conditions); the table gives the median of each and the median of the pairs'
ratios, with the load average before and after. Results replace the marked table in docs/performance.md (``--no-doc``: print only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- ledger_bench: begin -->", "<!-- ledger_bench: end -->"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench import serve  # noqa: E402
from centers.models import Staff  # noqa: E402
from staff_scoring.fixtures_loader import load_all  # noqa: E402
from staff_scoring.models import KeptTotal, LedgerRevision, StaffEvent  # noqa: E402
from staff_scoring.schemes import published_staff_versions, version_in_force  # noqa: E402
from staff_scoring.scoring import period_scores, sort_memory  # noqa: E402

# (rule, weight, kind, windowed?) — what a year of duty logs looks like: mostly everyday deductions and overtime,
# about one event in eight of a windowed rule (capped bonuses, deeds, awards, severe items).
WINDOW_RULES = [
    ("1", 25),
    ("3", 8),
    ("6", 5),
    ("7", 5),
    ("9", 6),
    ("28", 8),
    ("10a", 3),
    ("10b", 1),
    ("5", 2),
    ("15", 1),
    ("16", 1),
    ("17", 1),
    ("18", 1),
    ("19", 1),
    ("23", 0.5),
    ("24", 1),
    ("25", 1),
    ("26", 0.5),
    ("2", 1),
    ("4", 1),
    ("8", 0.5),
    ("B5", 10),
    ("B6a", 3),
    ("B6b", 1),
    ("B7", 2),
    ("B8", 2),
    ("B3", 2),
    ("B1", 0.2),
    ("B2", 0.3),
    ("B4", 0.1),
    ("22", 0.5),
    ("27", 0.2),
    ("11", 0.05),
    ("12", 0.05),
    ("13", 0.05),
    ("14", 0.05),
    ("20", 0.2),
    ("21", 0.2),
]
STATION_RULES = [
    ("1", 20),
    ("2", 1),
    ("3", 6),
    ("4", 8),
    ("5", 3),
    ("10", 1),
    ("11", 1),
    ("12", 1),
    ("16", 8),
    ("B5", 8),
    ("B6a", 3),
    ("B7", 2),
    ("B8", 2),
    ("B3", 2),
    ("15", 0.5),
    ("6", 0.05),
    ("7", 0.05),
    ("8", 0.05),
    ("9", 0.05),
    ("13", 0.2),
    ("14", 0.2),
]
BONUS = {"B1", "B2", "B3", "B4", "B5", "B6a", "B6b", "B7", "B8"}
LEVELS = {
    "B1": ("local", "city", "province", "national"),
    "B2": ("local", "city", "province", "national"),
    "B4": ("local", "city", "province"),
    "B7": ("centre", "county"),
}
AGGRAVATED = {"window": {"4": (25, 40), "8": (10, 20)}, "station": {"2": (25, 40), "12": (10, 40)}}
PER_DAY = {"window": {"2"}, "station": set()}  # 旷工: days, not occurrences
COLUMNS = (
    "staff_id",
    "scheme_version_id",
    "rule",
    "kind",
    "date",
    "occurrences",
    "days",
    "level",
    "aggravated",
    "points",
    "deed",
    "refers_to",
    "note",
    "photo",
    "source",
    "recorded_at",
    "status",
    "revoke_reason",
    "revision",
)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def ensure_staff(total: int, seed: int) -> None:
    if Staff.objects.exists():
        return
    started = time.monotonic()
    if total == 200_000:
        call_command("seed_demo", "--scale", "province", "--seed", str(seed))
    else:
        from centers.demo import seed_province

        counties = max(1, round(150 * total / 200_000))
        seed_province(random.Random(seed), counties=counties, staff_total=total)
    log(f"staff built: {Staff.objects.count():,} in {time.monotonic() - started:.0f} s")


def ensure_events(year: int, target: int, seed: int) -> None:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    have = StaffEvent.objects.filter(date__gte=start, date__lte=end).count()
    if have >= target:
        log(f"reusing {have:,} events of {year}")
        return
    if have:
        StaffEvent.objects.filter(date__gte=start, date__lte=end).delete()
    versions = published_staff_versions()
    v_window = version_in_force(versions, "centre", end).pk
    v_station = version_in_force(versions, "station", end).pk
    window_ids = list(Staff.objects.filter(centre__isnull=False).values_list("pk", flat=True))
    station_ids = list(Staff.objects.filter(station__isnull=False).values_list("pk", flat=True))
    share = len(window_ids) / (len(window_ids) + len(station_ids))
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    workdays = [d.isoformat() for d in days if d.weekday() < 5]
    rng = random.Random(seed)
    recorded = f"{year}-12-31 18:00:00+08"
    started = time.monotonic()
    log(f"generating {target:,} events with COPY …")
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # skip FK triggers while bulk loading
        done = 0
        while done < target:
            chunk = min(500_000, target - done)
            n_window = sum(1 for _ in range(chunk) if rng.random() < share)
            buffer = io.StringIO()
            for post, post_ids, rules, version, n in (
                ("window", window_ids, WINDOW_RULES, v_window, n_window),
                ("station", station_ids, STATION_RULES, v_station, chunk - n_window),
            ):
                codes = [r for r, _ in rules]
                weights = [w for _, w in rules]
                picks = rng.choices(codes, weights, k=n)
                people = rng.choices(post_ids, k=n)
                dates = rng.choices(workdays, k=n)
                for rule, staff_id, day in zip(picks, people, dates, strict=True):
                    buffer.write(_row(rng, post, staff_id, version, rule, day, recorded))
            buffer.seek(0)
            cursor.copy_expert(f"COPY staff_scoring_staffevent ({', '.join(COLUMNS)}) FROM STDIN", buffer)
            done += chunk
            log(f"  {done:,} rows ({time.monotonic() - started:.0f} s)")
        cursor.execute("SET session_replication_role = DEFAULT")
        # The load skipped every trigger, the ledger revisions' too: no kept total may outlive it.
        cursor.execute(f"DELETE FROM {KeptTotal._meta.db_table}")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # fresh statistics for every table (the staff were bulk-inserted too)
    log(f"events loaded in {time.monotonic() - started:.0f} s")


def _row(rng: random.Random, post: str, staff_id: int, version: int, rule: str, day: str, recorded: str) -> str:
    occurrences, days, level, aggravated, points, deed, refers = "1", r"\N", "", "f", r"\N", "", ""
    if rule in PER_DAY[post]:
        occurrences, days = r"\N", rng.choice(("0.5", "1"))
    if rule in LEVELS:
        level = rng.choice(LEVELS[rule])
    if rule in ("B1", "B2"):
        deed = f"D{rng.randrange(3000)}"
    elif rule == "B3" and rng.random() < 0.5:
        deed = f"P{rng.randrange(50_000)}"
    if rule == "27":
        refers = "24"
    if rule in AGGRAVATED[post] and rng.random() < 0.1:
        aggravated, points = "t", str(rng.randint(*AGGRAVATED[post][rule]))
    if rule in ("1", "B5") and rng.random() < 0.2:
        occurrences = "2"
    kind = "bonus" if rule in BONUS else "deduction"
    return (
        f"{staff_id}\t{version}\t{rule}\t{kind}\t{day}\t{occurrences}\t{days}\t{level}\t{aggravated}\t{points}\t"
        f"{deed}\t{refers}\t\t\tmanual\t{recorded}\tactive\t\t1\n"
    )


def bare(period) -> tuple[float, int]:
    sql = (
        "SELECT staff_id, rule, aggravated, points, level, SUM(occurrences), SUM(days) "
        "FROM staff_scoring_staffevent WHERE status = 'active' AND date >= %s AND date <= %s "
        "GROUP BY staff_id, rule, aggravated, points, level"
    )
    started = time.perf_counter()
    with sort_memory(), connection.cursor() as cursor:  # the sort memory period_scores gets
        cursor.execute(sql, [period.start, period.end])
        rows = cursor.fetchall()
    return time.perf_counter() - started, len(rows)


def forget(period) -> None:
    """Drop the period's kept totals (staff_scoring.kept), so that the next call computes every one of them."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {KeptTotal._meta.db_table} WHERE period = %s", [period.label])


def change(count: int, rng: random.Random) -> None:
    """Raise the ledger revision of ``count`` random staff, as recording an event for each of them would: their kept
    totals no longer count."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM centers_staff")
        low, high = cursor.fetchone()
        ids = sorted(rng.sample(range(low, high + 1), count))
        table = LedgerRevision._meta.db_table
        cursor.execute(f"INSERT INTO {table} (staff_id, revision) SELECT unnest(%s::bigint[]), 1 "
                       f"ON CONFLICT (staff_id) DO UPDATE SET revision = {table}.revision + 1", [ids])


def scores(period) -> tuple[float, dict]:
    """``period_scores`` of every staff member, timed."""
    stats: dict = {}
    started = time.perf_counter()
    result = period_scores(Staff.objects.all(), period, stats=stats)
    elapsed = time.perf_counter() - started
    stats["scored"] = sum(1 for s in result.values() if s.score is not None)
    return elapsed, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--staff", type=int, default=200_000)
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--pairs", type=int, default=5, help="alternating pairs per period (median reported)")
    parser.add_argument("--changed", type=int, default=2000, help="staff changed before a call, in the middle state")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--periods", default="{y}-10,{y}-Q4,{y}")
    parser.add_argument("--no-doc", action="store_true", help="print the table only, do not update docs/performance.md")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("ledger_bench needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/ledger_bench")

    from scoring.ledger import parse_period

    call_command("migrate", verbosity=0)
    load_all(io.StringIO())
    ensure_staff(args.staff, args.seed)
    ensure_events(args.year, args.events, args.seed)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM staff_scoring_staffevent WHERE date BETWEEN %s AND %s",
            [dt.date(args.year, 1, 1), dt.date(args.year, 12, 31)],
        )
        total_events = cursor.fetchone()[0]
        cursor.execute("SHOW max_parallel_workers_per_gather")
        workers = cursor.fetchone()[0]
    staff_count = Staff.objects.count()
    log(
        f"{staff_count:,} staff, {total_events:,} events in {args.year}, PostgreSQL "
        f"{connection.pg_version // 10000}, {os.cpu_count()} cores, max_parallel_workers_per_gather={workers}"
    )

    rng = random.Random(args.seed)
    # What each timed call finds, prepared (untimed) before it: the totals kept by the previous call; some staff
    # changed since (the current month's usual state); nothing kept (the first call for a period).
    states = [
        ("totals kept", lambda period: None),
        (f"{args.changed:,} staff changed", lambda period: change(args.changed, rng)),
        ("every total computed", forget),
    ]
    rows = []
    load_before = os.getloadavg()
    for label in args.periods.format(y=args.year).split(","):
        period = parse_period(label)
        bare(period)  # warm the cache for both
        scores(period)  # and keep the period's totals
        times: dict[str, list] = {name: [] for name, _prepare in states}  # (bare, scores, ratio, stats) per pair
        for _ in range(args.pairs):  # each state in its own pair: bare, then scores
            for name, prepare in states:
                t_bare, groups = bare(period)
                prepare(period)
                t_scores, stats = scores(period)
                times[name].append((t_bare, t_scores, t_scores / t_bare, stats))
        for name, _prepare in states:
            pairs = times[name]
            b = statistics.median(x[0] for x in pairs)
            s_ = statistics.median(x[1] for x in pairs)
            r = statistics.median(x[2] for x in pairs)
            rows.append((label, name, groups, b, s_, r, pairs[-1][3]))
            log(f"{label} {name}: bare {b:.2f} s ({groups:,} groups) · scores {s_:.2f} s · ×{r:.2f} (pairs: "
                f"{', '.join(f'{x[2]:.2f}' for x in pairs)}) · "
                f"{json.dumps(pairs[-1][3], default=lambda x: round(x, 2))}")

    load = os.getloadavg()
    lines = [
        BEGIN,
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} by `bench/ledger_bench.py` ({os.cpu_count()} cores, PostgreSQL "
        f"{connection.pg_version // 10000}, `max_parallel_workers_per_gather={workers}`): {staff_count:,} staff, "
        f"{total_events:,} events in {args.year}; median of {args.pairs} alternating pairs (bare, then period_scores) "
        f"for each state. Load average before: {load_before[0]:.2f} (1 min), {load_before[1]:.2f} (5 min); after: "
        f"{load[0]:.2f} (1 min), {load[1]:.2f} (5 min)"
        + (" — other work shared the 2 cores." if max(load[0], load_before[0]) >= 1.5 else "."),
        "",
        "| period | kept totals | bare GROUP BY (groups) | period_scores | ratio (median of pairs) | of which (last run): "
        "totals · flag query · Python | staff computed (last run) | distinct results | flag-raising events read | "
        "staff scored by the engine |",
        "|---|---|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for label, name, groups, b, s_, r, st in rows:
        lines.append(
            f"| {label} | {name} | {b:.2f} s ({groups:,}) | {s_:.2f} s | ×{r:.2f} | "
            f"{st['t_sql']:.2f} · {st['t_flags']:.2f} · {st['t_python']:.2f} s | {st['computed']:,} | "
            f"{st['distinct']:,} | {st['flag_events']:,} | {st['staff_by_engine']:,} |"
        )
    lines.append(END)
    block = "\n".join(lines)
    print()
    print(block)
    if args.no_doc:
        return
    serve.write_block(DOC, BEGIN, END, block, "Period scores at province scale")

if __name__ == "__main__":
    main()
