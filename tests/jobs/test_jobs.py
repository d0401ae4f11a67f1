"""Background jobs: a large export is started from its page, made by the worker with done/total written as it goes,
downloaded only by whoever started it (D14), failed with a Chinese message, and deleted after 7 days."""

import io
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from feedback.reports import HEADERS
from jobs import registry, runner, services
from jobs.models import Job, JobState
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db


def run_worker():
    """The real worker (`manage.py db_worker`), once over every queued task, in this process. Its loop closes "old"
    database connections as a request would; inside the test's transaction that would close the test's own
    connection (PostgreSQL), so that one call is left out, as Django's test client leaves it out for requests."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


@pytest.fixture
def three_ratings(world, settings):
    settings.JOBS_INLINE_MAX_ROWS = 2  # three ratings are "large"
    for level in (5, 4, 1):
        fb.rating(world.a, level, comment=f"等级{level}")
    fb.rating(world.b, 5, comment="外县")


@pytest.fixture
def producers():
    """Test producers, registered for the test only."""
    added = []

    def add(kind, make, ext="xlsx"):
        registry.register(kind, make, ext=ext)
        added.append(kind)

    yield add
    for kind in added:
        registry._PRODUCERS.pop(kind, None)


def start_ratings_export(client):
    url = reverse("feedback:rating_export") + "?level="
    offer = client.get(url)
    assert offer.status_code == 200 and offer["Content-Type"].startswith("text/html")
    assert "共 3 条" in offer.content.decode() and "开始后台导出" in offer.content.decode()
    started = client.post(url)
    assert started.status_code == 302
    return Job.objects.get(pk=started["Location"].rstrip("/").split("/")[-1])


def test_a_large_export_is_queued_made_by_the_worker_and_downloaded(login, world, three_ratings):
    client = login(world.a.inspector)
    job = start_ratings_export(client)
    assert job.state == JobState.QUEUED and job.owner == world.a.inspector
    task = DBTaskResult.objects.get(id=job.task_id)  # the queue is a table: a restart loses nothing
    assert task.status == "READY" and task.args_kwargs["args"] == [str(job.pk)]
    page = client.get(reverse("jobs:job_detail", kwargs={"job": job.pk})).content.decode()
    assert "排队中" in page and 'hx-trigger="every 1s"' in page

    run_worker()

    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (JobState.DONE, 3, 3)
    assert job.expires_at - job.finished_at == timedelta(days=7)
    partial = client.get(reverse("jobs:job_progress", kwargs={"job": job.pk})).content.decode()
    assert "100%" in partial and "hx-get" not in partial and job.filename in partial  # polling stops
    response = client.get(reverse("jobs:job_download", kwargs={"job": job.pk}))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert sorted(r[14] for r in rows[1:]) == ["等级1", "等级4", "等级5"]  # the county's three, not the other's
    assert job.filename.endswith(".xlsx") and world.a.county.name in job.filename


def test_a_small_export_is_still_the_file_at_once(login, world):
    fb.rating(world.a, 5)
    response = login(world.a.inspector).get(reverse("feedback:rating_export"))
    assert response["Content-Type"].startswith("application/vnd.openxml")
    assert not Job.objects.exists()


def test_the_job_reports_running_with_done_of_total_while_it_works(world, producers, settings):
    settings.JOBS_PROGRESS_INTERVAL = 0
    seen = []

    def make(params, user, progress, out):
        progress.start(4)
        for _row in progress.each(range(4)):
            job = Job.objects.get()
            seen.append((job.state, job.done, job.total))
        out.write(b"x")
        return "四行.xlsx"

    producers("test.four", make)
    job = services.start(world.a.director, "test.four", "四行")
    run_worker()
    assert seen == [(JobState.RUNNING, 0, 4), (JobState.RUNNING, 1, 4), (JobState.RUNNING, 2, 4),
                    (JobState.RUNNING, 3, 4)]
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.filename) == (JobState.DONE, 4, 4, "四行.xlsx")


def test_a_failure_shows_a_chinese_message_and_leaves_no_file(login, world, producers):
    def broken(params, user, progress, out):
        out.write(b"half")
        raise RuntimeError("disk on fire")

    def refused(params, user, progress, out):
        raise registry.JobError("所选考评期没有评分表。")

    producers("test.broken", broken)
    producers("test.refused", refused)
    one = services.start(world.a.inspector, "test.broken", "坏的")
    two = services.start(world.a.inspector, "test.refused", "拒绝的")
    run_worker()
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.state == two.state == JobState.FAILED
    assert one.message == runner.failed_text() and "disk" not in one.message
    assert two.message == "所选考评期没有评分表。"
    assert not list(runner.files_dir().glob("*")) if runner.files_dir().exists() else True
    client = login(world.a.inspector)
    page = client.get(reverse("jobs:job_detail", kwargs={"job": one.pk})).content.decode()
    assert "导出失败：系统内部错误" in page and 'role="alert"' in page
    assert client.get(reverse("jobs:job_download", kwargs={"job": one.pk})).status_code == 404


def test_only_the_user_who_started_a_job_finds_it(client, world, three_ratings):
    client.force_login(world.a.inspector)
    job = start_ratings_export(client)
    run_worker()
    urls = [reverse(f"jobs:{name}", kwargs={"job": job.pk}) for name in ("job_detail", "job_progress", "job_download")]
    for user in (world.b.inspector, world.a.director, world.admin):  # another county, a colleague, the admin
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
        assert job.title not in client.get(reverse("jobs:job_list")).content.decode()
    client.force_login(world.a.inspector)
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]


def test_a_user_whose_county_changed_no_longer_finds_the_job(client, world, three_ratings):
    client.force_login(world.a.inspector)
    job = start_ratings_export(client)
    run_worker()
    world.a.inspector.region = world.b.county
    world.a.inspector.save()
    client.force_login(world.a.inspector)
    assert client.get(reverse("jobs:job_download", kwargs={"job": job.pk})).status_code == 404


def test_jobs_and_files_are_deleted_after_seven_days(login, world, three_ratings):
    client = login(world.a.inspector)
    job = start_ratings_export(client)
    run_worker()
    job.refresh_from_db()
    path = runner.file_path(job)
    assert path.is_file()
    assert runner.cleanup(now=timezone.now() + timedelta(days=6))["expired"] == 0 and path.is_file()
    call_command("jobs_cleanup", verbosity=0)  # the daily command: nothing expired yet
    assert Job.objects.filter(pk=job.pk).exists()
    counts = runner.cleanup(now=timezone.now() + timedelta(days=7, minutes=1))
    assert counts["expired"] == 1 and counts["files"] == 1
    assert not path.exists() and not Job.objects.filter(pk=job.pk).exists()
    assert client.get(reverse("jobs:job_download", kwargs={"job": job.pk})).status_code == 404


def test_a_job_whose_worker_died_is_failed_with_a_message(world, producers):
    producers("test.never", lambda *a: "x.xlsx")
    job = services.start(world.a.inspector, "test.never", "中断")
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, heartbeat=timezone.now() - timedelta(minutes=20))
    assert runner.cleanup()["stale"] == 1
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.message == runner.interrupted_text()


def test_a_user_may_have_three_jobs_waiting_at_most(world, producers):
    producers("test.wait", lambda *a: "x.xlsx")
    for _ in range(3):
        services.start(world.a.director, "test.wait", "等待")
    with pytest.raises(registry.JobError, match="3 个导出正在进行"):
        services.start(world.a.director, "test.wait", "等待")


def test_the_complaints_export_holds_the_filtered_complaints_without_the_complainants(login, world, settings):
    open_one = fb.complaint(world.a)
    fb.complaint(world.b)
    client = login(world.a.inspector)
    small = client.get(reverse("feedback:complaint_export") + "?state=open")
    rows = list(load_workbook(io.BytesIO(small.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [open_one.pk] and rows[0][0] == "投诉编号"
    assert open_one.complainant_phone not in str(rows) and world.b.centre.name not in str(rows)
    settings.JOBS_INLINE_MAX_ROWS = 0
    client.post(reverse("feedback:complaint_export") + "?state=open")
    run_worker()
    job = Job.objects.get()
    assert (job.state, job.total) == (JobState.DONE, 1)
    response = client.get(reverse("jobs:job_download", kwargs={"job": job.pk}))
    rows_job = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows_job == rows


def test_the_polled_progress_costs_a_few_queries(client, world, producers, django_assert_max_num_queries):
    producers("test.poll", lambda *a: "x.xlsx")
    job = services.start(world.a.inspector, "test.poll", "轮询")
    client.force_login(world.a.inspector)
    with django_assert_max_num_queries(4):  # session, user, its region (the scope), job
        assert client.get(reverse("jobs:job_progress", kwargs={"job": job.pk})).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(reverse("jobs:job_list")).status_code == 200


def test_a_job_no_worker_takes_says_so_on_its_page(client, world, producers):
    producers("test.idle", lambda *a: "x.xlsx")
    job = services.start(world.a.inspector, "test.idle", "无人处理")
    client.force_login(world.a.inspector)
    url = reverse("jobs:job_progress", kwargs={"job": job.pk})
    assert "后台任务进程可能没有运行" not in client.get(url).content.decode()
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=3))
    assert "后台任务进程可能没有运行" in client.get(url).content.decode()
