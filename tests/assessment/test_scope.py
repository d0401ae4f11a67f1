"""D14 for evaluations: another county's inspector gets 404 everywhere (reads and writes, with real data); staff
see none; a director sees their centre's evaluations, but not the county's inspections while still drafts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment import services
from assessment.models import Evaluation
from tests.assessment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(world, station_rubric):
    evaluation = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric,
                                      answers=factories.full_answers(station_rubric), state="submitted")
    draft = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric, period=2026)
    evidence = services.evidence_add(actor=world.a.inspector, evaluation=draft, code="1.1.1",
                                     upload=SimpleUploadedFile("a.png", factories.png_bytes()))
    record = factories.guidance(world.a)
    item = services.rectification_add(actor=world.a.inspector, record=record, problem="问题", measure="",
                                      owner="主任", limit_days=5)
    return {"evaluation": evaluation, "draft": draft, "evidence": evidence, "record": record, "item": item}


def requests(o):
    e, d, ev, r, i = o["evaluation"], o["draft"], o["evidence"], o["record"], o["item"]
    return [
        ("get", f"/evaluations/{e.pk}/", {}),
        ("get", f"/evaluations/{d.pk}/edit/", {}),
        ("post", f"/evaluations/{d.pk}/edit/", factories.form_for(d, {"1.1.1": False})),
        ("post", f"/evaluations/{d.pk}/preview/", factories.form_for(d, {})),
        ("post", f"/evaluations/{e.pk}/move/", {"action": "finalise"}),
        ("post", f"/evaluations/{e.pk}/correct/", {}),
        ("post", f"/evaluations/{e.pk}/rectify/", {"limit_days": 5}),
        ("get", f"/evaluations/{e.pk}/sheet.pdf", {}),
        ("get", f"/evaluations/{e.pk}/sheet.xlsx", {}),
        ("post", f"/evaluations/{d.pk}/evidence/", {"code": "1.1.1", "file": SimpleUploadedFile(
            "b.png", factories.png_bytes())}),
        ("get", f"/evaluations/{d.pk}/evidence/{ev.pk}/", {}),
        ("post", f"/evaluations/{d.pk}/evidence/{ev.pk}/delete/", {}),
        ("get", f"/guidance/{r.pk}/", {}),
        ("get", f"/guidance/{r.pk}/edit/", {}),
        ("post", f"/guidance/{r.pk}/items/", {"problem": "x", "owner": "y", "limit_days": 3}),
        ("get", f"/guidance/{r.pk}/record.pdf", {}),
        ("post", f"/rectifications/{i.pk}/move/", {"action": "report", "text": "done"}),
    ]


def snapshot(o):
    e, d = Evaluation.objects.get(pk=o["evaluation"].pk), Evaluation.objects.get(pk=o["draft"].pk)
    return (e.state, e.revision, d.answers, d.revision, d.evidence.count(), o["record"].items.count(),
            type(o["item"]).objects.get(pk=o["item"].pk).state, Evaluation.objects.count())


def test_another_countys_inspector_gets_404_everywhere_and_changes_nothing(world, login, objects):
    before = snapshot(objects)
    client = login(world.b.inspector)
    for method, url, data in requests(objects):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert snapshot(objects) == before


@pytest.mark.parametrize("who", ["staff", "outsider"])
def test_staff_and_users_without_a_role_get_404_everywhere(world, login, objects, who):
    user = world.a.staff_user if who == "staff" else world.nobody
    client = login(user)
    for method, url, data in requests(objects):
        assert getattr(client, method)(url, data).status_code == 404, url
    for url in ("/evaluations/", "/evaluations/new/", "/evaluations/county/", "/guidance/"):
        assert client.get(url).status_code == 404


def test_a_director_does_not_see_the_countys_inspection_drafts(world, login, objects):
    client = login(world.a.director)
    assert client.get(f"/evaluations/{objects['draft'].pk}/").status_code == 404
    assert client.get(f"/evaluations/{objects['evaluation'].pk}/").status_code == 200
    listing = client.get("/evaluations/").content.decode()
    assert f"/evaluations/{objects['evaluation'].pk}/" in listing
    assert f"/evaluations/{objects['draft'].pk}/" not in listing


def test_lists_never_show_another_countys_evaluations(world, login, station_rubric):
    other = factories.evaluation(world.b, kind="spot", subject=world.b.station, version=station_rubric)
    for user in (world.a.inspector, world.a.director):
        client = login(user)
        for url in ("/evaluations/", "/evaluations/county/" if user.role == "inspector" else "/guidance/"):
            text = client.get(url).content.decode()
            assert f"/evaluations/{other.pk}/" not in text and world.b.station.name not in text
