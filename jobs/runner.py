"""Runs a job in the worker (``jobs.tasks.run_job``): claims it, calls its producer with a progress reporter, stores
the file under ``MEDIA_ROOT/jobs/`` with a random name, and records done or a Chinese failure. ``cleanup`` deletes
expired jobs and their files and fails jobs whose worker died (docs/architecture.md § Background jobs)."""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import registry
from jobs.models import KEEP_DAYS, Job, JobState, scope_key

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=15)  # a running job whose worker has written no progress for this long has died


def failed_text() -> str:
    return _("导出失败：系统内部错误，请稍后重试；如再次失败请联系管理员。")


def interrupted_text() -> str:
    return _("后台任务中断（服务重启或超时），请重新导出。")


def files_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs"


def file_path(job: Job) -> Path | None:
    return files_dir() / job.file if job.file else None


class Progress:
    """``done`` of ``total``, written to the job row at most every ``JOBS_PROGRESS_INTERVAL`` seconds (0.5 s)."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.done = 0
        self.total: int | None = None
        self.interval = float(getattr(settings, "JOBS_PROGRESS_INTERVAL", 0.5))
        self._last = time.monotonic()

    def start(self, total: int) -> None:
        self.total = max(0, int(total))
        self.save()

    def add(self, n: int = 1) -> None:
        self.done += n
        if time.monotonic() - self._last >= self.interval:
            self.save()

    def each(self, rows):
        """Yield ``rows`` counting each one (the producer's rows on their way to the writer)."""
        interval, last, clock = self.interval, self._last, time.monotonic
        for row in rows:
            yield row
            self.done += 1
            if not self.done & 0x3FF or interval == 0:  # look at the clock every 1,024 rows
                if clock() - last >= interval:
                    self.save()
                    last = self._last

    def save(self) -> None:
        Job.objects.filter(pk=self.job_id).update(done=self.done, total=self.total, heartbeat=timezone.now())
        self._last = time.monotonic()


def _fail(job_id, message: str) -> None:
    Job.objects.filter(pk=job_id).update(state=JobState.FAILED, message=message[:500], finished_at=timezone.now())


def run(job_id) -> str:
    """Run one queued job; returns its final state. A job already claimed (run twice by a retry) is left alone."""
    now = timezone.now()
    if not Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(state=JobState.RUNNING, started_at=now,
                                                                        heartbeat=now):
        return "skipped"
    job = Job.objects.select_related("owner").get(pk=job_id)
    maker = registry.producer(job.kind)
    path = None
    progress = Progress(job.pk)
    try:
        if maker is None:
            raise registry.JobError(_("不支持的导出类型，请重新导出。"))
        if not job.owner.is_active or scope_key(job.owner) != job.scope_key:
            raise registry.JobError(_("发起人的账号或权限范围已变更，导出已取消。"))
        files_dir().mkdir(parents=True, exist_ok=True)
        path = files_dir() / f"{uuid.uuid4().hex}.{maker.ext}"
        with open(path, "wb") as out:
            filename = maker.make(job.params, job.owner, progress, out)
    except registry.JobError as exc:
        _discard(path)
        _fail(job.pk, str(exc))
        return JobState.FAILED
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _discard(path)
        _fail(job.pk, failed_text())
        return JobState.FAILED
    finished = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        state=JobState.DONE, done=progress.done, total=progress.total if progress.total is not None else progress.done,
        file=path.name, filename=filename[:200], size=path.stat().st_size, finished_at=finished, heartbeat=finished,
        expires_at=finished + timedelta(days=KEEP_DAYS))
    return JobState.DONE


def _discard(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


def cleanup(now=None) -> dict[str, int]:
    """Delete jobs past their expiry (7 days) with their files, fail running jobs whose worker died, and prune the
    task framework's finished rows of the same age. Run after every job by the worker and daily by cron
    (``manage.py jobs_cleanup``)."""
    now = now or timezone.now()
    expired = Job.objects.expired(now)
    files = 0
    for stored in expired.exclude(file="").values_list("file", flat=True):
        path = files_dir() / stored
        if path.exists():
            path.unlink(missing_ok=True)
            files += 1
    deleted, _ = expired.delete()
    stale = Job.objects.filter(state=JobState.RUNNING, heartbeat__lt=now - STALE_AFTER).update(
        state=JobState.FAILED, message=interrupted_text(), finished_at=now)
    from django_tasks_db.models import DBTaskResult

    pruned, _ = DBTaskResult.objects.filter(finished_at__lt=now - timedelta(days=KEEP_DAYS)).delete()
    return {"expired": deleted, "files": files, "stale": stale, "tasks": pruned}
