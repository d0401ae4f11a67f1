"""A catalogue's Excel as a background job: the same workbook as the button's, only for whoever may see it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jobs.models import Job, JobState
from tests.jobs.test_jobs import run_worker
from tests.matters import factories as mf

pytestmark = pytest.mark.django_db


def cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


def test_a_large_catalogue_is_made_by_the_worker_as_the_button_makes_it(login, world, catalogues, settings):
    local = mf.matter("L-1", "镇级产业扶持项目申报", centre=world.a.centre, legal_days=None)
    mf.entry(world.a.centre, local, window=world.a.window)
    client = login(world.a.director)
    url = reverse("matters:centre_export", kwargs={"centre": world.a.centre.pk})
    at_once = cells(client.get(url).content)
    settings.JOBS_INLINE_MAX_ROWS = 0
    assert "项事项" in client.get(url).content.decode()
    client.post(url)
    run_worker()
    job = Job.objects.get()
    assert job.state == JobState.DONE and job.done == job.total >= 1, job.message
    made = client.get(reverse("jobs:job_download", kwargs={"job": job.pk}))
    assert cells(b"".join(made.streaming_content)) == at_once
    assert login(world.b.director).post(url).status_code == 404  # another county's director cannot start it
