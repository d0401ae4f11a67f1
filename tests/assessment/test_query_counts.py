"""Pages keep a constant number of queries as rubrics and evaluations grow (no N+1): each page is measured on a
small world, then the data grows (more evaluations, a bigger rubric, notes, evidence, history, rectification
items) and the page must stay within the first count."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment import services
from tests.assessment import factories

pytestmark = pytest.mark.django_db


def count(client, url, method="get", data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def grow(world, n: int = 6):
    """More of everything in county a: finalised self-assessments and inspections with notes and evidence, drafts,
    guidance records with items, for the centre, the station and the window."""
    centre_rubric = factories.published("baolin-centre")
    station_rubric = factories.published("baolin-station")
    window_rubric = factories.published("meishan-window")
    made = []
    for i in range(n):
        for kind, actor in (("self", world.a.director), ("acceptance", world.a.inspector)):
            answers = factories.full_answers(centre_rubric)
            answers["1.1.1"] = bool(i % 2)
            e = factories.evaluation(world.a, kind=kind, version=centre_rubric, answers=answers, period=2019 - i,
                                     actor=actor, state="finalised" if i % 3 else "submitted")
            made.append(e)
        e = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric,
                                 answers=factories.full_answers(station_rubric), state="finalised", period=2025)
        made.append(e)
        factories.evaluation(world.a, kind="unannounced", subject=world.a.window, version=window_rubric,
                             period=2019 - i)
        record = factories.guidance(world.a)
        for j in range(3):
            services.rectification_add(actor=world.a.inspector, record=record, problem=f"问题{i}-{j}", measure="",
                                       owner="主任", limit_days=5 + j)
    return made


@pytest.fixture
def base(world, centre_rubric, station_rubric):
    """The evaluations the measured pages show, made before measuring."""
    draft = factories.evaluation(world.a, kind="acceptance", version=centre_rubric)
    full = factories.full_answers(station_rubric)
    own = factories.evaluation(world.a, kind="self", subject=world.a.station, version=station_rubric, answers=full,
                               state="finalised")
    inspection = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric,
                                      answers={**full, "1.1.1": False}, state="finalised")
    record = factories.guidance(world.a)
    return {"draft": draft, "own": own, "inspection": inspection, "record": record}


def pages(world, base):
    draft, record = base["draft"], base["record"]
    return [
        ("get", "/evaluations/", None, world.a.inspector),
        ("get", "/evaluations/?kind=inspection&state=finalised", None, world.a.inspector),
        ("get", f"/evaluations/{draft.pk}/", None, world.a.inspector),
        ("get", f"/evaluations/{draft.pk}/edit/", None, world.a.inspector),
        ("post", f"/evaluations/{draft.pk}/preview/", factories.form_for(draft, {"1.1.1": True}), world.a.inspector),
        ("get", f"/evaluations/compare/station/{world.a.station.pk}/2025/", None, world.a.director),
        ("get", "/evaluations/county/", None, world.a.inspector),
        ("get", "/guidance/", None, world.a.inspector),
        ("get", f"/guidance/{record.pk}/", None, world.a.director),
        ("get", f"/centres/{world.a.centre.pk}/", None, world.a.director),
        ("get", f"/evaluations/?centre={world.a.centre.pk}", None, world.a.inspector),
        ("get", "/", None, world.a.inspector),
        ("get", f"/evaluations/{draft.pk}/sheet.pdf", None, world.a.inspector),
        ("get", f"/evaluations/{draft.pk}/sheet.xlsx", None, world.a.inspector),
        ("get", "/evaluations/county/ranking.xlsx", None, world.a.inspector),
        ("get", f"/guidance/{record.pk}/record.pdf", None, world.a.director),
    ]


def decorate(world, draft, n: int = 8):
    """Notes, evidence, history on the measured draft (more rows for the same page)."""
    codes = [c.code for _, _, c in factories.rubric_of(draft.rubric).iter_criteria()][:n]
    for code in codes:
        services.evidence_add(actor=world.a.inspector, evaluation=draft, code=code,
                              upload=SimpleUploadedFile("p.png", factories.png_bytes()))
    for i in range(3):
        draft.refresh_from_db()
        services.evaluation_save(actor=world.a.inspector, evaluation=draft, revision=draft.revision,
                                 data=factories.form_for(draft, {codes[i]: True},
                                                         **{f"n:{code}": f"说明{i}" for code in codes}))


def decorate_record(world, record, n: int = 4):
    """Rectification items on the measured guidance record, one reported and one closed (more rows, more people)."""
    items = [services.rectification_add(actor=world.a.inspector, record=record, problem=f"问题{i}", measure="整改",
                                        owner="主任", limit_days=5) for i in range(n)]
    services.rectification_move(actor=world.a.director, item=items[0], action="report", text="已整改")
    services.rectification_move(actor=world.a.director, item=items[1], action="report", text="已整改")
    services.rectification_move(actor=world.a.inspector, item=items[1], action="accept", text="")


def test_every_page_keeps_a_constant_number_of_queries(world, login, base, django_assert_max_num_queries):
    measured = {}
    for method, url, data, user in pages(world, base):
        client = login(user)
        count(client, url, method, data)  # warm: the rubric is parsed once per process
        measured[url] = count(client, url, method, data)
    grow(world)
    decorate(world, base["draft"])
    decorate_record(world, base["record"])
    base["draft"].refresh_from_db()
    for method, url, data, user in pages(world, base):
        if data is not None:
            data = factories.form_for(base["draft"], {"1.1.1": True})
        client = login(user)
        with django_assert_max_num_queries(measured[url], info=url):
            response = getattr(client, method)(url, data or {})
        assert response.status_code == 200


def test_a_bigger_rubric_costs_no_more_queries(world, login, station_rubric, django_assert_max_num_queries):
    small = factories.evaluation(world.a, kind="acceptance", subject=world.a.station, version=station_rubric)
    client = login(world.a.inspector)
    urls = [f"/evaluations/{small.pk}/", f"/evaluations/{small.pk}/edit/", f"/evaluations/{small.pk}/sheet.xlsx",
            f"/evaluations/{small.pk}/sheet.pdf"]
    for url in urls:
        client.get(url)
    counts = {url: None for url in urls}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    big = factories.evaluation(world.a, kind="acceptance", version=factories.published("meishan-centre"),
                               answers={"1.1.1": Decimal(1)})
    criteria = [len(list(factories.rubric_of(e.rubric).iter_criteria())) for e in (small, big)]
    assert criteria[1] > 2 * criteria[0], criteria  # the second rubric is much bigger
    for url in urls:
        big_url = url.replace(f"/{small.pk}/", f"/{big.pk}/")
        client.get(big_url)
        with django_assert_max_num_queries(counts[url], info=big_url):
            assert client.get(big_url).status_code == 200, big_url  # a refusal would cost nothing
