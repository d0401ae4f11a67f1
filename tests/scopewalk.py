"""Walk every URL pattern as every role (D14). Used by tests/core/test_scope_walk.py.

For each pattern: anonymous users are sent to the login page unless the view is public (``@login_not_required``);
every non-admin role gets 404 for objects of the other county; no role ever gets a 500; list pages never show the
other county's names; the read-only supervisor (上级监管人员) opens exactly the pages of ``SUPERVISOR_OPENS`` and gets
404 for any POST but those starting an export job (``READ_ONLY_STARTS_JOBS``). A pattern with a URL argument this file does not know fails the walk, so every new URL pattern
is covered as soon as it is added: teach ``ARGUMENTS`` how to make that argument for a county.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import County, World

# argument name → (is it an object in a county?, how to make it for a county)
ARGUMENTS: dict[str, tuple[bool, Callable[[County], object]]] = {
    "centre": (True, lambda c: c.centre.pk),
    "station": (True, lambda c: c.station.pk),
    "window": (True, lambda c: c.window.pk),
    "staff": (True, lambda c: c.window_staff.pk),
    "fmt": (False, lambda c: "pdf"),
    "token": (False, lambda c: "S-not-a-valid-token"),  # public rating page: refuses a bad token
    "year": (False, lambda c: 2025),
    "ticket": (True, lambda c: feedback_object("ticket", c)),
    "followup": (True, lambda c: feedback_object("followup", c)),
    "complaint": (True, lambda c: feedback_object("complaint", c)),
    "notice": (True, lambda c: feedback_object("notice", c)),
    "rubric": (False, lambda c: published_rubric().pk),  # reference data: no region
    "matter": (True, lambda c: matters_object("matter", c)),  # a centre's local matter
    "entry": (True, lambda c: matters_object("entry", c)),
    "bundle": (True, lambda c: matters_object("bundle", c)),
    "service": (True, lambda c: matters_object("service", c)),
    "material": (True, lambda c: matters_object("material", c)),
    "catalogue": (False, lambda c: matters_object("catalogue", c)),  # reference catalogue: shared, no region
    "item": (False, lambda c: matters_object("item", c)),
    "month": (False, lambda c: 10),
    "ledger_event": (True, lambda c: redflags_object("ledger_event", c)),  # a window's monthly-ledger event
    "declaration": (True, lambda c: redflags_object("declaration", c)),  # a window's 附加分 declaration
    "event": (True, lambda c: staff_scoring_object("event", c)),  # a deduction of the county's window staff
    "appeal": (True, lambda c: staff_scoring_object("appeal", c)),
    "duty": (True, lambda c: staff_scoring_object("duty", c)),  # the centre's duty officer
    "scheme": (False, lambda c: staff_scoring_object("scheme", c)),  # a scheme version: reference data, admin only
    "evaluation": (True, lambda c: assessment_object("evaluation", c)),  # a centre's self-assessment draft
    "evidence": (True, lambda c: assessment_object("evidence", c)),  # a photo on that draft
    "guidance": (True, lambda c: assessment_object("guidance", c)),  # a guidance record (附件7)
    "rectification": (True, lambda c: assessment_object("rectification", c)),
    "job": (True, lambda c: jobs_object(c)),  # a finished export of the county's inspector (only theirs to see)
    "training": (True, lambda c: trainings_object(c).pk),  # a training with a pending deduction proposal
    "attendance": (True, lambda c: trainings_object(c).attendances.get(staff=c.window_staff).pk),
    "document": (True, lambda c: library_object("document", c)),  # a centre's document in the library
    "tag": (True, lambda c: library_object("tag", c)),  # that document's tag to a rubric item
}


def jobs_object(county: County):
    from tests.jobs.factories import walk_object

    return walk_object(county)


def trainings_object(county: County):
    from tests.trainings.factories import walk_object

    return walk_object(county)


def library_object(kind: str, county: County) -> int:
    from tests.library.factories import walk_object

    return walk_object(kind, county)


def assessment_object(kind: str, county: County) -> int:
    from tests.assessment.factories import walk_object

    return walk_object(kind, county)


def staff_scoring_object(kind: str, county: County) -> int:
    from tests.staff_scoring.factories import walk_object

    return walk_object(kind, county)


def redflags_object(kind: str, county: County) -> int:
    from tests.redflags.factories import walk_object

    return walk_object(kind, county)


def matters_object(kind, county):
    from tests.matters.factories import walk_object

    return walk_object(kind, county)


def published_rubric():
    """A published rubric version (reference data, readable by every role but staff)."""
    from django.conf import settings

    from assessment.rubrics import RUBRICS
    from core.definitions import import_definition

    path = settings.FIXTURES_DIR / "rubrics" / "baolin-station.yaml"
    return import_definition(RUBRICS, path.read_bytes(), source_name=path.name, publish=True).obj


SKIPPED_PREFIXES = ("admin:", "static", "media")
# Pages a read-only role may POST to: its own account (log out, change its password); home reads only.
READ_ONLY_MAY_POST = {"home", "logout", "password_change", "password_change_done"}
# Exports whose POST starts the background job that makes a big file (``role_required(..., export=True)``): the
# supervisor's POST there must go to the job's page (/jobs/…) and do nothing else.
READ_ONLY_STARTS_JOBS = {"feedback:rating_export", "feedback:complaint_export", "staff_scoring:region_export",
                         "assessment:county_sheets"}
# Every page the read-only supervisor (上级监管人员) opens with the walk's objects of its own city; any other page
# answers it 404. Its summary, the counties' evaluation overviews and what they link to (an evaluation it reads, its
# photos and documents, the comparison), ratings and complaints, the exports of these and of staff scores, its own
# export jobs (the walk's job is an inspector's: 404), the typed searches of their filters, its own account.
SUPERVISOR_OPENS = {
    "home", "logout", "password_change", "password_change_done",
    "oversight:summary",
    "assessment:county_overview", "assessment:county_export", "assessment:county_sheets",
    "assessment:compare_centre", "assessment:compare_station", "assessment:compare_window",
    "library:document_detail", "library:document_file",
    "feedback:overview", "feedback:rating_list", "feedback:rating_export", "feedback:complaint_list",
    "feedback:complaint_export", "feedback:complaint_detail",
    "staff_scoring:index", "staff_scoring:region_export",
    "jobs:job_list",
    "centers:centre_search", "centers:county_search",
}


def feedback_object(kind: str, county: County) -> int:
    """A rating code, 差评 follow-up, complaint or 容缺受理 notice in the county (tests/feedback/factories.py)."""
    from tests.feedback import factories

    return getattr(factories, kind)(county).pk


@dataclass
class Route:
    name: str
    pattern: URLPattern
    arguments: list[str]  # every argument of the full URL, those of the prefixes it is included under first

    @property
    def public(self) -> bool:
        return getattr(self.pattern.callback, "login_required", True) is False


def _arguments(entry: URLPattern | URLResolver) -> list[str]:
    return list(entry.pattern.converters) or list(entry.pattern.regex.groupindex)


def routes(resolver: URLResolver | None = None, namespace: str = "", outer: tuple[str, ...] = ()) -> Iterable[Route]:
    """Every named pattern; ``outer``: the arguments of the prefixes the resolver is included under."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if ns.startswith("admin:"):
                continue
            yield from routes(entry, ns, (*outer, *_arguments(entry)))
        elif entry.name and not f"{namespace}{entry.name}".startswith(SKIPPED_PREFIXES):
            yield Route(f"{namespace}{entry.name}", entry, [*outer, *_arguments(entry)])


def _request(client: Client, url: str):
    try:
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {})
        return response, None
    except Exception as exc:  # a 500 in production
        return None, f"{type(exc).__name__}: {exc}"


def _supervisor_post(client: Client, name: str, url: str) -> list[str]:
    """A POST of the read-only supervisor: 404, or on an export the start of its job (to the job's page)."""
    try:
        response = client.post(url, {"_": "1"})
    except Exception as exc:  # a 500 in production
        return [f"{name} as supervisor: a POST raised {type(exc).__name__}: {exc}"]
    if name in READ_ONLY_STARTS_JOBS:
        if response.status_code != 302 or not response["Location"].startswith("/jobs/"):
            return [f"{name} as supervisor: a POST answered {response.status_code}, not the start of an export job"]
        return []
    if response.status_code != 404:
        return [f"{name} as supervisor: a POST answered {response.status_code}, not 404 (the role only reads)"]
    return []


def walk(world: World, urlconf_routes: Iterable[Route] | None = None, names_outside: Iterable[str] = ()) -> list[str]:
    """Every scope problem found, as readable lines; empty when all is well."""
    problems: list[str] = []
    names_outside = list(names_outside) or [world.b.centre.name, world.b.window_staff.name]
    for route in urlconf_routes if urlconf_routes is not None else routes():
        unknown = [a for a in route.arguments if a not in ARGUMENTS]
        if unknown:
            problems.append(f"{route.name}: unknown URL argument(s) {unknown}; add them to tests/scopewalk.py ARGUMENTS")
            continue
        inside = reverse(route.name, kwargs={a: ARGUMENTS[a][1](world.a) for a in route.arguments})
        outside = reverse(route.name, kwargs={a: ARGUMENTS[a][1](world.b) for a in route.arguments})
        has_objects = any(ARGUMENTS[a][0] for a in route.arguments)

        anonymous = Client()
        response, error = _request(anonymous, inside)
        if error:
            problems.append(f"{route.name} anonymous: {error}")
        elif route.public:
            if response.status_code >= 500 or (response.status_code == 302 and "/login/" in response["Location"]):
                problems.append(f"{route.name}: public page answered {response.status_code} to an anonymous user")
        elif not (response.status_code == 302 and "/accounts/login/" in response["Location"]):
            problems.append(f"{route.name}: anonymous user got {response.status_code}, not the login page")
        if route.public:
            continue

        for role, user in world.users_by_role().items():
            client = Client()
            client.force_login(user)
            response, error = _request(client, inside)
            if error:
                problems.append(f"{route.name} as {role} (in scope): {error}")
            elif response.status_code >= 500:
                problems.append(f"{route.name} as {role} (in scope): {response.status_code}")
            if role == "admin":
                continue
            if role == "supervisor" and response is not None:
                opens = response.status_code != 404
                if opens != (route.name in SUPERVISOR_OPENS):
                    problems.append(f"{route.name} as supervisor: answered {response.status_code}; update "
                                    "tests/scopewalk.py SUPERVISOR_OPENS if the supervisor is to "
                                    f"{'open' if opens else 'be refused'} it")
            if role == "supervisor" and route.name not in READ_ONLY_MAY_POST:
                problems += _supervisor_post(client, route.name, inside)
            if has_objects:
                response, error = _request(client, outside)
                if error:
                    problems.append(f"{route.name} as {role} (out of scope): {error}")
                elif response.status_code != 404:
                    problems.append(f"{route.name} as {role}: another county's object answered {response.status_code}, not 404")
            elif response is not None and response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                text = response.content.decode()
                leaked = [name for name in names_outside if name in text]
                if leaked:
                    problems.append(f"{route.name} as {role}: the page shows another county's {leaked}")
    return problems
