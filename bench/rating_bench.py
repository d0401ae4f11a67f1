"""The citizen's rating path under gunicorn, next to a hello-world Django view under the same gunicorn.

    make bench-rating        # RATING_BENCH_URL names the PostgreSQL database (default: rating_bench, made if missing)

Builds the demo county once in that database (``seed_demo``) plus ``--ratings`` stored ratings (so the limits'
query runs against a table of realistic size), then starts gunicorn as in production (the README's ``--workers``, DEBUG off,
bench/serve.py) with the rating limits raised for this run only (``BENCH_RATING_LIMITS_OFF=1``, bench/settings.py)
and measures, in alternating pairs with the hello-world view, the requests per second of:

* **landing** — ``GET /p/rate/w/<window>/`` (the printed QR: limits, then a per-scan token, 302);
* **form** — ``GET /p/rate/t/<token>/`` (the form for that token);
* **submit** — ``POST /p/rate/t/<token>/`` with a fresh token each (one rating in ten a 差评, which opens a follow-up).

``--clients`` concurrent client processes, ``--seconds`` per measurement, the median of ``--pairs`` pairs. The
result replaces the marked block in docs/performance.md (``--no-doc``: print only).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- rating_bench: begin -->", "<!-- rating_bench: end -->"

from bench import serve  # noqa: E402

LEVELS = (5, 4, 5, 4, 3, 5, 4, 5, 4, 1)  # one 差评 in ten


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def prepare(ratings: int) -> None:
    """Migrate, load the fixtures and seed the demo county once; top the ratings up to ``ratings``."""
    import io
    import random

    from django.core.management import call_command
    from django.utils import timezone

    from centers.models import Window
    from feedback.models import Rating

    call_command("migrate", verbosity=0)
    if not Window.objects.exists():
        call_command("load_fixtures", stdout=io.StringIO())
        call_command("seed_demo", stdout=io.StringIO())
    have = Rating.objects.count()
    if have < ratings:
        rng = random.Random(2026)
        windows = list(Window.objects.values_list("pk", "centre_id"))
        now = timezone.now()
        batch = []
        for i in range(ratings - have):
            window, centre = rng.choice(windows)
            batch.append(Rating(
                centre_id=centre, window_id=window, channel="window_qr", level=rng.choice(LEVELS[:-1]),
                rated_at=now - timezone.timedelta(minutes=rng.randrange(400 * 24 * 60)),
                nonce=f"bench{have + i}", device_hash=f"{rng.getrandbits(128):032x}",
                ip_hash=f"{rng.getrandbits(40):032x}",
            ))
            if len(batch) == 5000:
                Rating.objects.bulk_create(batch)
                batch = []
        Rating.objects.bulk_create(batch)
        log(f"ratings: {Rating.objects.count():,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--ratings", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn sync workers (default: the README's)")
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    # Citizens rate from their own phones: each request comes through the (trusted) proxy from its own address, as
    # in production behind nginx — from one address, the limits' per-address sum would grow with every rating of
    # the run (6,000 in an hour by its end) where the real limit keeps it under 30.
    env = serve.setup_django("RATING_BENCH_URL", "postgres://postgres@127.0.0.1:5432/rating_bench",
                             BENCH_RATING_LIMITS_OFF="1", TRUSTED_PROXIES="127.0.0.1")
    from django.conf import settings
    from django.core import signing

    from centers.models import Window
    from feedback import tokens

    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    prepare(args.ratings)
    serve.collectstatic(env)
    window = Window.objects.filter(active=True, staff__active_to__isnull=True).order_by("pk").first()
    staff_id = window.staff.filter(active_to__isnull=True).values_list("pk", flat=True).first()
    csrf = "b" * 32  # an unmasked CSRF secret, sent as cookie and field alike (Django accepts it)
    cookie_signer = signing.get_cookie_signer(salt=tokens.DEVICE_COOKIE + tokens.DEVICE_COOKIE_SALT)
    assert settings.SECRET_KEY == serve.SECRET

    def address(n: int) -> str:
        return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"

    def device(n: int) -> tuple[str, dict[str, str]]:
        device_id = f"{n:032x}"
        return device_id, {tokens.DEVICE_COOKIE: cookie_signer.sign(device_id), "csrftoken": csrf}

    counter = itertools.count()
    landing_path = f"/p/rate/w/{window.pk}/"

    def batch(kind: str, n: int) -> list[bytes]:
        out = []
        for _ in range(n):
            n_ = next(counter)
            device_id, cookies = device(n_)
            via = address(n_)
            if kind == "hello":
                out.append(serve.raw_request("GET", "/bench/hello/", forwarded_for=via))
            elif kind == "landing":
                out.append(serve.raw_request("GET", landing_path, cookies=cookies, forwarded_for=via))
            else:
                token = tokens.scan_token(device_id=device_id, window_id=window.pk)
                path = f"/p/rate/t/{token}/"
                if kind == "form":
                    out.append(serve.raw_request("GET", path, cookies=cookies, forwarded_for=via))
                else:
                    level = LEVELS[len(out) % len(LEVELS)]
                    body = urlencode({"csrfmiddlewaretoken": csrf, "level": level, "staff": staff_id, "comment": "",
                                      "phone": ""}).encode()
                    out.append(serve.raw_request("POST", path, cookies=cookies, body=body, forwarded_for=via))
        return out

    per_client = 4000  # more than a client sends in --seconds (each request is used once)
    server = serve.Gunicorn(env, workers=args.workers or None)
    expected = {"hello": 200, "landing": 302, "form": 200, "submit": 302}
    try:
        for kind in expected:  # warm-up and a check that each answers as it should
            status, _, body = serve.parse(serve.send(server.port, batch(kind, 1)[0]))
            if status != expected[kind]:
                raise SystemExit(f"{kind}: HTTP {status}: {body[:400]!r}")
        load_before = serve.load()
        results = {}
        for kind in ("landing", "form", "submit"):
            hello_rates, rates = [], []
            for _ in range(args.pairs):
                for which, into in (("hello", hello_rates), (kind, rates)):
                    rate, statuses = serve.throughput(
                        server.port, [batch(which, per_client) for _ in range(args.clients)], args.seconds
                    )
                    bad = {s: n for s, n in statuses.items() if s != expected[which]}
                    if bad:
                        raise SystemExit(f"{which}: unexpected answers {bad}")
                    into.append(rate)
            results[kind] = (serve.median(hello_rates), serve.median(rates), rates)
            log(f"{kind}: {serve.median(rates):.0f} req/s against hello {serve.median(hello_rates):.0f} req/s "
                f"(×{serve.median(rates) / serve.median(hello_rates):.2f}); runs {[round(r) for r in rates]}")
        load_after = serve.load()
    finally:
        server.stop()

    lines = [
        BEGIN,
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} by `bench/rating_bench.py` on {serve.machine()}: gunicorn, "
        f"{server.workers} sync workers, DEBUG off, PostgreSQL, {args.ratings:,} stored ratings; {args.clients} client processes on "
        f"the same machine, {args.seconds:g} s per run, median of {args.pairs} alternating pairs. Load average "
        f"before: {load_before}; after: {load_after}.",
        "",
        "| request | hello world (req/s) | rating path (req/s) | share of hello world | target ≥ 50 % |",
        "|---|---:|---:|---:|---|",
    ]
    names = {"landing": "QR landing `GET /p/rate/w/<id>/` (302)", "form": "form `GET /p/rate/t/<token>/`",
             "submit": "submit `POST /p/rate/t/<token>/` (302)"}
    for kind, (hello, rate, _) in results.items():
        share = rate / hello
        lines.append(f"| {names[kind]} | {hello:,.0f} | {rate:,.0f} | {share:.0%} | {'met' if share >= 0.5 else 'missed'} |")
    lines.append(END)
    block = "\n".join(lines)
    print("\n" + block)
    if args.no_doc:
        return
    serve.write_block(DOC, BEGIN, END, block, "The citizen's rating path")


if __name__ == "__main__":
    main()
