"""A background job: one export a user started, its progress and its file (docs/architecture.md § Background jobs).

The job row is the state the pages show (queued → running → done / failed, ``done`` of ``total``); django-tasks
keeps its own row per queued task (django_tasks_db), which the worker claims. Both live in the database, so a job
survives a restart of the web server or of the worker. A job and its file belong to the user who started it, under
the scope they had then (D14): ``Job.objects.visible_to(user)`` finds nothing else."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scope import scope_of

KEEP_DAYS = 7  # a finished job's file is deleted after a week


def scope_key(user) -> str:
    """The user's scope as text ("all", "region:/51/5120/", "staff:12", ""), stored with a job: a user whose scope
    has changed since (moved to another county) no longer finds the job."""
    scope = scope_of(user)
    if scope.everything:
        return "all"
    if scope.region_path:
        return f"region:{scope.region_path}"
    if scope.staff_id:
        return f"staff:{scope.staff_id}"
    return ""


class JobState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("正在生成")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


FINISHED = (JobState.DONE, JobState.FAILED)


def default_expiry():
    return timezone.now() + timedelta(days=KEEP_DAYS)


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> JobQuerySet:
        key = scope_key(user)
        if not key:
            return self.none()
        return self.filter(owner_id=user.pk, scope_key=key)

    def expired(self, now=None) -> JobQuerySet:
        return self.filter(expires_at__lte=now or timezone.now())


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("类型"), max_length=64)
    title = models.CharField(_("名称"), max_length=200)
    params = models.JSONField(default=dict, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.CASCADE,
                              related_name="+")
    scope_key = models.CharField(max_length=300, editable=False)
    state = models.CharField(_("状态"), max_length=8, choices=JobState.choices, default=JobState.QUEUED)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    total = models.PositiveIntegerField(_("总数"), null=True, blank=True)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    file = models.CharField(max_length=100, blank=True, editable=False)  # stored name under MEDIA_ROOT/jobs/
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)  # last progress written by the worker
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("保留至"), default=default_expiry, db_index=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="jobs_owner_recent")]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def waiting_long(self) -> bool:
        """Queued for over 2 minutes, or running without progress for 15: no worker is taking it (the page says so;
        ``jobs_cleanup`` fails a stalled run)."""
        now = timezone.now()
        if self.state == JobState.QUEUED:
            return self.created_at < now - timedelta(minutes=2)
        return self.state == JobState.RUNNING and self.heartbeat is not None and \
            self.heartbeat < now - timedelta(minutes=15)

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)
