"""Sign-off: draft → submitted → finalised through one transition table; a finalised evaluation refuses every
change (a correction is a new, linked evaluation); who did what and when is kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment import services
from assessment.models import Evaluation
from assessment.workflow import EVALUATION, IllegalMove
from core.models import AuditEntry
from tests.assessment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def complete(world, station_rubric):
    return factories.evaluation(world.a, kind="acceptance", subject=world.a.station, version=station_rubric,
                                answers=factories.full_answers(station_rubric))


def move(client, evaluation, action):
    return client.post(f"/evaluations/{evaluation.pk}/move/", {"action": action})


@pytest.mark.parametrize(("state", "action", "target"), [
    ("draft", "submit", "submitted"), ("submitted", "reopen", "draft"), ("submitted", "finalise", "finalised"),
])
def test_the_table_allows_these_moves(state, action, target):
    assert EVALUATION.move(state, action, {"owner", "county"}).target == target


@pytest.mark.parametrize(("state", "action"), [
    ("draft", "finalise"), ("finalised", "reopen"), ("finalised", "submit"), ("submitted", "submit"),
    ("draft", "reopen"), ("draft", "fly"),
])
def test_the_table_refuses_every_other_move(state, action):
    with pytest.raises(IllegalMove):
        EVALUATION.move(state, action, {"owner", "county"})


def test_an_inspector_submits_and_finalises_and_who_and_when_are_kept(world, login, complete):
    client = login(world.a.inspector)
    move(client, complete, "submit")
    move(client, complete, "finalise")
    complete.refresh_from_db()
    assert complete.state == "finalised"
    assert complete.submitted_by == world.a.inspector and complete.finalised_by == world.a.inspector
    assert complete.submitted_at and complete.finalised_at
    actions = list(AuditEntry.objects.filter(object_id=str(complete.pk)).values_list("action", flat=True))
    assert "考核评分：提交" in actions and "考核评分：定稿（签发，之后不可修改）" in actions
    page = client.get(f"/evaluations/{complete.pk}/").content.decode()
    assert "操作记录" in page and "定稿" in page


def test_an_evaluation_with_unanswered_items_cannot_be_submitted(world, login, station_rubric):
    evaluation = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric)
    response = move(login(world.a.inspector), evaluation, "submit")
    evaluation.refresh_from_db()
    assert evaluation.state == "draft"
    page = login(world.a.inspector).get(response["Location"]).content.decode()
    assert "项未评分" in page


def test_a_director_cannot_sign_off_an_inspection(world, login, complete):
    services.evaluation_move(actor=world.a.inspector, evaluation=complete, action="submit")
    detail = f"/evaluations/{complete.pk}/"
    assert 'value="finalise"' in login(world.a.inspector).get(detail).content.decode()  # the county may sign off
    client = login(world.a.director)
    assert 'value="finalise"' not in client.get(detail).content.decode()  # the director is not offered it
    response = move(client, complete, "finalise")
    assert response.status_code == 302 and response["Location"] == detail
    page = client.get(detail).content.decode()
    assert "您不能对该考核评分执行「定稿（签发，之后不可修改）」" in page
    assert "已定稿" not in page
    complete.refresh_from_db()
    assert complete.state == "submitted" and complete.finalised_by is None


def test_a_director_submits_their_self_assessment_and_the_county_may_return_it(world, login, station_rubric):
    own = factories.evaluation(world.a, kind="self", subject=world.a.station, version=station_rubric,
                               answers=factories.full_answers(station_rubric), state="submitted")
    assert own.submitted_by == world.a.director
    move(login(world.a.inspector), own, "reopen")
    own.refresh_from_db()
    assert own.state == "draft" and own.submitted_at is None


def test_a_finalised_evaluation_refuses_every_change(world, login, complete, station_rubric):
    services.evaluation_move(actor=world.a.inspector, evaluation=complete, action="submit")
    services.evaluation_move(actor=world.a.inspector, evaluation=complete, action="finalise")
    complete.refresh_from_db()
    before = (complete.answers, complete.total, complete.revision, complete.state, complete.evidence.count())
    for user in (world.a.inspector, world.admin, world.a.director):
        client = login(user)
        data = factories.form_for(complete, {"1.1.1": False})
        response = client.post(f"/evaluations/{complete.pk}/edit/", data, follow=True)
        assert response.redirect_chain == [(f"/evaluations/{complete.pk}/", 302)], user
        assert "该考核评分已定稿，您不能修改。" in response.content.decode(), user
        for action in ("submit", "reopen", "finalise"):
            move(client, complete, action)
        client.post(f"/evaluations/{complete.pk}/evidence/",
                    {"code": "1.1.1", "file": SimpleUploadedFile("a.png", factories.png_bytes())})
    with pytest.raises(IllegalMove):
        services.evaluation_save(actor=world.admin, evaluation=complete, revision=complete.revision,
                                 data=factories.form_for(complete, {}))
    with pytest.raises(IllegalMove):
        services.evidence_add(actor=world.admin, evaluation=complete, code="1.1.1",
                              upload=SimpleUploadedFile("a.png", factories.png_bytes()))
    complete.refresh_from_db()
    assert (complete.answers, complete.total, complete.revision, complete.state, complete.evidence.count()) == before
    page = login(world.a.inspector).get(f"/evaluations/{complete.pk}/edit/")
    assert page.status_code == 302


def test_a_correction_is_a_new_draft_linked_to_the_finalised_one(world, login, complete):
    services.evaluation_move(actor=world.a.inspector, evaluation=complete, action="submit")
    services.evaluation_move(actor=world.a.inspector, evaluation=complete, action="finalise")
    response = login(world.a.inspector).post(f"/evaluations/{complete.pk}/correct/")
    correction = Evaluation.objects.exclude(pk=complete.pk).get()
    assert response["Location"] == f"/evaluations/{correction.pk}/edit/"
    assert correction.corrects == complete and correction.state == "draft"
    assert correction.answers == complete.answers and correction.total == complete.total
    complete.refresh_from_db()
    assert complete.state == "finalised"
    # asking again gives the same open correction
    login(world.a.inspector).post(f"/evaluations/{complete.pk}/correct/")
    assert Evaluation.objects.count() == 2


def test_a_draft_cannot_be_corrected_and_a_director_cannot_correct_an_inspection(world, login, complete):
    login(world.a.inspector).post(f"/evaluations/{complete.pk}/correct/")
    assert Evaluation.objects.count() == 1
    services.evaluation_move(actor=world.a.inspector, evaluation=complete, action="submit")
    services.evaluation_move(actor=world.a.inspector, evaluation=complete, action="finalise")
    login(world.a.director).post(f"/evaluations/{complete.pk}/correct/")
    assert Evaluation.objects.count() == 1
