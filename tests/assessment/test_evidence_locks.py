"""Evidence is attached to and removed from drafts only, even when a submit or finalise races the upload: the
service locks the evaluation row and reads its state again inside its transaction."""

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from assessment import services
from assessment.models import Evaluation, Evidence
from assessment.workflow import IllegalMove
from tests.assessment import factories


def _png(name="现场.png"):
    return SimpleUploadedFile(name, factories.png_bytes())


@pytest.mark.django_db
def test_a_page_loaded_while_draft_cannot_attach_a_file_after_the_evaluation_was_finalised(world, station_rubric):
    draft = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric,
                                 answers=factories.full_answers(station_rubric))
    stale = Evaluation.objects.get(pk=draft.pk)  # what the upload view loaded
    services.evaluation_move(actor=world.a.inspector, evaluation=draft, action="submit")
    services.evaluation_move(actor=world.a.inspector, evaluation=draft, action="finalise")
    with pytest.raises(IllegalMove, match="已定稿"):
        services.evidence_add(actor=world.a.inspector, evaluation=stale, code="1.1.1", upload=_png())
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_a_file_of_a_finalised_evaluation_cannot_be_deleted_from_a_page_loaded_while_draft(world, station_rubric):
    draft = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric,
                                 answers=factories.full_answers(station_rubric))
    evidence = services.evidence_add(actor=world.a.inspector, evaluation=draft, code="1.1.1", upload=_png())
    stale = Evidence.objects.select_related("evaluation").get(pk=evidence.pk)
    services.evaluation_move(actor=world.a.inspector, evaluation=draft, action="submit")
    with pytest.raises(IllegalMove, match="已提交|不能修改"):
        services.evidence_delete(actor=world.a.inspector, evidence=stale)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks the whole file)")
@pytest.mark.django_db(transaction=True)
def test_an_upload_racing_a_finalise_never_attaches_a_file_to_the_finalised_evaluation(world, station_rubric):
    draft = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric,
                                 answers=factories.full_answers(station_rubric))
    stale = Evaluation.objects.get(pk=draft.pk)
    moved = threading.Event()
    outcome: dict[str, object] = {}

    def sign_off():
        try:
            with transaction.atomic():
                obj = Evaluation.objects.get(pk=draft.pk)
                services.evaluation_move(actor=world.a.inspector, evaluation=obj, action="submit")
                services.evaluation_move(actor=world.a.inspector, evaluation=obj, action="finalise")
                moved.set()
                time.sleep(0.5)  # still uncommitted while the upload runs
        finally:
            moved.set()
            connection.close()

    def upload():
        moved.wait(5)
        try:
            services.evidence_add(actor=world.a.inspector, evaluation=stale, code="1.1.1", upload=_png())
            outcome["upload"] = "attached"
        except IllegalMove as exc:
            outcome["upload"] = str(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_off), threading.Thread(target=upload)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert Evaluation.objects.get(pk=draft.pk).state == "finalised"
    assert "已定稿" in str(outcome["upload"])
    assert not Evidence.objects.filter(evaluation=draft).exists()
