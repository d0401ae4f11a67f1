"""The demo county has finished and draft evaluations of several kinds and a guidance record with open and closed
items; running the seed again changes nothing."""

import pytest
from django.core.management import call_command

from assessment.models import Evaluation, GuidanceRecord, RectificationItem
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_demo_county_has_finished_and_draft_evaluations_and_a_guidance_record():
    call_command("seed_demo")
    evaluations = Evaluation.objects.filter(centre__region__parent__name="乐至县")
    assert set(evaluations.values_list("state", flat=True)) == {"draft", "submitted", "finalised"}
    assert set(evaluations.values_list("kind", flat=True)) == {"self", "acceptance", "spot", "unannounced"}
    assert set(evaluations.values_list("subject_kind", flat=True)) == {"centre", "station", "window"}
    finalised = evaluations.filter(state="finalised")
    assert all(e.unanswered == 0 and e.total > 0 for e in finalised)
    states = set(RectificationItem.objects.values_list("state", flat=True))
    assert {"open", "closed"} <= states
    assert GuidanceRecord.objects.filter(evaluation__isnull=False).exists()
    assert AuditEntry.objects.filter(action="保存评分").count() >= finalised.count()


def test_running_the_demo_seed_again_keeps_the_evaluations():
    call_command("seed_demo")
    before = (Evaluation.objects.count(), RectificationItem.objects.count(), GuidanceRecord.objects.count())
    call_command("seed_demo")
    assert (Evaluation.objects.count(), RectificationItem.objects.count(), GuidanceRecord.objects.count()) == before
