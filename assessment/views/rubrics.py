"""Rubric pages: list, upload (validate → preview → publish), preview of a version."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from assessment import selectors
from assessment.forms import DefinitionUploadForm
from assessment.models import RubricVersion
from assessment.rubrics import RUBRICS, rubric_of
from core.access import role_required
from core.definitions import import_definition, publish_definition
from core.roles import READERS
from scoring.common import DefinitionError
from scoring.rubric.model import RULE_NAMES_ZH


@role_required(*READERS)
def rubric_list(request):
    return render(request, "assessment/rubric_list.html", {
        "latest": selectors.latest_versions(), "versions": selectors.rubric_versions(),
    })


@role_required("admin")
@require_http_methods(["GET", "POST"])
def rubric_upload(request):
    form = DefinitionUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = import_definition(RUBRICS, upload.read(), source_name=upload.name, actor=request.user)
        except DefinitionError as exc:
            problems = exc.problems
        else:
            messages.success(request, outcome.message)
            return redirect("assessment:rubric_detail", rubric=outcome.obj.pk)
    return render(request, "assessment/rubric_upload.html", {"form": form, "problems": problems})


@role_required(*READERS)
def rubric_detail(request, rubric: int):
    version = get_object_or_404(RubricVersion.objects.select_related("uploaded_by"), pk=rubric)
    if not version.is_published and request.user.role != "admin" and not request.user.is_superuser:
        raise Http404("未发布的细则仅管理员可见")
    return render(request, "assessment/rubric_detail.html", {
        "version": version, "rubric": rubric_of(version), "rule_names": RULE_NAMES_ZH,
        "older": RubricVersion.objects.filter(code=version.code).exclude(pk=version.pk).order_by("-version"),
    })


@role_required("admin")
@require_POST
def rubric_publish(request, rubric: int):
    version = get_object_or_404(RubricVersion, pk=rubric)
    publish_definition(RUBRICS, version, actor=request.user)
    messages.success(request, f"已发布：{version}")
    return redirect("assessment:rubric_detail", rubric=version.pk)
