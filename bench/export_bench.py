"""A large export as the background job makes it, next to bare openpyxl writing the same cells (P4, issue #15).

Run on demand (minutes, never in the test suite), against a throwaway PostgreSQL database:

    make bench-export                     # EXPORT_BENCH_URL names the database (default: export_bench, created)
    .venv/bin/python bench/export_bench.py --rows 20000 --pairs 3 --no-doc    # a quick look

It migrates, builds the demo county (`seed_demo --scale county`) and ``--rows`` ratings over its windows and stations
(a fifth of them 差评 with their follow-up) once, then runs ``--pairs`` pairs, alternating, each in a fresh child
process so that one run's memory is not the next one's:

* **export** — ``feedback.exports.make_ratings``, exactly what the worker runs for 好差评记录 of the whole province
  (the admin's scope): the rows from one ``values_list`` with the joins in SQL, streamed by ``core.xlsx.stream_xlsx``
  (openpyxl write-only) to a file, with the job's progress written every 0.5 s;
* **bare** — the same cells, produced beforehand into a list (not timed), appended to a bare openpyxl write-only
  workbook and saved: what writing the file costs at the least. The child also reports how long producing the rows
  alone took.

Target: export ≤ 1.2 × bare (ratio of the medians) and the export's peak RSS ≤ 200 MB. Results replace the marked
section of docs/performance.md (``--no-doc``: print only), with the load average before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- export_bench: begin -->", "<!-- export_bench: end -->"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def setup_django():
    import django

    django.setup()


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------------------------------ the data


COMMENTS = ["", "", "", "办事很快，态度好", "排队时间有点长", "材料一次说清楚了", "工作人员耐心解释", "等太久",
            "窗口人少", "服务热情周到，为民办实事"]
MATTERS = [("511000-001", "最低生活保障申请"), ("511000-017", "城乡居民养老保险参保登记"), ("511000-042", "残疾人证办理"),
           ("511000-105", "生育登记"), ("", "")]


def build(rows: int) -> None:
    from django.core.management import call_command

    from centers.models import Staff, Station, Window
    from feedback.models import FollowUp, Rating

    call_command("migrate", verbosity=0)
    if not Window.objects.exists():
        print("building the demo county (seed_demo --scale county) …", flush=True)
        call_command("load_fixtures", verbosity=0)
        call_command("seed_demo", "--scale", "county", verbosity=0)
    have = Rating.objects.count()
    if have >= rows:
        return
    print(f"adding {rows - have:,} ratings …", flush=True)
    rng = random.Random(15)
    windows = list(Window.objects.values_list("pk", "centre_id"))
    stations = list(Station.objects.values_list("pk", "centre_id"))
    staff_by_centre: dict[int, list[int]] = {}
    for pk, centre in Staff.objects.filter(centre__isnull=False).values_list("pk", "centre_id"):
        staff_by_centre.setdefault(centre, []).append(pk)
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    batch = []
    made = have
    while made < rows:
        at_window = rng.random() < 0.8 or not stations
        place, centre = rng.choice(windows if at_window else stations)
        level = rng.choices([5, 4, 3, 2, 1], [60, 20, 8, 7, 5])[0]
        code, name = rng.choice(MATTERS)
        people = staff_by_centre.get(centre) or [None]
        batch.append(Rating(
            centre_id=centre, window_id=place if at_window else None, station_id=None if at_window else place,
            staff_id=rng.choice(people) if at_window else None, channel=rng.choice(["service_qr", "window_qr"]),
            level=level, comment=rng.choice(COMMENTS), matter_code=code, matter_name=name,
            case_no=f"B{made:08d}" if code else "", rated_at=start + dt.timedelta(seconds=rng.randrange(365 * 86400)),
            nonce=f"bench{made:011d}"))
        made += 1
        if len(batch) == 10_000 or made == rows:
            saved = Rating.objects.bulk_create(batch)
            FollowUp.objects.bulk_create([
                FollowUp(rating=r, received_on=r.rated_at.date(), limit_days=15) for r in saved if r.level <= 2])
            batch = []
            print(f"  {made:,}", flush=True)


# ------------------------------------------------------------------------------------------------------ children


def child_export() -> dict:
    from django.contrib.auth import get_user_model

    from feedback.exports import make_ratings
    from jobs.models import Job, scope_key
    from jobs.runner import Progress

    admin, _ = get_user_model().objects.get_or_create(username="export-bench", defaults={"is_superuser": True,
                                                                                       "is_staff": True})
    job = Job.objects.create(kind="feedback.ratings", title="bench", owner=admin, scope_key=scope_key(admin))
    progress = Progress(job.pk)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
        wall, cpu = time.perf_counter(), time.process_time()
        make_ratings({"query": ""}, admin, progress, out)
        out.flush()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = os.path.getsize(out.name)
    job.delete()
    return {"wall": wall, "cpu": cpu, "rows": progress.done, "bytes": size, "peak_rss_mb": peak_rss_mb()}


def child_bare() -> dict:
    from openpyxl import Workbook

    from feedback.models import Rating
    from feedback.reports import HEADERS, rating_rows

    began = time.perf_counter()
    rows = list(rating_rows(Rating.objects.all()))
    produce = time.perf_counter() - began
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
        wall, cpu = time.perf_counter(), time.process_time()
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("好差评")
        ws.append(HEADERS)
        for row in rows:
            ws.append(row)
        wb.save(out)
        out.flush()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = os.path.getsize(out.name)
    return {"wall": wall, "cpu": cpu, "rows": len(rows), "bytes": size, "produce": produce}


def run_child(kind: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind], check=True, capture_output=True, text=True,
                         env=os.environ)
    return json.loads(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------------------ report


def section(rows: int, export: list[dict], bare: list[dict], load: tuple, load_end: tuple, when: str) -> str:
    med = statistics.median
    e_wall, b_wall = med([r["wall"] for r in export]), med([r["wall"] for r in bare])
    e_cpu, b_cpu = med([r["cpu"] for r in export]), med([r["cpu"] for r in bare])
    pairs = [e["wall"] / b["wall"] for e, b in zip(export, bare, strict=True)]
    rss = max(r["peak_rss_mb"] for r in export)
    produce = med([r["produce"] for r in bare])
    ratio = e_wall / b_wall
    ok = ratio <= 1.2 and rss <= 200
    lines = [
        f"Measured {when} by `bench/export_bench.py` (`make bench-export`, PostgreSQL 15, 2 cores shared with other "
        f"work): {rows:,} ratings × {len(HEADERS_FOR_DOC)} columns, {len(export)} alternating pairs, each run in a "
        f"fresh process. Load average: {load[0]:.2f} / {load[1]:.2f} (1 / 5 min) before, {load_end[0]:.2f} / "
        f"{load_end[1]:.2f} after.",
        "",
        "| run | median wall | median CPU | each pair's wall (s) | file | peak RSS |",
        "|---|---:|---:|---|---:|---:|",
        f"| export (the job: `values_list` → `stream_xlsx`) | {e_wall:.1f} s | {e_cpu:.1f} s | "
        f"{walls(export)} | {export[0]['bytes'] / 2**20:.1f} MB | {rss:.0f} MB |",
        f"| bare openpyxl write-only, same cells | {b_wall:.1f} s | {b_cpu:.1f} s | "
        f"{walls(bare)} | {bare[0]['bytes'] / 2**20:.1f} MB | (rows held in memory) |",
        "",
        f"Export / bare: **×{ratio:.2f}** (ratio of the medians; per pair: "
        f"{', '.join(f'×{p:.2f}' for p in pairs)}; median ×{med(pairs):.2f}); CPU time ×{e_cpu / b_cpu:.2f}. "
        f"Producing the {rows:,} rows alone "
        f"(one query, joins in SQL, no model instances): {produce:.1f} s (median). "
        f"**Target ≤ ×1.2 and ≤ 200 MB RSS: {'met' if ok else 'NOT met'}.**",
    ]
    return "\n".join(lines)


HEADERS_FOR_DOC: list = []


def walls(runs: list[dict]) -> str:
    return ", ".join(f"{r['wall']:.1f}" for r in runs)


def write_doc(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    DOC.write_text(doc[:start] + "\n" + text + "\n" + doc[end:], encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--no-doc", action="store_true")
    parser.add_argument("--child", choices=["export", "bare"])
    args = parser.parse_args()
    setup_django()
    if args.child:
        print(json.dumps(child_export() if args.child == "export" else child_bare()))
        return 0
    from django.db import connection

    if connection.vendor != "postgresql":
        print("export_bench needs PostgreSQL: set DATABASE_URL (make bench-export sets it)", file=sys.stderr)
        return 2
    from feedback.models import Rating
    from feedback.reports import HEADERS

    HEADERS_FOR_DOC[:] = HEADERS
    build(args.rows)
    rows = Rating.objects.count()
    load = os.getloadavg()[:2]
    print(f"{rows:,} ratings; load average {load[0]:.2f}", flush=True)
    export, bare = [], []
    for n in range(args.pairs):
        export.append(run_child("export"))
        bare.append(run_child("bare"))
        print(f"pair {n + 1}: export {export[-1]['wall']:.1f} s ({export[-1]['peak_rss_mb']:.0f} MB), "
              f"bare {bare[-1]['wall']:.1f} s (rows alone {bare[-1]['produce']:.1f} s)", flush=True)
    load_end = os.getloadavg()[:2]
    when = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M CST")
    text = section(rows, export, bare, load, load_end, when)
    print(text)
    if not args.no_doc:
        write_doc(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
