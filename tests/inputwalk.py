"""Hostile input over the whole site. Used by tests/core/test_hostile_input.py.

For every URL pattern (the same map ``tests/scopewalk.py`` walks) and every role that may open it, the walk first
asks the page once and records which query-string parameters (GET) or form fields (POST) the view reads — so a
parameter added tomorrow is fuzzed without anyone listing it — then sends each of those parameters again with every
value in ``HOSTILE``. No answer may be a 500 or an exception. POSTs run inside a rolled-back savepoint, so one
page's fuzz cannot delete the objects the next page needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from tests import scopewalk
from tests.factories import World

HOSTILE = [
    "²", "①", "１２", "١٢", "-1", "0", "99999999999999999999", "9223372036854775808", "2147483648", "1e5", "",
    " ", "\x00", "abc", "2025-13", "2025-Q5", "9999-12", "<script>", "1" * 5000,
]

# The values every query parameter also gets on its own (all values are sent to all of a page's parameters at once),
# and the only ones sent to exports (PDF, XLSX), which take a second to render.
KILLERS = ["²", "99999999999999999999", "\x00"]

# Pages whose POST ends the session or sends mail: their fuzz would only log the walker out.
NO_POST = {"logout", "accounts:logout"}


@contextmanager
def recording() -> Iterator[set[str]]:
    """Every key the code reads from any QueryDict (request.GET, request.POST) while the block runs."""
    keys: set[str] = set()
    originals = {name: getattr(QueryDict, name) for name in ("get", "getlist", "__getitem__", "__contains__")}

    def spy(name):
        original = originals[name]

        def wrapper(self, key, *args, **kwargs):
            if isinstance(key, str) and key not in ("_", "csrfmiddlewaretoken"):
                keys.add(key)
            return original(self, key, *args, **kwargs)

        return wrapper

    for name in originals:
        setattr(QueryDict, name, spy(name))
    try:
        yield keys
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)


def _ask(client: Client, method: str, url: str, data: dict) -> tuple[int | None, str, bool]:
    """(status or None, the exception if one escaped, is the answer a page)."""
    try:
        response = client.get(url, data) if method == "GET" else client.post(url, data)
    except Exception as exc:  # a 500 in production
        return None, f"{type(exc).__name__}: {str(exc)[:200]}", False
    return response.status_code, "", response.get("Content-Type", "").startswith("text/html")


def walk(world: World, routes: Iterable[scopewalk.Route] | None = None, roles: Iterable[str] | None = None,
         values: Iterable[str] = HOSTILE, methods: Iterable[str] = ("GET", "POST"), log=None) -> list[str]:
    """Every 500 or exception found, as readable lines; empty when all is well. ``log``: a callable told each page."""
    problems: list[str] = []
    values = list(values)
    users = world.users_by_role()
    clients = {}
    for role in roles or ("admin", "supervisor", "inspector", "director", "staff"):
        clients[role] = Client(raise_request_exception=True)
        clients[role].force_login(users[role])
    for route in routes if routes is not None else scopewalk.routes():
        if any(a not in scopewalk.ARGUMENTS for a in route.arguments):
            continue  # the scope walk reports it
        url = reverse(route.name, kwargs={a: scopewalk.ARGUMENTS[a][1](world.a) for a in route.arguments})
        for role, client in clients.items():
            for method in methods:
                if method == "POST" and route.name in NO_POST:
                    continue
                with transaction.atomic():
                    with recording() as keys:
                        status, error, html = _ask(client, method, url, {"_": "1"})
                    if error:
                        problems.append(f"{method} {route.name} as {role} (plain): {error}")
                    if status is None or status in (404, 405) or (method == "GET" and status >= 300) or not keys:
                        transaction.set_rollback(True)
                        continue
                    if log:
                        log(f"{method} {route.name} as {role}: {sorted(keys)}")
                    cases = [{k: v for k in keys} for v in (values if html else KILLERS)]
                    if len(keys) > 1 and method == "GET":  # a form cleans every field anyway
                        cases += [{k: v} for v in KILLERS for k in sorted(keys)]
                    for data in cases:
                        status, error, _ = _ask(client, method, url, data)
                        if error or status >= 500:
                            shown = {k: (v if len(v) < 20 else v[:8] + "…") for k, v in data.items()}
                            problems.append(f"{method} {route.name} as {role} {shown}: {error or status}")
                            if log:
                                log("  " + problems[-1])
                    transaction.set_rollback(True)
    return problems
