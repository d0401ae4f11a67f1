"""The ZIP of every score sheet of a county: a background job of PDFs, the inspector's county only."""

import io
import zipfile

import pytest
from django.urls import reverse

from assessment import reports
from jobs.models import Job, JobState
from tests.assessment import factories
from tests.jobs.test_jobs import run_worker

pytestmark = pytest.mark.django_db


def finalised(county):
    version = factories.published("baolin-centre")
    return factories.evaluation(county, kind="acceptance", version=version, answers=factories.full_answers(version),
                                state="finalised")


def test_the_zip_holds_each_finalised_sheet_of_the_county_as_a_pdf(login, world):
    mine, theirs = finalised(world.a), finalised(world.b)
    client = login(world.a.inspector)
    url = reverse("assessment:county_sheets")
    offer = client.get(url).content.decode()
    assert "共 1 份评分表" in offer
    job = Job.objects.get(pk=client.post(url)["Location"].rstrip("/").split("/")[-1])
    run_worker()
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (JobState.DONE, 1, 1), job.message
    response = client.get(reverse("jobs:job_download", kwargs={"job": job.pk}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [reports.sheet_filename(mine) + ".pdf"]
    assert archive.read(archive.namelist()[0])[:5] == b"%PDF-"
    assert theirs.subject_name not in job.filename and world.a.county.name in job.filename


def test_a_county_without_finalised_sheets_fails_with_a_chinese_message(login, world):
    client = login(world.a.inspector)
    client.post(reverse("assessment:county_sheets"))
    run_worker()
    job = Job.objects.get()
    assert job.state == JobState.FAILED and job.message == "该县/区还没有已定稿的评分表。"


def test_a_director_may_not_start_it(login, world):
    assert login(world.a.director).post(reverse("assessment:county_sheets")).status_code == 404
    assert not Job.objects.exists()
