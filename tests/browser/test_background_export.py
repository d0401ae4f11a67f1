"""A large export in the browser: the list's Excel button leads to the job's page, whose progress bar moves while the
worker makes the file, then offers the download. The job's task runs in a thread of the test process (as the worker
would run it) against the live server's database; the test holds it half-way to see the bar."""

import io
import threading

import pytest
from django.db import connections
from openpyxl import load_workbook
from playwright.sync_api import expect

from jobs import runner
from jobs.models import Job, JobState
from jobs.tasks import run_job
from tests.browser.helpers import log_in
from tests.feedback import factories as fb

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def held_worker(monkeypatch):
    """Runs a queued job's task in a thread, stopping when half the rows are written until the test lets it go on.

    On SQLite the thread shares the live server's database connection (an in-memory SQLite database is one
    connection, shared by the test and the server thread: a worker process, or a thread with its own connection, would
    not see it); on PostgreSQL it has its own, as a worker would."""
    halfway, go_on = threading.Event(), threading.Event()
    save = runner.Progress.save

    def save_and_hold(progress):
        save(progress)
        if progress.total and progress.done == progress.total // 2 and not halfway.is_set():
            halfway.set()
            go_on.wait(30)

    monkeypatch.setattr(runner.Progress, "save", save_and_hold)
    main = connections["default"]
    shared = main if main.vendor == "sqlite" else None  # PostgreSQL: the thread opens its own connection
    if shared:
        shared.inc_thread_sharing()  # as Django's LiveServerThread does for the same connection
    threads = []

    def start(job_id):
        def work():
            if shared:
                connections["default"] = shared
            try:
                run_job.call(str(job_id))
            finally:
                if not shared:
                    connections["default"].close()

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        threads.append(thread)

    yield start, halfway, go_on
    go_on.set()
    for thread in threads:
        thread.join(20)
    if shared:
        shared.dec_thread_sharing()


def test_an_export_shows_its_progress_bar_moving_and_then_the_download(live_server, browser, world, settings,
                                                                        held_worker):
    settings.JOBS_INLINE_MAX_ROWS = 2
    settings.JOBS_PROGRESS_INTERVAL = 0
    for n in range(6):
        fb.rating(world.a, 5, comment=f"第{n + 1}条")
    start_worker, halfway, go_on = held_worker
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    log_in(page, live_server, world.a.inspector)
    page.goto(f"{live_server.url}/feedback/ratings/")

    page.get_by_role("link", name="导出 Excel").click()
    expect(page.get_by_text("共 6 条")).to_be_visible()  # too big for the request: the page offers a job
    page.get_by_role("button", name="开始后台导出").click()

    bar = page.get_by_role("progressbar")
    expect(page.locator("#job-progress .job-state")).to_have_text("排队中")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    job = Job.objects.get()
    assert job.state == JobState.QUEUED
    start_worker(job.pk)  # what `manage.py db_worker` does with the queued task
    assert halfway.wait(30), "the worker reached half-way"
    expect(bar).to_have_attribute("aria-valuenow", "50", timeout=10_000)  # htmx polled the job's done/total
    expect(page.locator("#job-progress .job-count")).to_have_text("3 / 6")
    expect(page.get_by_role("link", name="下载")).to_have_count(0)

    go_on.set()
    download_link = page.get_by_role("link", name="下载")
    expect(download_link).to_be_visible(timeout=15_000)
    expect(bar).to_have_attribute("aria-valuenow", "100")
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx") and world.a.county.name in download.suggested_filename
    rows = list(load_workbook(io.BytesIO(open(download.path(), "rb").read())).active.iter_rows(values_only=True))
    assert len(rows) == 7 and {r[14] for r in rows[1:]} == {f"第{n + 1}条" for n in range(6)}
    context.close()
