"""What the HTTP benchmarks share: gunicorn started as in production, and a plain-socket HTTP client.

gunicorn runs ``config.wsgi`` with the sync workers of the README's production command (``--workers``, read from
README.md, so the benchmarks serve as production does), DEBUG off, on a free port of 127.0.0.1, with the benchmark's
settings module (``bench.settings``: the project's settings plus a hello-world page and, for the rating benchmark
only, raised rating limits). The client speaks HTTP/1.0 over a fresh connection per request (sync workers close
every connection) and reads the whole answer: the time of one request is connect → last byte. Standard library only.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-" + secrets.token_urlsafe(40)


def production_workers() -> int:
    """The ``--workers`` of the README's production gunicorn command (tools/prod_smoke.py runs that block in CI)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from prod_smoke import readme_block

    command = readme_block()[-1].split()
    return int(command[command.index("--workers") + 1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment gunicorn and the benchmark's own Django share (the same secret signs tokens and sessions)."""
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "bench.settings", "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1", "DATABASE_URL": database_url, "DJANGO_SECURE_SSL": "0",
        "PUBLIC_BASE_URL": "http://127.0.0.1", "AXES_ENABLED": "0",
    })
    env.update(extra)
    return env


def setup_django(url_variable: str, default_database: str, **extra: str) -> dict[str, str]:
    """Django set up in this process with the environment gunicorn will get (the database from ``url_variable``);
    returns that environment."""
    env = server_env(os.environ.get(url_variable, default_database), **extra)
    os.environ.update(env)
    import django

    django.setup()
    return env


def collectstatic(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int | None = None):
        self.workers = workers or production_workers()
        self.port = free_port()
        self.log = open(ROOT / "bench" / "results" / "gunicorn.log", "ab")  # noqa: SIM115 - closed in stop()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "config.wsgi", "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}",
             "--timeout", "120"], cwd=ROOT, env=env, stdout=self.log, stderr=self.log, start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}: see bench/results/gunicorn.log")
            try:
                status, _, _ = request(self.port, "GET", "/bench/hello/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def raw_request(method: str, path: str, *, cookies: dict[str, str] | None = None, body: bytes = b"",
                content_type: str = "application/x-www-form-urlencoded", forwarded_for: str | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.0", "Host: 127.0.0.1"]
    if forwarded_for:
        lines.append(f"X-Forwarded-For: {forwarded_for}")
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if body or method == "POST":
        lines += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def send(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def parse(answer: bytes) -> tuple[int, dict[str, list[str]], bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return int(lines[0].split()[1]), headers, body


def request(port: int, method: str, path: str, **kwargs) -> tuple[int, dict[str, list[str]], bytes]:
    return parse(send(port, raw_request(method, path, **kwargs)))


def timed(port: int, data: bytes) -> tuple[float, int, int]:
    """(seconds, status, body bytes) of one request."""
    started = time.perf_counter()
    status, _, body = parse(send(port, data))
    return time.perf_counter() - started, status, len(body)


def _client(port: int, requests: list[bytes], seconds: float, queue) -> None:
    done, statuses, i = 0, {}, 0
    stop_at = time.perf_counter() + seconds
    while time.perf_counter() < stop_at and i < len(requests):
        status = parse(send(port, requests[i]))[0]
        statuses[status] = statuses.get(status, 0) + 1
        done += 1
        i += 1
    queue.put((done, statuses))


def throughput(port: int, requests_per_client: list[list[bytes]], seconds: float) -> tuple[float, dict[int, int]]:
    """Requests per second of len(requests_per_client) concurrent client processes, each sending its own list in
    order (a request is never sent twice: one-time tokens stay one-time) for ``seconds``."""
    queue = multiprocessing.Queue()
    clients = [multiprocessing.Process(target=_client, args=(port, reqs, seconds, queue))
               for reqs in requests_per_client]
    started = time.perf_counter()
    for client in clients:
        client.start()
    results = [queue.get() for _ in clients]
    elapsed = time.perf_counter() - started
    for client in clients:
        client.join()
    statuses: dict[int, int] = {}
    for _, part in results:
        for status, n in part.items():
            statuses[status] = statuses.get(status, 0) + n
    return sum(done for done, _ in results) / elapsed, statuses


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def machine() -> str:
    return f"{cpu_model()}, {os.cpu_count()} cores; Python {sys.version.split()[0]}"


def write_block(doc: Path, begin: str, end: str, block: str, heading: str) -> None:
    """Replace the marked block of ``doc`` (or add it under ``heading`` at the end) and say so."""
    text = doc.read_text(encoding="utf-8")
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + f"\n\n## {heading}\n\n" + block + "\n"
    doc.write_text(text, encoding="utf-8")
    print(f"[{time.strftime('%H:%M:%S')}] wrote {doc.relative_to(ROOT)}", flush=True)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"
