"""The demo county's library: real PDFs with Chinese text, photos, tags on the demonstration rubrics' items, a
superseded regulation, and evidence on the demo's evaluations."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from assessment.models import Evaluation, EvaluationDocument, EvaluationKind
from centers.models import Region
from library import selectors
from library.models import Document, DocumentKind

pytestmark = pytest.mark.django_db


def test_the_demo_centres_and_stations_have_a_library_that_fills_their_evaluations(client):
    call_command("seed_demo")
    county = Region.objects.get(name="乐至县")
    documents = Document.objects.filter(centre__region__parent=county)
    assert {DocumentKind.TRAINING, DocumentKind.PLAN, DocumentKind.NOTICE_PHOTO} <= set(
        documents.values_list("kind", flat=True))
    assert documents.filter(station__isnull=False).exists() and documents.filter(superseded_by__isnull=False).exists()
    training = documents.filter(kind=DocumentKind.TRAINING, station__isnull=True).first()
    from pypdf import PdfReader

    assert "培训" in PdfReader(io.BytesIO(training.file.read())).pages[0].extract_text()
    assert documents.filter(title__endswith="服务大厅照片").first().file.read()[:3] == b"\xff\xd8\xff"
    assert len(selectors.tagged_item_keys(county, rubric_code="baolin-centre")) >= 10
    assert len(selectors.tagged_item_keys(county, rubric_code="baolin-station")) >= 4
    finalised = Evaluation.objects.filter(centre__region__parent=county, kind=EvaluationKind.SELF,
                                          state="finalised", station__isnull=True).order_by("-period").first()
    assert EvaluationDocument.objects.filter(evaluation=finalised).exists()
    client.force_login(User.objects.get(username="director"))
    page = client.get(reverse("assessment:evaluation_detail", kwargs={"evaluation": finalised.pk})).content.decode()
    assert "业务培训记录" in page
    # issue #16's target, with make demo's data: half of each demonstration rubric answered by facts or evidence
    out = io.StringIO()
    call_command("fact_coverage", "baolin-centre", stdout=out)
    assert "50.0%" in out.getvalue() or "50.0 %" in out.getvalue()
    from assessment.coverage import coverage

    assert coverage("baolin-centre").share() >= 50 and coverage("baolin-station").share() >= 50
    call_command("seed_demo")  # again: nothing added
    assert Document.objects.filter(centre__region__parent=county).count() == documents.count()
