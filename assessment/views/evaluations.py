"""Evaluation pages: list, start, the form (live subtotals through the engine), evidence, sign-off, corrections,
rectification from lost items, the score sheet (PDF/XLSX) and the self-assessment vs inspection comparison."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from assessment import answers as A
from assessment import evidence as library_evidence
from assessment import reports, selectors, services, sheets
from assessment.filters import EvaluationFilter
from assessment.forms import EvaluationStartForm, EvidenceForm, RectifyForm, search_subjects
from assessment.models import (
    INSPECTION_KINDS,
    EvaluationKind,
    EvaluationState,
    EvaluationSubject,
)
from assessment.rubrics import rubric_of
from assessment.workflow import COUNTY, EVALUATION, OWNER, evaluation_sides
from centers import selectors as centre_selectors
from core import audit
from core.access import may_open, role_required
from core.exports import check_report_format, report_response
from core.forms import errors_text, flash_service, run_service
from core.paging import capped_page
from core.params import choice_param, id_param, query_without, text_param
from core.roles import COUNTY as COUNTY_ROLES
from core.roles import READERS, Role
from scoring.common import fmt
from scoring.rubric.model import RULE_NAMES_ZH


def _messages_of(exc: ValidationError) -> str:
    return "；".join(exc.messages)


# --------------------------------------------------------------------------------------------------- list


@role_required(*READERS)
def evaluation_list(request):
    params = request.GET
    evaluations = EvaluationFilter(request, selectors.evaluation_list(request.user))
    qs = evaluations.qs
    page = capped_page(qs.order_by("-period", "-evaluated_on", "-pk"), params.get("page"))
    return render(request, "assessment/evaluation_list.html", {
        "page": page, "kinds": EvaluationKind.choices, "states": EvaluationState.choices,
        "subjects": EvaluationSubject.choices, "params": params, "can_start": bool(services.kinds_for(request.user)),
        "centre": evaluations.chosen_centre, "page_query": query_without(request, "page"),
        "centre_query": query_without(request, "centre", "page"),
    })


# -------------------------------------------------------------------------------------------------- start


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def evaluation_start(request):
    today = timezone.localdate()
    initial = {"period": today.year, "evaluated_on": today, "subject": request.GET.get("subject", "")}
    form = EvaluationStartForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid() and (done := run_service(form, lambda: services.evaluation_start(
        actor=request.user, subject=form.cleaned_data["subject"], rubric=form.cleaned_data["rubric"],
        kind=form.cleaned_data["kind"], period=form.cleaned_data["period"],
        evaluated_on=form.cleaned_data["evaluated_on"],
        superseded_ok=form.cleaned_data.get("superseded_ok", False)))):
        evaluation = done.value.evaluation
        if not done.value.existing:
            messages.success(request, gettext("已开始：%(evaluation)s。系统计算项已预填，可随时保存草稿。") % {"evaluation": evaluation})
            return redirect("assessment:evaluation_edit", evaluation=evaluation.pk)
        messages.info(request, gettext("%(subject)s %(period)s年度已有未完成的%(kind)s评估（%(state)s），已为您打开，未另建新的评估。") % {
            "subject": evaluation.subject_name, "period": evaluation.period, "kind": evaluation.get_kind_display(),
            "state": evaluation.get_state_display()})
        return redirect("assessment:evaluation_edit" if evaluation.is_draft else "assessment:evaluation_detail",
                        evaluation=evaluation.pk)
    rubrics = list(form.fields["rubric"].queryset)
    return render(request, "assessment/evaluation_start.html", {
        "form": form, "rubric_subjects": {str(v.pk): v.subjects.split(",") for v in rubrics},
    })


@role_required(*READERS)
def subject_search(request):
    """The typed search of the start forms (htmx): ``<option>``s of at most 20 centres, stations and windows in scope
    whose name contains ``?q=`` (``?units=1``: centres and stations only, for guidance records)."""
    text = text_param(request, "q") or text_param(request, "subject_q")
    units_only = choice_param(request, "units", ("1",)) == "1"
    groups = search_subjects(request.user, text, units_only=units_only) if text else []
    return render(request, "assessment/_subject_options.html", {"groups": groups, "text": text})


# ------------------------------------------------------------------------------------------------- detail


@role_required(*READERS, Role.SUPERVISOR)
def evaluation_detail(request, evaluation: int):
    obj = selectors.get_evaluation(request.user, evaluation)
    rubric = rubric_of(obj.rubric)
    answers = A.from_storage(obj.answers)
    result, _ = sheets.score_lenient(rubric, answers)
    notes, reasons, evidence = selectors.evaluation_page(obj)
    rows = sheets.build(rubric, result=result, answers=answers, prefilled=A.from_storage(obj.prefilled),
                        facts=A.from_storage(obj.facts), notes=notes, reasons=reasons, evidence=evidence)
    sheets.attach_library(rows, library_evidence.documents_on_form(obj, rubric))
    links = A.fact_links(rubric, obj.subject, obj.period)  # the supervisor opens some of the lists behind facts
    sheets.attach_fact_links(rows, {fact: url for fact, url in links.items() if may_open(request.user, url)})
    sides = evaluation_sides(request.user, obj)
    return render(request, "assessment/evaluation_detail.html", {
        "evaluation": obj, "rubric": rubric, "result": result, "sections": rows,
        "moves": EVALUATION.allowed(obj.state, sides),
        "can_edit": obj.is_draft and OWNER in sides,
        "can_correct": obj.is_finalised and OWNER in sides,
        "can_rectify": COUNTY in sides and obj.kind in INSPECTION_KINDS and not obj.is_draft,
        "rectify_form": RectifyForm(),
        "corrections": list(obj.corrections.order_by("pk")),
        "guidance_records": list(obj.guidance_records.order_by("pk")),
        "history": list(audit.history(obj)[:100]),
        "chart": reports.section_chart(obj),
        "rule_names": RULE_NAMES_ZH,
    })


# --------------------------------------------------------------------------------------------------- form


def _form_context(request, obj, rubric, *, raw=None, answers=None, notes=None, reasons=None, errors=None,
                  revision=None, remarks=None, conflict=None):
    saved_notes, saved_reasons, evidence = selectors.evaluation_page(obj)
    stored = A.from_storage(obj.answers)
    answers = stored if answers is None else answers
    result, engine_errors = sheets.score_lenient(rubric, answers)
    errors = {**engine_errors, **(errors or {})}
    rows = sheets.build(
        rubric, result=result, raw=raw, answers=answers, prefilled=A.from_storage(obj.prefilled),
        facts=A.from_storage(obj.facts), notes=saved_notes if notes is None else notes,
        reasons=saved_reasons if reasons is None else reasons, evidence=evidence, errors=errors)
    sheets.attach_library(rows, library_evidence.documents_on_form(obj, rubric),
                          library_evidence.last_photos(obj, rubric))
    sheets.attach_fact_links(rows, A.fact_links(rubric, obj.subject, obj.period))
    editable = obj.is_draft and OWNER in evaluation_sides(request.user, obj)
    differs = []
    if conflict is not None:
        current = A.from_storage(conflict.answers)
        differs = [c.code for _, _, c in rubric.iter_criteria()
                   if not A.same_answer(current.get(c.code), answers.get(c.code))]
    return {
        "evaluation": obj, "rubric": rubric, "result": result, "sections": rows, "errors": errors,
        "revision": obj.revision if revision is None else revision,
        "remarks": obj.remarks if remarks is None else remarks, "differs": differs,
        "rule_names": RULE_NAMES_ZH, "evidence_form": EvidenceForm(),
        "can_judge": editable and obj.kind in INSPECTION_KINDS,
        "can_tag": editable and obj.kind not in INSPECTION_KINDS and library_evidence.library_subject(obj) is not None,
    }


def _posted(rubric, data):
    codes = [c.code for _, _, c in rubric.iter_criteria()]
    answers, errors = A.parse_form(rubric, data)
    notes = {c: services.clean_text(data.get(A.note_name(c))) for c in codes if data.get(A.note_name(c))}
    reasons = {c: services.clean_text(data.get(A.reason_name(c))) for c in codes if data.get(A.reason_name(c))}
    return answers, errors, notes, reasons


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def evaluation_edit(request, evaluation: int):
    obj = selectors.get_evaluation(request.user, evaluation)
    if not obj.is_draft or OWNER not in evaluation_sides(request.user, obj):
        messages.error(request, gettext("该考核评分%(state)s，您不能修改。") % {"state": obj.get_state_display()} if not obj.is_draft
                       else gettext("您不能修改这份考核评分。"))
        return redirect("assessment:evaluation_detail", evaluation=obj.pk)
    rubric = rubric_of(obj.rubric)
    if request.method == "GET":
        return render(request, "assessment/evaluation_form.html", _form_context(request, obj, rubric))
    # 从资料库选择 is a submit button of this form: the draft is saved first, then the picker opens (it comes back).
    pick = choice_param(request, "pick", [item.code for _, item in rubric.iter_items()], source=request.POST)
    try:
        outcome = services.evaluation_save(actor=request.user, evaluation=obj, revision=request.POST.get("revision"),
                                           data=request.POST)
    except services.EditConflict as exc:
        answers, errors, notes, reasons = _posted(rubric, request.POST)
        messages.error(request, _messages_of(exc))
        context = _form_context(request, obj, rubric, raw=A.raw_from_post(rubric, request.POST), answers=answers,
                                notes=notes, reasons=reasons, errors=errors, revision=exc.current.revision,
                                remarks=request.POST.get("remarks", ""), conflict=exc.current)
        context["unsaved"] = True
        return render(request, "assessment/evaluation_form.html", context, status=409)
    except services.SaveRefused as exc:
        answers, _, notes, reasons = _posted(rubric, request.POST)
        messages.error(request, gettext("%(problems)s（共 %(count)s 处）") % {"problems": _messages_of(exc), "count": len(exc.errors)})
        context = _form_context(request, obj, rubric, raw=A.raw_from_post(rubric, request.POST), answers=answers,
                                notes=notes, reasons=reasons, errors=exc.errors,
                                revision=request.POST.get("revision"), remarks=request.POST.get("remarks", ""))
        context["unsaved"] = True
        return render(request, "assessment/evaluation_form.html", context)
    except ValidationError as exc:  # locked in the meantime (submitted, finalised) or not the owner
        messages.error(request, _messages_of(exc))
        return redirect("assessment:evaluation_detail", evaluation=obj.pk)
    saved = outcome.evaluation
    messages.success(request, gettext("已保存（第 %(revision)s 版）：总分 %(total)s / %(max_total)s")
                              % {"revision": saved.revision, "total": fmt(saved.total), "max_total": fmt(saved.max_total)}
                              + (gettext("，等次 %(band)s") % {"band": saved.band} if saved.band else "")
                              + (gettext("，尚有 %(unanswered)s 项未评分") % {"unanswered": saved.unanswered}
                                 if saved.unanswered else ""))
    if outcome.reasons_missing:
        messages.warning(request, gettext("系统计算项 %(items)s 已修改但未填写理由，提交前须补充理由") % {"items": '、'.join(outcome.reasons_missing)})
    if request.POST.get("then") == "detail":
        return redirect("assessment:evaluation_detail", evaluation=saved.pk)
    if pick:
        return redirect(reverse("assessment:document_pick", kwargs={"evaluation": saved.pk}) + "?"
                        + urlencode({"item": pick}))
    return redirect("assessment:evaluation_edit", evaluation=saved.pk)


@role_required(*READERS)
@require_POST
def evaluation_preview(request, evaluation: int):
    """The live subtotals: the posted form scored by the engine (nothing saved), as a partial for htmx."""
    obj = selectors.get_evaluation(request.user, evaluation)
    rubric = rubric_of(obj.rubric)
    answers, errors, _, reasons = _posted(rubric, request.POST)
    result, engine_errors = sheets.score_lenient(rubric, answers)
    errors.update(engine_errors)
    rows = sheets.build(rubric, result=result, answers=answers, prefilled=A.from_storage(obj.prefilled),
                        reasons=reasons, errors=errors)
    return render(request, "assessment/_subtotals.html", {
        "evaluation": obj, "result": result, "sections": rows, "errors": errors, "oob": True,
        "editable": obj.is_draft and OWNER in evaluation_sides(request.user, obj),
    })


# ----------------------------------------------------------------------------------------------- evidence


def _evidence_partial(request, obj, code, error=""):
    _, _, evidence = selectors.evaluation_page(obj)
    return render(request, "assessment/_evidence_list.html", {
        "evaluation": obj, "code": code, "dom": sheets.dom_id(code), "items": evidence.get(code, []),
        "error": error, "editable": True,
    })


@role_required(*READERS)
@require_POST
def evidence_upload(request, evaluation: int):
    obj = selectors.get_evaluation(request.user, evaluation)
    code = (request.POST.get("code") or "")[:20]
    try:
        evidence = services.evidence_add(actor=request.user, evaluation=obj, code=code,
                                         upload=request.FILES.get("file"))
    except ValidationError as exc:
        error = _messages_of(exc)
        if request.headers.get("HX-Request") and rubric_of(obj.rubric).criterion(code) is not None:
            return _evidence_partial(request, obj, code, error)
        messages.error(request, error)
    else:
        if request.headers.get("HX-Request"):
            return _evidence_partial(request, obj, code)
        messages.success(request, gettext("已上传佐证材料：%(original_name)s") % {"original_name": evidence.original_name})
    if obj.is_draft:
        return redirect("assessment:evaluation_edit", evaluation=obj.pk)
    return redirect("assessment:evaluation_detail", evaluation=obj.pk)


def _evidence_of(request, evaluation: int, evidence: int):
    """The evaluation the user may see and one of its evidence files (404 when it is not that evaluation's)."""
    obj = selectors.get_evaluation(request.user, evaluation)
    item = obj.evidence.filter(pk=evidence).first()
    if item is None:
        raise Http404(gettext("没有这份佐证材料"))
    return obj, item


@role_required(*READERS, Role.SUPERVISOR)  # the photos on an evaluation the supervisor reads
def evidence_file(request, evaluation: int, evidence: int):
    _, item = _evidence_of(request, evaluation, evidence)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(gettext("文件已不存在")) from exc
    response = FileResponse(handle, content_type=item.content_type, filename=item.original_name)
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline")
    return response


@role_required(*READERS)
@require_POST
def evidence_delete(request, evaluation: int, evidence: int):
    obj, item = _evidence_of(request, evaluation, evidence)
    try:
        services.evidence_delete(actor=request.user, evidence=item)
    except ValidationError as exc:
        if request.headers.get("HX-Request"):
            return _evidence_partial(request, obj, item.code, _messages_of(exc))
        messages.error(request, _messages_of(exc))
        return redirect("assessment:evaluation_detail", evaluation=obj.pk)
    if request.headers.get("HX-Request"):
        return _evidence_partial(request, obj, item.code)
    messages.success(request, gettext("已删除：%(original_name)s") % {"original_name": item.original_name})
    return redirect("assessment:evaluation_edit", evaluation=obj.pk)


# ------------------------------------------------------------------------------------- sign-off, correcting


@role_required(*READERS)
@require_POST
def evaluation_move(request, evaluation: int):
    obj = selectors.get_evaluation(request.user, evaluation)
    action = (request.POST.get("action") or "")[:20]
    flash_service(request, lambda: services.evaluation_move(actor=request.user, evaluation=obj, action=action),
                  done=lambda moved: gettext("已%(label)s：%(moved)s（%(state)s）") % {
                      "label": EVALUATION.get(action).label, "moved": moved, "state": moved.get_state_display()})
    return redirect("assessment:evaluation_detail", evaluation=obj.pk)


@role_required(*READERS)
@require_POST
def evaluation_correct(request, evaluation: int):
    obj = selectors.get_evaluation(request.user, evaluation)
    done = flash_service(request, lambda: services.evaluation_correct(actor=request.user, evaluation=obj),
                         done=gettext("已新建更正评分（原评分 #%(pk)s 保持不变）") % {"pk": obj.pk})
    if not done:
        return redirect("assessment:evaluation_detail", evaluation=obj.pk)
    return redirect("assessment:evaluation_edit", evaluation=done.value.pk)


@role_required(*COUNTY_ROLES)
@require_POST
def evaluation_rectify(request, evaluation: int):
    obj = selectors.get_evaluation(request.user, evaluation)
    form = RectifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("assessment:evaluation_detail", evaluation=obj.pk)
    done = flash_service(request, lambda: services.rectifications_from_evaluation(
        actor=request.user, evaluation=obj, limit_days=form.cleaned_data["limit_days"],
        owner=form.cleaned_data["owner"] or ""), done=lambda made: (
            gettext("已生成 %(created)s 项整改事项") % {"created": made[1]} if made[1]
            else gettext("失分项均已生成整改事项，没有新增")))
    if not done:
        return redirect("assessment:evaluation_detail", evaluation=obj.pk)
    return redirect("assessment:guidance_detail", guidance=done.value[0].pk)


# ------------------------------------------------------------------------------------------------ exports


@role_required(*READERS, Role.SUPERVISOR)
def evaluation_sheet(request, evaluation: int, fmt: str):
    check_report_format(fmt)
    obj = selectors.get_evaluation(request.user, evaluation)
    sheet = reports.score_sheet(obj)
    return report_response(request, fmt, reports.sheet_filename(obj), template="assessment/evaluation_sheet_pdf.html",
                           context={"sheet": sheet, "c": sheet.context}, sheets=lambda: reports.score_sheet_xlsx(sheet))


# ------------------------------------------------------------------------------------------------ compare


def _subject_for(request, subject_kind: str, pk: int):
    getter = {"centre": centre_selectors.get_centre, "station": centre_selectors.get_station,
              "window": centre_selectors.get_window}[subject_kind]
    return getter(request.user, pk)


def _pick(candidates, wanted: int | None):
    """The chosen evaluation (by id among the candidates) or the best default: finalised, then submitted, newest."""
    if wanted is not None:
        for e in candidates:
            if e.pk == wanted:
                return e
    rank = {EvaluationState.FINALISED: 0, EvaluationState.SUBMITTED: 1, EvaluationState.DRAFT: 2}
    ordered = sorted(candidates, key=lambda e: (rank[e.state], -e.evaluated_on.toordinal(), -e.pk))
    return ordered[0] if ordered else None


@role_required(*READERS, Role.SUPERVISOR)  # linked from every evaluation's page
def evaluation_compare(request, year: int, centre: int | None = None, station: int | None = None,
                       window: int | None = None):
    """自评分 / 考核分 per criterion for one subject and year, differences highlighted."""
    kind = "station" if station else "window" if window else "centre"
    subject = _subject_for(request, kind, station or window or centre)
    candidates = list(selectors.subject_evaluations(request.user, subject, period=year).order_by("-pk"))
    selfs = [e for e in candidates if e.kind == EvaluationKind.SELF]
    inspections = [e for e in candidates if e.kind != EvaluationKind.SELF]
    inspection = _pick(inspections, id_param(request, "inspection"))
    if request.GET.get("self") is None and inspection is not None:
        same = [e for e in selfs if e.rubric.code == inspection.rubric.code]
        own = _pick(same or selfs, None)
    else:
        own = _pick(selfs, id_param(request, "self"))
    rows, comparable = [], False
    if own is not None and inspection is not None and own.rubric.code == inspection.rubric.code:
        comparable = True
        rows = _compare_rows(own, inspection)
    return render(request, "assessment/evaluation_compare.html", {
        "subject": subject, "subject_kind": kind, "year": year, "own": own, "inspection": inspection,
        "selfs": selfs, "inspections": inspections, "rows": rows, "comparable": comparable,
        "differing": sum(1 for r in rows if r["kind"] == "criterion" and r["diff"]),
        "gap": (own.total - inspection.total) if comparable else None,
    })


def _compare_rows(own, inspection) -> list[dict]:
    """One row per section, item and criterion of the inspection's rubric, with both scores from the stored
    engine results (criteria missing from an older version show —)."""
    rubric = rubric_of(inspection.rubric)

    def scores(result: dict) -> dict[str, Decimal]:
        out = {}
        for s in result.get("sections", []):
            out[s["code"]] = Decimal(s["score"])
            for i in s["items"]:
                out[i["code"]] = Decimal(i["score"])
                for c in i["criteria"]:
                    out[c["code"]] = Decimal(c["score"])
        return out

    mine, theirs = scores(own.result or {}), scores(inspection.result or {})
    rows = []

    def add(kind, code, title, maximum):
        a, b = mine.get(code), theirs.get(code)
        diff = (a - b) if a is not None and b is not None else None
        rows.append({"kind": kind, "code": code, "title": title, "max": maximum, "self": a, "inspection": b,
                     "diff": diff})

    for section in rubric.sections:
        add("section", section.code, section.title, section.max)
        for item in section.items:
            add("item", item.code, item.title, Decimal(0) if section.role == "deduction" else item.points)
            for c in item.criteria:
                add("criterion", c.code, c.text, Decimal(0) if section.role == "deduction" else c.points)
    return rows
