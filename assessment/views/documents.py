"""Library evidence on the evaluation form: the inspector's 采信 / 不足 on each document (an htmx partial), and the
director's picker that tags a library document to an item while self-assessing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from assessment import evidence, selectors, services, sheets
from assessment.models import INSPECTION_KINDS
from assessment.rubrics import rubric_of
from assessment.workflow import OWNER, evaluation_sides
from core.access import role_required
from core.paging import capped_page
from core.params import choice_param, id_param, text_param
from core.roles import READERS
from library import selectors as library_selectors


def _items(rubric) -> dict[str, object]:
    return {item.code: item for _, item in rubric.iter_items()}


def item_documents_context(obj, rubric, code: str, *, user, error: str = "") -> dict:
    editable = obj.is_draft and OWNER in evaluation_sides(user, obj)
    return {
        "evaluation": obj, "code": code, "dom": sheets.dom_id(code), "error": error,
        "documents": evidence.documents_on_form(obj, rubric).get(code, []),
        "can_judge": editable and obj.kind in INSPECTION_KINDS,
    }


@role_required(*READERS)
@require_POST
def document_judge(request, evaluation: int):
    obj = selectors.get_evaluation(request.user, evaluation)
    rubric = rubric_of(obj.rubric)
    code = choice_param(request, "item", _items(rubric), source=request.POST)
    if not code:
        raise Http404(gettext("没有这个评估项目"))
    document_id = id_param(request, "document", source=request.POST)
    error = ""
    try:
        services.judge_document(actor=request.user, evaluation=obj, document_id=document_id, item_code=code,
                                verdict=(request.POST.get("verdict") or "")[:20],
                                note=request.POST.get(f"docnote-{document_id}-{sheets.dom_id(code)}", ""))
    except ValidationError as exc:
        error = "；".join(exc.messages)
    obj.refresh_from_db()
    if not request.headers.get("HX-Request"):
        (messages.error if error else messages.success)(request, error or "已认定")
        return redirect("assessment:evaluation_edit", evaluation=obj.pk)
    return render(request, "assessment/_item_documents.html",
                  item_documents_context(obj, rubric, code, user=request.user, error=error))


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def document_pick(request, evaluation: int):
    """The subject's library documents valid in the evaluated year, to tag one to an item of a draft self-assessment."""
    obj = selectors.get_evaluation(request.user, evaluation)
    subject = evidence.library_subject(obj)
    if subject is None or not obj.is_draft or OWNER not in evaluation_sides(request.user, obj) \
            or obj.kind in INSPECTION_KINDS:
        raise Http404(gettext("不能为这份考核评分选择资料"))
    rubric = rubric_of(obj.rubric)
    items = _items(rubric)
    source = request.POST if request.method == "POST" else None
    code = choice_param(request, "item", items, source=source) or next(iter(items))
    if request.method == "POST":
        document_id = id_param(request, "document", source=request.POST)
        document = library_selectors.taggable_by(subject).filter(pk=document_id).first() if document_id else None
        try:
            if document is None:
                raise ValidationError(gettext("请选择本单位资料库中的资料"))
            services.tag_for_item(actor=request.user, evaluation=obj, document=document, item_code=code)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, gettext("已将「%(title)s」标注为 %(code)s 的佐证") % {"title": document.title, "code": code})
            return redirect(f"{_edit_url(obj)}#c-{sheets.dom_id(code)}")
    q = text_param(request)
    documents = library_selectors.taggable_by(subject).valid_in(obj.period).select_related("centre", "station")
    if q:
        documents = documents.filter(title__contains=q)
    page = capped_page(documents.order_by("-issued_on", "-pk"), request.GET.get("page"), 30)
    return render(request, "assessment/document_pick.html", {
        "evaluation": obj, "item": items[code], "code": code, "page": page, "documents": page.object_list, "q": q,
    })


def _edit_url(obj) -> str:
    from django.urls import reverse

    return reverse("assessment:evaluation_edit", kwargs={"evaluation": obj.pk})
