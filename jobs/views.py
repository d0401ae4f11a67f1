"""A user's jobs: the list, one job's page with its progress bar (htmx polls ``job_progress``), the download."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import role_required
from core.exports import attachment_header
from core.roles import EVERYONE, Role
from jobs import registry, runner, selectors, services
from jobs.models import JobState

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {"xlsx": XLSX_TYPE, "zip": "application/zip", "pdf": "application/pdf"}


@role_required(*EVERYONE, Role.SUPERVISOR)
def job_list(request):
    return render(request, "jobs/job_list.html", {"jobs": selectors.jobs_for(request.user)[:50]})


@role_required(*EVERYONE, Role.SUPERVISOR)
def job_detail(request, job):
    return render(request, "jobs/job_detail.html", {"job": selectors.get_job(request.user, job)})


@role_required(*EVERYONE, Role.SUPERVISOR)
def job_progress(request, job):
    return render(request, "jobs/_job_progress.html", {"job": selectors.get_job(request.user, job)})


@role_required(*EVERYONE, Role.SUPERVISOR)
def job_download(request, job):
    obj = selectors.get_job(request.user, job)
    path = runner.file_path(obj)
    if obj.state != JobState.DONE or path is None or not path.is_file():
        raise Http404(_("文件不存在或已过期"))
    ext = path.suffix.lstrip(".")
    response = FileResponse(open(path, "rb"), content_type=TYPES.get(ext, "application/octet-stream"))
    response["Content-Disposition"] = attachment_header(obj.filename or f"download.{ext}")
    return response


def inline_max() -> int:
    from django.conf import settings

    return int(getattr(settings, "JOBS_INLINE_MAX_ROWS", 5000))


def offer(request, *, kind: str, title: str, params: dict, rows: int, small=None, unit: str = ""):
    """How an export view answers. POST starts the job and goes to its page; a GET gives the file at once
    (``small()``) when there are at most ``JOBS_INLINE_MAX_ROWS`` rows (5,000), else a page with the row count and a
    button that starts the job. ``small=None``: always a job (e.g. a ZIP of PDFs)."""
    if request.method == "POST":
        try:
            job = services.start(request.user, kind, title, params)
        except registry.JobError as exc:
            messages.error(request, str(exc))
            return redirect("jobs:job_list")
        return redirect("jobs:job_detail", job=job.pk)
    if small is not None and rows <= inline_max():
        return small()
    return render(request, "jobs/job_offer.html", {"title": title, "rows": rows, "unit": unit or _("条"),
                                                   "action": request.get_full_path()})
