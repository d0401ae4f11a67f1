"""Every page at province scale under gunicorn as in production: p50/p95 per role, queries and HTML size.

    make bench-pages         # PAGES_BENCH_URL names the PostgreSQL database (default: pages_bench, made if missing)

Builds the data once (re-runs reuse it):

* the province of ``seed_demo --scale province`` (3,000 centres, 30,000 stations, 200,000 staff) and the ledger
  benchmark's 5,000,000 staff events (bench/ledger_bench.py: COPY);
* every app's demo seeder (catalogues, evaluations, guidance, duty logs, ratings, complaints, notices, the window
  ledger) and the demo accounts, on the province's first two counties (``centers.demo.DemoCounty``);
* at province scale, with bulk inserts: ratings up to ``--ratings`` (a 差评 in twelve opens a follow-up, in every
  state), ``--complaints`` complaints, and a finalised evaluation of every centre (a copy of a demo one).

Then gunicorn serves it (the README's production workers, DEBUG off: bench/serve.py) and, for each role (every value of
``core.roles.Role`` that has an account, plus anonymous: a role added later is picked up), every GET page of the
URL map is asked ``--requests`` times (a page over 2 s: 5 times) after a warm-up that reaches every worker; a
404/403/405 or a redirect to the login page means the role has no such page. Not timed: Django's admin site, the log-out, and downloads (PDF,
XLSX, ZIP: they become background jobs; a GET that answers with a file rather than HTML is one). An export's own
page, where the file is asked for, is timed. Queries and HTML size come from one pass of Django's test client with
``CaptureQueriesContext``. The table replaces the marked block in docs/performance.md (``--no-doc``: print only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- page_bench: begin -->", "<!-- page_bench: end -->"
TARGET_MS = 100
SLOW_S = 2.0
SKIP_NAME = re.compile(r"(logout|download|pdf|xlsx|zip|qr_png)", re.I)  # an export's page is timed; its file is not

from bench import serve  # noqa: E402


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ------------------------------------------------------------------------------------------------------- the data


def build(ratings: int, complaints: int) -> None:
    import io

    from django.core.management import call_command

    from accounts.models import User
    from bench import ledger_bench

    call_command("migrate", verbosity=0)
    call_command("load_fixtures", stdout=io.StringIO())
    ledger_bench.ensure_staff(200_000, 2026)
    ledger_bench.ensure_events(2025, 5_000_000, 2026)
    if not User.objects.filter(username="director").exists():
        started = time.monotonic()
        seed_demo_on_province()
        log(f"demo seeders on the province's first counties: {time.monotonic() - started:.0f} s")
    bulk_ratings(ratings)
    bulk_complaints(complaints)
    evaluations_everywhere()
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics: bulk inserts leave the planner guessing (57 ratings)
        cursor.execute("ANALYZE")


def demo_counties():
    from centers.demo import DemoCounty
    from centers.models import Region, ServiceCentre, Staff, Station

    result = []
    for county in Region.objects.filter(path__startswith="/9/", level="county").order_by("path")[:2]:
        centres = list(ServiceCentre.objects.filter(region__parent=county).select_related("region").order_by("region__path"))
        stations = list(Station.objects.filter(centre__in=centres).order_by("region__path"))
        staff = list(Staff.objects.filter(centre__in=centres) | Staff.objects.filter(station__centre__in=centres))
        result.append(DemoCounty(county=county, centres=centres, stations=stations, staff=staff))
    return result


def seed_demo_on_province() -> None:
    from accounts.demo import seed_accounts
    from provision.management.commands.seed_demo import APP_SEEDERS

    counties = demo_counties()
    for module in APP_SEEDERS:
        log(f"  {module.__name__} …")
        module.seed(counties, random.Random(2026))
    seed_accounts(counties)


def bulk_ratings(target: int) -> None:
    from django.utils import timezone

    from centers.models import Staff, Station, Window
    from feedback.models import FollowUp, FollowUpState, Rating

    have = Rating.objects.count()
    if have >= target * 0.95:
        return
    started = time.monotonic()
    rng = random.Random(7)
    windows = list(Window.objects.filter(active=True).values_list("pk", "centre_id"))
    stations = list(Station.objects.values_list("pk", "centre_id"))
    staff_of_window = dict(Staff.objects.filter(window__isnull=False).values_list("window_id", "pk"))
    states = list(FollowUpState.values)
    now, today = timezone.now(), timezone.localdate()
    n = target - have
    for offset in range(0, n, 10_000):
        batch, bad = [], []
        for i in range(offset, min(n, offset + 10_000)):
            at = now - dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
            level = rng.choices((5, 4, 3, 2, 1), (60, 20, 8, 6, 6))[0]
            if rng.random() < 0.8:
                window, centre = rng.choice(windows)
                rating = Rating(centre_id=centre, window_id=window, staff_id=staff_of_window.get(window),
                                channel="window_qr", level=level, rated_at=at, nonce=f"pb{have + i}",
                                comment="服务很好" if level > 2 else "等候时间太长", device_hash=f"{rng.getrandbits(64):032x}")
            else:
                station, centre = rng.choice(stations)
                rating = Rating(centre_id=centre, station_id=station, channel="window_qr", level=level, rated_at=at,
                                nonce=f"pb{have + i}", device_hash=f"{rng.getrandbits(64):032x}")
            batch.append(rating)
        Rating.objects.bulk_create(batch)
        for rating in batch:
            if rating.level <= 2:
                day = timezone.localdate(rating.rated_at)
                state = rng.choice(states) if (today - day).days > 20 else FollowUpState.PENDING
                bad.append(FollowUp(rating=rating, state=state, received_on=day, limit_days=15))
        FollowUp.objects.bulk_create(bad)
    log(f"ratings: {Rating.objects.count():,}, follow-ups {FollowUp.objects.count():,} "
        f"({time.monotonic() - started:.0f} s)")


def bulk_complaints(target: int) -> None:
    from django.utils import timezone

    from centers.models import Staff
    from feedback.models import Complaint, ComplaintState

    have = Complaint.objects.count()
    if have >= target * 0.95:
        return
    rng = random.Random(8)
    people = list(Staff.objects.filter(window__isnull=False).values_list("pk", "window_id", "centre_id")[:50_000])
    today = timezone.localdate()
    batch = []
    for _ in range(target - have):
        staff, window, centre = rng.choice(people)
        state = rng.choice(ComplaintState.values)
        batch.append(Complaint(
            centre_id=centre, window_id=window, staff_id=staff, mode="written", category=rng.choice("123456789"),
            summary="窗口人员态度生硬", complainant_name="王某", complainant_phone="13900000000",
            received_on=today - dt.timedelta(days=rng.randrange(300)), state=state,
            finding="valid" if state in ("substantiated", "replied") else "",
        ))
    Complaint.objects.bulk_create(batch, batch_size=5000)
    log(f"complaints: {Complaint.objects.count():,}")


def evaluations_everywhere() -> None:
    """A finalised evaluation of every centre: copies of a demo centre's finalised acceptance evaluation."""
    from assessment.models import Evaluation
    from centers.models import ServiceCentre

    template = (Evaluation.objects.filter(state="finalised", station__isnull=True, window__isnull=True)
                .order_by("-pk").first())
    if template is None:
        return
    done = set(Evaluation.objects.values_list("centre_id", flat=True))
    missing = list(ServiceCentre.objects.exclude(pk__in=done).values_list("pk", flat=True))
    if not missing:
        return
    copies = []
    for pk in missing:
        copy = Evaluation.objects.get(pk=template.pk)
        copy.pk = copy.id = None
        copy.centre_id = pk
        copy.corrects_id = None
        copies.append(copy)
    Evaluation.objects.bulk_create(copies, batch_size=2000)
    log(f"evaluations: {Evaluation.objects.count():,}")


# ------------------------------------------------------------------------------------------------- the accounts


def accounts() -> list[tuple[str, object]]:
    """(role, user) for every role of core.roles.Role with an account (the demo's, by user name when it has one),
    then anonymous (None)."""
    from accounts.models import User
    from core.roles import Role

    result = []
    for role in Role.values:
        users = User.objects.filter(is_active=True, role=role)
        user = users.filter(username=role).first() or users.order_by("pk").first()
        if role == "admin":
            user = User.objects.filter(username="admin").first() or user
        if user is not None:
            result.append((role, user))
    return [*result, ("anonymous", None)]


def session_cookie(user) -> dict[str, str]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    if user is None:
        return {}
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return {settings.SESSION_COOKIE_NAME: store.session_key}


# -------------------------------------------------------------------------------------------------- the URL map


def patterns():
    """(name, route, pattern) of every URL pattern, Django's admin site aside."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(items, prefix, namespace):
        for item in items:
            if isinstance(item, URLResolver):
                if str(item.pattern).startswith("admin/"):
                    continue
                ns = f"{namespace}:{item.namespace}" if namespace and item.namespace else (item.namespace or namespace)
                yield from walk(item.url_patterns, prefix + str(item.pattern), ns)
            elif isinstance(item, URLPattern) and item.name:
                yield (f"{namespace}:{item.name}" if namespace else item.name), prefix + str(item.pattern), item

    return list(walk(get_resolver().url_patterns, "", ""))


def argument_values(home) -> dict:
    """URL argument → a value in the bench's home centre (the director's) or its county; unknown names are looked up
    as a model of that name (first object in the home county, else any)."""
    from django.apps import apps

    def in_home(model, lookups=None):
        lookups = lookups or getattr(model, "scope_region_lookups", ())
        qs = model._default_manager.all()
        for lookup in lookups:
            found = qs.filter(**{f"{lookup}__startswith": home.region.path}).order_by("pk").values_list("pk", flat=True).first()
            if found:
                return found
        for lookup in lookups:
            county = home.region.path.rsplit("/", 2)[0] + "/"
            found = qs.filter(**{f"{lookup}__startswith": county}).order_by("pk").values_list("pk", flat=True).first()
            if found:
                return found
        return qs.order_by("pk").values_list("pk", flat=True).first()

    def model(label):
        return apps.get_model(label)

    known = {
        "centre": home.pk,
        "window": in_home(model("centers.Window"), ("centre__region__path",)),
        "station": in_home(model("centers.Station"), ("centre__region__path",)),
        "staff": in_home(model("centers.Staff"), ("centre__region__path",)),
        "year": 2025, "month": 10, "token": "S-not-a-valid-token",
        "ticket": in_home(model("feedback.ServiceTicket")), "followup": in_home(model("feedback.FollowUp")),
        "complaint": in_home(model("feedback.Complaint")), "notice": in_home(model("feedback.DeficiencyNotice")),
        "rubric": model("assessment.RubricVersion").objects.filter(status="published").values_list("pk", flat=True).first()
        if hasattr(model("assessment.RubricVersion"), "status") else in_home(model("assessment.RubricVersion")),
        "matter": in_home(model("matters.Matter"), ("centre__region__path",)),
        "entry": in_home(model("matters.CatalogueEntry"), ("centre__region__path",)),
        "bundle": in_home(model("matters.OneThing"), ("centre__region__path",)),
        "service": in_home(model("matters.LifeService"), ("centre__region__path",)),
        "material": in_home(model("matters.Material"), ("matter__centre__region__path",)),
        "catalogue": in_home(model("matters.ReferenceCatalogue"), ()),
        "item": in_home(model("matters.ReferenceItem"), ()),
        "ledger_event": in_home(model("redflags.WindowEvent")),
        "declaration": in_home(model("redflags.Declaration")),
        "event": in_home(model("staff_scoring.StaffEvent"), ("staff__centre__region__path",)),
        "appeal": in_home(model("staff_scoring.Appeal")),
        "duty": in_home(model("staff_scoring.DutyOfficer")),
        "scheme": in_home(model("staff_scoring.SchemeVersion"), ()),
        "evaluation": in_home(model("assessment.Evaluation")),
        "evidence": in_home(model("assessment.Evidence")),
        "guidance": in_home(model("assessment.GuidanceRecord")),
        "rectification": in_home(model("assessment.RectificationItem")),
    }
    by_name = {m.__name__.lower(): m for m in apps.get_models()}

    def value(name):
        if name in known:
            return known[name]
        found = by_name.get(name) or by_name.get(name.replace("_", ""))
        return in_home(found) if found is not None else None

    return value


def pages(home) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, path) of every page to time, and the names left out (with why)."""
    from django.urls import reverse

    value = argument_values(home)
    out, left = [], []
    for name, route, _pattern in patterns():
        keys = re.findall(r"<(?:\w+:)?(\w+)>", route)  # the whole route's: prefixes may carry arguments
        if SKIP_NAME.search(name) or "fmt" in keys:
            left.append(f"{name} (download or log-out)")
            continue
        kwargs = {}
        for key in keys:
            kwargs[key] = value(key)
            if kwargs[key] is None:
                break
        if any(v is None for v in kwargs.values()):
            left.append(f"{name} (no object for {', '.join(k for k, v in kwargs.items() if v is None)})")
            continue
        try:
            path = reverse(name, kwargs=kwargs)
        except Exception as exc:  # noqa: BLE001 - a pattern this bench cannot build is listed, not fatal
            left.append(f"{name} ({type(exc).__name__})")
            continue
        out.append((name, path))  # a path ending in .xlsx may answer a page (a big export's job offer): timed
    return out, left


# ------------------------------------------------------------------------------------------------------ measuring


def count_queries(user, path: str) -> tuple[int, int, int, bool]:
    """(status, queries, HTML bytes, whether it is an HTML page) of one GET through Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    size = len(response.content) if not getattr(response, "streaming", False) else 0
    html = response.get("Content-Type", "").startswith("text/html")
    return response.status_code, len(queries.captured_queries), size, html


def time_page(port: int, cookies: dict, path: str, n: int, workers: int) -> tuple[int, list[float], int]:
    """Warm-up: one request (its status decides), then one at once per worker, so that each gunicorn worker has
    served the page before it is timed — what a process keeps for itself (parsed rubrics and schemes, QR drawings)
    is made on its first request, as it is once per worker after a restart; then ``n`` requests one at a time."""
    data = serve.raw_request("GET", path, cookies=cookies)
    seconds, status, size = serve.timed(port, data)
    if status != 200:
        return status, [], size
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda _: serve.timed(port, data), range(workers)))
    count = n if seconds < SLOW_S else 5
    times = [serve.timed(port, data)[0] for _ in range(count)]
    return status, times, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--ratings", type=int, default=100_000)
    parser.add_argument("--complaints", type=int, default=5_000)
    parser.add_argument("--only", default="", help="a regular expression: time only the URL names it finds")
    parser.add_argument("--roles", default="", help="comma-separated roles to time (default: every one)")
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    env = serve.setup_django("PAGES_BENCH_URL", "postgres://postgres@127.0.0.1:5432/pages_bench",
                             ALLOWED_HOSTS="127.0.0.1,testserver")
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("page_bench needs PostgreSQL: PAGES_BENCH_URL=postgres://…")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    build(args.ratings, args.complaints)
    serve.collectstatic(env)
    people = accounts()
    if args.roles:
        people = [(r, u) for r, u in people if r in args.roles.split(",")]
    director = next((u for r, u in people if r == "director"), None)
    from centers.models import ServiceCentre

    home = director.centre if director is not None else ServiceCentre.objects.order_by("pk").first()
    todo, left = pages(home)
    if args.only:
        todo = [(n, p) for n, p in todo if re.search(args.only, n)]
    log(f"{len(todo)} pages × {len(people)} roles; left out: {len(left)}")
    connection.close()
    server = serve.Gunicorn(env)
    rows, login_rows = [], []
    downloads: dict[str, str] = {}  # a GET that answers with a file, not a page
    load_before = serve.load()
    started = time.monotonic()
    try:
        for role, user in people:
            cookies = session_cookie(user)
            for name, path in todo:
                status, queries, html, is_page = count_queries(user, path)
                if status == 200 and not is_page:
                    downloads.setdefault(name, f"{name} (download)")
                    continue
                status, times, size = time_page(server.port, cookies, path, args.requests, server.workers)
                if status != 200:
                    continue
                p50, p95 = serve.percentile(times, 0.5) * 1000, serve.percentile(times, 0.95) * 1000
                rows.append((name, role, path, p50, p95, len(times), queries, html or size))
                log(f"{role:<10} {name:<40} p50 {p50:7.0f} ms  p95 {p95:7.0f} ms  {queries:4d} q  {html / 1024:7.0f} KB")
            # the login page, in the same run, as the reference next to each role's pages
            status, times, _size = time_page(server.port, {}, "/accounts/login/", args.requests, server.workers)
            login_rows.append((role, serve.percentile(times, 0.5) * 1000, serve.percentile(times, 0.95) * 1000))
    finally:
        server.stop()
    load_after = serve.load()
    write(rows, login_rows, left + list(downloads.values()), args, load_before, load_after, time.monotonic() - started)


def write(rows, login_rows, left, args, load_before, load_after, elapsed) -> None:
    from centers.models import ServiceCentre, Staff
    from feedback.models import Complaint, Rating
    from staff_scoring.models import StaffEvent

    missed = [r for r in rows if r[4] > TARGET_MS]
    big = [r for r in rows if r[7] > 500 * 1024]
    lines = [
        BEGIN,
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} by `bench/page_bench.py` on {serve.machine()}: gunicorn, "
        f"{serve.production_workers()} sync workers, DEBUG off, PostgreSQL; {ServiceCentre.objects.count():,} centres, {Staff.objects.count():,} "
        f"staff, {StaffEvent.objects.count():,} staff events, {Rating.objects.count():,} ratings, "
        f"{Complaint.objects.count():,} complaints. {args.requests} requests per page and role after a warm-up of each worker (a page "
        f"over {SLOW_S:g} s: 5), one at a time; time is connect → last byte on 127.0.0.1. Load average before: "
        f"{load_before}; after: {load_after} ({elapsed / 60:.0f} min).",
        "",
        "The login page in the same run (p50 / p95 ms, after each role's pages): "
        + "; ".join(f"{role} {p50:.0f} / {p95:.0f}" for role, p50, p95 in login_rows) + ".",
        "",
        f"**p95 ≤ {TARGET_MS} ms: {len(rows) - len(missed)} of {len(rows)} page × role pairs.** Over 500 KB of HTML: "
        f"{len(big)}.",
        "",
        "| page | role | p50 ms | p95 ms | requests | queries | HTML KB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, role, _path, p50, p95, n, queries, html in sorted(rows, key=lambda r: (r[0], r[1])):
        flag = " ✗" if p95 > TARGET_MS else ""
        lines.append(f"| `{name}` | {role} | {p50:.0f} | {p95:.0f}{flag} | {n} | {queries} | {html / 1024:.0f} |")
    lines += ["", "Not timed: " + "; ".join(left) + "." if left else "", END]
    block = "\n".join(lines)
    print("\n" + block)
    if args.no_doc or args.only or args.roles:
        return
    serve.write_block(DOC, BEGIN, END, block, "Every page at province scale")


if __name__ == "__main__":
    main()
