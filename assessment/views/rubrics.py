"""Rubric pages: list, upload (validate → preview → publish), preview of a version."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from assessment import selectors
from assessment.coverage import CoverageError, coverage
from assessment.models import RubricVersion
from assessment.rubrics import RUBRICS, rubric_of
from centers.models import ServiceCentre, Station
from core.access import role_required
from core.definitions import ShownProblem, import_definition, publish_definition, shown_problems
from core.formats import example_download, format_page
from core.params import id_param
from core.roles import READERS
from core.selectors import get_visible
from scoring.common import DefinitionError, describe_path
from scoring.rubric.model import RULE_NAMES_ZH

EXAMPLE_RUBRIC = "baolin-station.yaml"  # a real, complete fixture of moderate size


@role_required(*READERS)
def rubric_list(request):
    return render(request, "assessment/rubric_list.html", {
        "latest": selectors.latest_versions(), "versions": selectors.rubric_versions(),
    })


@role_required("admin")
@require_http_methods(["GET", "POST"])
def rubric_upload(request):
    form = RUBRICS.upload_form(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            outcome = import_definition(RUBRICS, content, source_name=upload.name, actor=request.user)
        except DefinitionError as exc:
            problems = shown_problems(exc.problems, content)
        except ValidationError as exc:  # the model's own checks, after the engine's
            problems = [ShownProblem(describe_path(field), message)
                        for field, messages in exc.message_dict.items() for message in messages]
        else:
            messages.success(request, outcome.message)
            return redirect("assessment:rubric_detail", rubric=outcome.obj.pk)
    return render(request, "assessment/rubric_upload.html", {"form": form, "problems": problems})


@role_required(*READERS)
def rubric_detail(request, rubric: int):
    version = get_object_or_404(RubricVersion.objects.select_related("uploaded_by"), pk=rubric)
    if not version.is_published and request.user.role != "admin" and not request.user.is_superuser:
        raise Http404(gettext("未发布的细则仅管理员可见"))
    return render(request, "assessment/rubric_detail.html", {
        "version": version, "rubric": rubric_of(version), "rule_names": RULE_NAMES_ZH,
        "older": RubricVersion.objects.filter(code=version.code).exclude(pk=version.pk).order_by("-version"),
    })


@role_required("admin")
def rubric_coverage(request, rubric: int):
    """Which criteria the system pre-fills or has evidence for (assessment.coverage), for a centre or station
    (``?centre=`` / ``?station=``) or the demo county."""
    version = get_object_or_404(RubricVersion, pk=rubric, published_at__isnull=False)
    subject = None
    centre, station = id_param(request, "centre", label="中心"), id_param(request, "station", label="站点")
    if station is not None:
        subject = get_visible(Station, request.user, pk=station)
    elif centre is not None:
        subject = get_visible(ServiceCentre, request.user, pk=centre)
    try:
        result = coverage(version.code, subject, version=version)
    except CoverageError as exc:
        messages.warning(request, str(exc))
        result = None
    counts = {}
    if result is not None:
        counts = {"fact_bound": result.count("fact_bound"), "evidence_tagged": result.count("evidence_tagged"),
                  "manual": result.count("manual"), "share": result.share()}
    return render(request, "assessment/rubric_coverage.html", {"version": version, "coverage": result,
                                                                "subject": subject, **counts})


@role_required("admin")
@require_POST
def rubric_publish(request, rubric: int):
    version = get_object_or_404(RubricVersion, pk=rubric)
    publish_definition(RUBRICS, version, actor=request.user)
    messages.success(request, gettext("已发布：%(version)s") % {"version": version})
    return redirect("assessment:rubric_detail", rubric=version.pk)


@role_required("admin")
def rubric_format(request):
    """docs/rubrics.zh.md, then docs/rubrics.md, as a page, with the example file to download (linked from the upload
    page)."""
    return format_page(request, guide="rubrics.zh.md", doc="rubrics.md", title="考核细则文件格式说明",
                       example_url=reverse("assessment:rubric_example"), back_url=reverse("assessment:rubric_upload"))


@role_required("admin")
def rubric_example(request):
    return example_download(Path(settings.FIXTURES_DIR) / "rubrics" / EXAMPLE_RUBRIC)
