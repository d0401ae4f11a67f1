"""Starting a job: the row the pages show, then the task the worker picks up (both in the database)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jobs import registry
from jobs.models import FINISHED, Job, scope_key
from jobs.tasks import run_job

MAX_RUNNING_PER_USER = 3


def start(user, kind: str, title: str, params: dict | None = None) -> Job:
    """Queue ``kind`` for ``user``; ``params`` (JSON) are what the producer needs to read the same rows the page
    showed. Raises ``JobError`` (Chinese) for an unknown kind or when the user already has jobs waiting."""
    if registry.producer(kind) is None:
        raise registry.JobError(_("不支持的导出类型。"))
    waiting = Job.objects.filter(owner_id=user.pk).exclude(state__in=FINISHED).count()
    if waiting >= MAX_RUNNING_PER_USER:
        raise registry.JobError(_("您已有 %(n)d 个导出正在进行，请等其完成后再试。") % {"n": waiting})
    job = Job.objects.create(kind=kind, title=title[:200], params=params or {}, owner=user,
                             scope_key=scope_key(user))
    result = run_job.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job
