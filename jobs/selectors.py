"""Reads of jobs, scoped: a user finds only the jobs they started under their current scope (D14)."""

from django.db.models import QuerySet

from core.selectors import get_visible
from jobs.models import Job


def jobs_for(user) -> QuerySet:
    return Job.objects.visible_to(user).order_by("-created_at")


def get_job(user, pk) -> Job:
    return get_visible(Job, user, pk=pk)
