"""Pages of the library (资料库) and the service language standard. Thin: bind a form, run a service, render."""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST

from core import audit
from core.access import role_required, user_role
from core.exports import pdf_response
from core.forms import run_service
from core.paging import capped_page
from core.params import text_param
from core.roles import EVERYONE, MANAGERS, READERS, Role
from core.selectors import get_visible
from library import catalogue, selectors, services
from library.filters import DocumentFilter
from library.forms import OWNER_SEARCH_LIMIT, DocumentForm, TagForm, owner_choices
from library.models import Document, DocumentTag
from library.references import service_language

PAGE_SIZE = 30
# A document, its file and its preview: also the read-only supervisor, who meets them as evidence on the evaluations
# of its city (scope D14 still applies: another city's document answers 404). Not the list, like the evaluations'.
DOCUMENT_READERS = (*READERS, Role.SUPERVISOR)


@role_required(*READERS)
def document_list(request):
    documents = DocumentFilter(request, selectors.library_for(request.user))
    page = capped_page(documents.qs, request.GET.get("page"), PAGE_SIZE)
    return render(request, "library/document_list.html", {
        "form": documents.form, "page": page, "documents": page.object_list,
        "can_upload": services.may_upload(request.user),
    })


def _save(request, form, *, owner, supersedes=None):
    data = form.cleaned_data
    return run_service(form, lambda: services.upload_document(
        actor=request.user, owner=owner, title=data["title"], kind=data["kind"], issuer=data["issuer"],
        issued_on=data["issued_on"], year_from=data["year_from"], year_to=data["year_to"],
        upload=data["file"], supersedes=supersedes))


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def document_upload(request):
    form = DocumentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, owner=form.cleaned_data["owner"])
        if done:
            messages.success(request, _("已上传：%(title)s") % {"title": done.value.title})
            return redirect("library:document_detail", document=done.value.pk)
    return render(request, "library/document_form.html", {"form": form, "title": _("上传资料")}, status=(
        400 if request.method == "POST" else 200))


@role_required(*MANAGERS)
def owner_search(request):
    """The typed owner search of the upload form (htmx): ``<option>``s of at most 20 centres and stations the user
    may add documents to whose name contains ``?q=`` (the search box sends its own name, ``owner_q``)."""
    text = text_param(request, "q") or text_param(request, "owner_q")
    choices = owner_choices(request.user, text, OWNER_SEARCH_LIMIT) if text else []
    return render(request, "library/_owner_options.html", {"choices": choices, "text": text})


def _document(request, pk: int) -> Document:
    return get_visible(selectors.library_for(request.user), request.user, pk=pk)


@role_required(*DOCUMENT_READERS)
def document_detail(request, document: int):
    obj = _document(request, document)
    tags = list(selectors.tags_of_document(request.user, obj))
    titles = catalogue.rubric_titles()
    for tag in tags:
        tag.rubric_title = titles.get(tag.rubric_code, "")
    manage = services.may_upload(request.user) if obj.is_builtin else services.may_manage(request.user, obj.owner)
    return render(request, "library/document_detail.html", {
        "document": obj, "tags": tags, "can_manage": manage,
        "delete_refusal": services.removal_refusal(obj) if manage and not obj.is_builtin else None,
        "tag_form": TagForm(user=request.user, document=obj) if manage else None,
        "history": audit.history(obj)[:50],
        "versions": selectors.versions_of(obj), "can_list": user_role(request.user) in READERS,
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def document_supersede(request, document: int):
    old = _document(request, document)
    if old.is_builtin or not services.may_manage(request.user, old.owner):
        raise Http404(_("不在您的权限范围内"))
    initial = {"title": old.title, "kind": old.kind, "issuer": old.issuer}
    form = DocumentForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, owner=old.owner, supersedes=old)
        if done:
            messages.success(request, _("已上传新版本：%(title)s") % {"title": done.value.title})
            return redirect("library:document_detail", document=done.value.pk)
    return render(request, "library/document_form.html", {
        "form": form, "title": _("上传新版本"), "old": old}, status=400 if request.method == "POST" else 200)


@role_required(*MANAGERS)
@require_POST
def document_tag(request, document: int):
    obj = _document(request, document)
    form = TagForm(request.POST, user=request.user, document=obj)
    if form.is_valid() and run_service(form, lambda: services.tag_document(
            actor=request.user, document=obj, subject=form.tag_subject(), item_key=form.cleaned_data["item_key"])):
        messages.success(request, _("已标注为佐证材料"))
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("library:document_detail", document=obj.pk)


@role_required(*MANAGERS)
@require_POST
def tag_delete(request, tag: int):
    obj = get_visible(DocumentTag.objects.select_related("document", "centre", "station"), request.user, pk=tag)
    try:
        services.untag(actor=request.user, tag=obj)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已取消标注"))
    return redirect("library:document_detail", document=obj.document_id)


@role_required(*MANAGERS)
@require_POST
def document_delete(request, document: int):
    obj = _document(request, document)
    try:
        services.remove_document(actor=request.user, document=obj)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("library:document_detail", document=obj.pk)
    messages.success(request, _("已删除：%(title)s") % {"title": obj.title})
    return redirect("library:document_list")


def _file_response(upload, content_type: str, filename: str, inline: bool):
    if not upload:
        raise Http404(_("没有文件"))
    try:
        handle = upload.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("文件已不存在")) from exc
    response = FileResponse(handle, content_type=content_type, filename=filename, as_attachment=not inline)
    return response


@role_required(*DOCUMENT_READERS)
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def document_file(request, document: int):
    """The stored file: PDF and images inline (the page frames them: same origin only), Word/Excel as a download."""
    obj = _document(request, document)
    return _file_response(obj.file, obj.content_type, obj.original_name, inline=obj.is_pdf or obj.is_image)


@role_required(*DOCUMENT_READERS)
def document_preview(request, document: int):
    obj = _document(request, document)
    return _file_response(obj.preview, "image/png", f"{obj.pk}.png", inline=True)


# --------------------------------------------------------------------------------- service language standard


@role_required(*EVERYONE)
def service_language_page(request):
    return render(request, "library/service_language.html", {"standard": service_language()})


@role_required(*EVERYONE)
def service_language_pdf(request):
    standard = service_language()
    return pdf_response(request, "library/service_language_pdf.html", {"standard": standard},
                        f"{standard.title}.pdf", inline=True)
