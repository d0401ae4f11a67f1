"""XLSX export and import of a catalogue (a centre's, a station's, a reference catalogue) and the template."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from centers import selectors as centre_selectors
from core.access import role_required
from core.exports import export_name, xlsx_response
from jobs.views import offer
from matters import exports, selectors, services
from matters.forms import ImportForm
from matters.imports import ImportErrors, parse_catalogue, target_kind
from matters.reports import catalogue_workbook, template_sheets
from matters.views.common import ADMIN, ALL_ROLES, MANAGERS, READERS, catalogue_url, change_of

# --- XLSX export / import -------------------------------------------------------------------------------------------

@role_required(*READERS)
def catalogue_export(request, centre: int | None = None, station: int | None = None):
    """A centre's catalogue or a station's proxy list (the URL names one of them)."""
    return _export(request, centre_selectors.get_service_place(request.user, centre=centre, station=station))


@role_required(*ALL_ROLES)
def reference_export(request, catalogue: int):
    return _export(request, selectors.get_catalogue(request.user, catalogue))


def _export(request, target):
    """At once up to 5,000 matters, else a background job (jobs/, ``matters.exports``)."""
    workbook = catalogue_workbook(target)
    return offer(request, kind=exports.CATALOGUE, title=workbook.filename,
                 params={"kind": target_kind(target), "pk": target.pk}, rows=workbook.count(), unit=_("项事项"),
                 small=lambda: xlsx_response(workbook.sheets(), workbook.filename + ".xlsx"))


@role_required(*ALL_ROLES)
def import_template(request):
    kind = request.GET.get("for", "centre")
    if kind not in ("reference", "centre", "station"):
        raise Http404(gettext("没有这种模板"))
    what = {"reference": "参考目录", "centre": "便民服务中心事项目录", "station": "便民服务站事项目录"}[kind]
    return xlsx_response(template_sheets(kind), export_name(what, "导入模板", ext="xlsx"))


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def catalogue_import(request, centre: int | None = None, station: int | None = None):
    """Into a centre's catalogue or a station's proxy list (the URL names one of them)."""
    return _import(request, centre_selectors.get_service_place(request.user, centre=centre, station=station))


@role_required(*ADMIN)
@require_http_methods(["GET", "POST"])
def reference_import(request, catalogue: int):
    return _import(request, selectors.get_catalogue(request.user, catalogue))


def _import(request, target):
    form = ImportForm.spreadsheet(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            plan = parse_catalogue(form.cleaned_data["file"], target)
            counts = services.catalogue_import(actor=request.user, plan=plan, **change_of(form))
        except ImportErrors as exc:
            problems = exc.messages
        else:
            if not any(counts.values()):
                messages.info(request, gettext("已导入 %(rows)s 行，内容与现有目录一致，没有改动") % {"rows": plan.counts['rows']})
            else:
                messages.success(request, (
                    gettext("导入完成：新增事项 %(matters_added)s 个，调整事项 %(matters_changed)s 个，目录新增 %(list_added)s 项，目录调整 %(list_changed)s 项") % {"matters_added": counts['matters_added'], "matters_changed": counts['matters_changed'], "list_added": counts['list_added'], "list_changed": counts['list_changed']}
                ))
            return redirect(catalogue_url(target))
    return render(request, "matters/catalogue_import.html", {
        "form": form, "target": target, "kind": target_kind(target), "problems": problems, "back": catalogue_url(target),
    })
