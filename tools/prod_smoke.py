"""Production smoke test: the README's production commands, as written, on a clean copy of the checkout.

`make prod-smoke` runs it; `.ci/run` runs it after the PostgreSQL suite. It reads the ```sh block under
"### Production" in README.md and runs its lines in order — so the README and CI cannot drift apart — with the
environment the block's `export` line names (fresh values: a random secret key, this machine as the host, a throwaway
database, a free port). The last line starts gunicorn; the smoke then asks it, as the README's TLS proxy would
(`X-Forwarded-Proto: https`), for the login page, a static file under its hashed name and, after logging in as the
administrator the block creates, the home page: each must answer 200. A line ending in ``&`` (the background-job
worker) is started beside it and must still be running at the end. Then gunicorn and the worker are stopped.

The copy holds the files git tracks (as in the working tree), never untracked or ignored ones: what a fresh clone has.
DATABASE_URL from the environment selects the database (CI: an empty PostgreSQL database); else SQLite in the copy.
Only the standard library is used. Exits non-zero, with gunicorn's log, on the first failure; never hangs.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
STEP_TIMEOUT = 900  # seconds for one management command (migrate on a slow PostgreSQL)
START_TIMEOUT = 60  # seconds for gunicorn to answer
HTTP_TIMEOUT = 30
ADMIN_PASSWORD = "smoke-" + secrets.token_urlsafe(16)


class SmokeFailed(Exception):
    pass


def readme_block() -> list[str]:
    """The shell lines of the README's production block (continuations joined, comments and blanks dropped)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^### Production\n.*?^```sh\n(.*?)^```", text, re.M | re.S)
    if not match:
        raise SmokeFailed("README.md has no ```sh block under '### Production'")
    joined = re.sub(r"\\\n\s*", " ", match.group(1))
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.strip().startswith("#")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_checkout(dest: Path) -> None:
    """The tracked files as they are in the working tree, and the project's virtualenv by a link."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True, timeout=60).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is skipped
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    (dest / ".venv").symlink_to((ROOT / ".venv").resolve())


def smoke_env(app: Path, port: int, exported: set[str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AXES_"))}
    values = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{app / 'db.sqlite3'}",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
    }
    unknown = exported - set(values)
    if unknown:
        raise SmokeFailed(f"the README exports {sorted(unknown)}: teach tools/prod_smoke.py a value for each")
    env.update(values)
    env.update({"PORT": str(port), "MEDIA_ROOT": str(app / "media"), "PYTHONDONTWRITEBYTECODE": "1"})
    return env


class Client:
    """HTTP to gunicorn as the TLS proxy forwards it; cookies kept by hand (they are Secure: a cookie jar would not
    send them over the plain-HTTP hop)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, https: bool = True):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response, content


PASSED: list[str] = []


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise SmokeFailed(what)
    PASSED.append(what)
    print(f"  ok: {what}")


def check_site(port: int) -> None:
    client = Client(port)
    response, _ = client.request("GET", "/accounts/login/", https=False)
    expect(response.status in (301, 302) and response.getheader("Location", "").startswith("https://"),
           "plain HTTP without the proxy's X-Forwarded-Proto is redirected to HTTPS")

    response, content = client.request("GET", "/accounts/login/")
    expect(response.status == 200, f"login page answers 200 (got {response.status})")
    html = content.decode()
    expect(bool(response.getheader("Content-Security-Policy")), "the login page carries a Content-Security-Policy")
    hashed = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html)
    expect(bool(hashed), "the login page links the stylesheet under its hashed name")
    response, content = client.request("GET", hashed.group(1))
    expect(response.status == 200 and len(content) > 100, f"{hashed.group(1)} answers 200 (got {response.status})")
    script = re.search(r'src="(/static/vendor/bootstrap/bootstrap\.bundle\.min\.[0-9a-f]{12}\.js)"', html)
    expect(bool(script), "the login page loads Bootstrap under its hashed name")
    response, _ = client.request("GET", script.group(1))
    expect(response.status == 200, f"{script.group(1)} answers 200 (got {response.status})")

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    expect(bool(token), "the login form carries a CSRF token")
    response, _ = client.request("POST", "/accounts/login/", {
        "csrfmiddlewaretoken": token.group(1), "username": "admin", "password": ADMIN_PASSWORD})
    expect(response.status == 302 and "sessionid" in client.cookies,
           f"the administrator logs in (got {response.status}, cookies {sorted(client.cookies)})")
    response, content = client.request("GET", "/")
    expect(response.status == 200 and "admin" in content.decode(),
           f"the home page answers 200 to the logged-in administrator (got {response.status})")


def wait_until_listening(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SmokeFailed(f"gunicorn exited with {server.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise SmokeFailed(f"gunicorn did not answer on port {port} within {START_TIMEOUT} s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def main() -> int:
    lines = readme_block()
    exports = [line for line in lines if line.startswith("export ")]
    commands = [line for line in lines if not line.startswith("export ")]
    exported = {word.split("=", 1)[0] for line in exports for word in shlex.split(line)[1:]}
    if not commands or not commands[-1].startswith(".venv/bin/gunicorn "):
        raise SmokeFailed("the README's production block must end with the gunicorn command")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="prod-smoke-") as tmp:
        app = Path(tmp) / "app"
        app.mkdir()
        copy_checkout(app)
        env = smoke_env(app, port, exported)
        print(f"== production smoke in {app} (database {env['DATABASE_URL'].split('@')[-1]}, port {port})")
        log = open(Path(tmp) / "gunicorn.log", "w+b")  # noqa: SIM115 - read back on failure
        background: list[tuple[str, subprocess.Popen]] = []  # lines ending in "&": the job worker
        for command in commands[:-1]:
            print(f"$ {command}", flush=True)
            if command.endswith("&"):
                background.append((command, subprocess.Popen(
                    ["bash", "-c", "exec " + command[:-1]], cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True)))
                continue
            subprocess.run(["bash", "-c", command], cwd=app, env=env, check=True, timeout=STEP_TIMEOUT)
        print(f"$ {commands[-1]}", flush=True)
        server = subprocess.Popen(["bash", "-c", "exec " + commands[-1]], cwd=app, env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_until_listening(port, server)
            check_site(port)
            for command, process in background:
                expect(process.poll() is None, f"`{command}` is still running beside gunicorn")
        except Exception:
            for process in [server] + [p for _, p in background]:
                stop(process)
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-6000:])
            raise
        for process in [server] + [p for _, p in background]:
            stop(process)
    print("== production smoke passed")
    print(f"smoke: {len(PASSED)} passed, 0 failed")  # the closing line CI reads
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (SmokeFailed, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        print(f"PRODUCTION SMOKE FAILED: {exc}", file=sys.stderr)
        sys.exit(1)
