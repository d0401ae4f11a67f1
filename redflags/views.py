"""Pages of the window ledger and the red flag. Views bind a form, call a service, render or redirect; every object
comes through ``redflags.selectors`` (D14: out of scope → 404), pages a role may not use answer 404 too."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from centers.models import Window
from core import revisions
from core.access import role_required, user_role
from core.audit import history
from core.exports import check_report_format, report_response
from core.forms import make_move, move_forms, run_service
from core.paging import capped_page
from core.params import id_param
from core.roles import MANAGERS, READERS
from feedback import selectors as feedback_selectors
from feedback.forms import WindowDeductionForm
from feedback.workflow import COMPLAINT
from redflags import selectors, services, workflow
from redflags.filters import LastPlaceNoticeFilter
from redflags.forms import (
    DeclarationActionForm,
    DeclarationForm,
    EventForm,
    MonthForm,
    PolicyForm,
    RevokeForm,
    declaration_formset,
)
from redflags.ledger import NoScheme, current_version, month_end, month_ledger, rule_label
from redflags.models import NoticeLevel, NoticeStatus
from redflags.reports import month_report
from staff_scoring.schemes import scheme_of

PAGE_SIZE = 50


def _messages_of(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _no_scheme(request, exc: Exception, centre=None):
    return render(request, "redflags/no_scheme.html", {"message": str(exc), "centre": centre})


def _picked_month(request):
    """A month picked in the page's month box (?month=2026-10), or None."""
    form = MonthForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["month"]
    return form, None


# ------------------------------------------------------------------------------------------------ centres


@role_required(*READERS)
def index(request):
    """Directors go to their centre; the admin and inspectors see their centres and the month's red flags."""
    if user_role(request.user) == "director" and request.user.centre_id:
        return redirect("redflags:centre_home", centre=request.user.centre_id)
    form, picked = _picked_month(request)
    year, month = picked or selectors.today_month(timezone.localdate())
    page = capped_page(selectors.centres_for(request.user), request.GET.get("page"), PAGE_SIZE)
    return render(request, "redflags/index.html", {
        "form": form, "year": year, "month": month, "page": page,
        "rows": selectors.centre_overview(page.object_list, year, month),
    })


@role_required(*READERS)
def centre_home(request, centre: int):
    obj = selectors.get_centre(request.user, centre)
    year, month = selectors.today_month(timezone.localdate())
    return redirect("redflags:centre_month", centre=obj.pk, year=year, month=month)


@role_required(*READERS)
def centre_month(request, centre: int, year: int, month: int):
    """The centre's month: ranking with red flags and last place, each window's score, the chart, publication."""
    selectors.check_month(year, month)
    obj = selectors.get_centre(request.user, centre)
    form, picked = _picked_month(request)
    if picked:
        return redirect("redflags:centre_month", centre=obj.pk, year=picked[0], month=picked[1])
    try:
        page = selectors.month_page(obj, year, month)
    except NoScheme as exc:
        return _no_scheme(request, exc, obj)
    today = timezone.localdate()
    return render(request, "redflags/centre_month.html", {
        "centre": obj, "page": page, "year": year, "month": month, "form": form,
        "previous": selectors.previous_month(year, month), "next": selectors.next_month(year, month),
        "can_manage": user_role(request.user) in MANAGERS, "can_publish": month_end(year, month) <= today,
        "chart": page.chart(), "chart_height": min(900, 60 + 28 * len(page.rows)),
    })


@role_required(*MANAGERS)
@require_POST
def month_publish(request, centre: int, year: int, month: int):
    selectors.check_month(year, month)
    obj = selectors.get_centre(request.user, centre)
    try:
        publication = services.month_publish(actor=request.user, centre=obj, year=year, month=month)
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    else:
        notices = publication.centre.last_place_notices.filter(year=year, month=month, status=NoticeStatus.ACTIVE)
        count = notices.count()
        messages.success(request, gettext("已发布 %(year)s年%(month)s月考核结果") % {"year": year, "month": month} + (gettext("，生成末位通报 %(count)s 条") % {"count": count} if count else ""))
    return redirect("redflags:centre_month", centre=obj.pk, year=year, month=month)


@role_required(*READERS)
def month_report_export(request, centre: int, year: int, month: int, fmt: str):
    """The monthly 通报 as PDF or XLSX (the published results; before publication a preview, marked so)."""
    check_report_format(fmt)  # first: another format is the one 404, even where there is no scheme
    selectors.check_month(year, month)
    obj = selectors.get_centre(request.user, centre)
    try:
        report = month_report(obj, year, month)
    except NoScheme as exc:
        return _no_scheme(request, exc, obj)
    return report_response(request, fmt, report.filename, template="redflags/month_report_pdf.html",
                           context=report.context, sheets=report.sheets)


@role_required(*READERS)
def centre_year(request, centre: int, year: int):
    """The annual ranking and red flag, with exclusions, every window's monthly places, the year's notices."""
    selectors.check_month(year)
    obj = selectors.get_centre(request.user, centre)
    page = selectors.year_page(obj, year)
    return render(request, "redflags/centre_year.html", {
        "centre": obj, "page": page, "year": year, "chart": page.chart(),
        "can_manage": user_role(request.user) in MANAGERS,
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def policy_edit(request, centre: int):
    obj = selectors.get_centre(request.user, centre)
    policy = selectors.policy_of(obj)
    form = PolicyForm(request.POST or None, instance=policy)
    status = 200
    try:
        if request.method == "POST" and form.is_valid() and run_service(
            form, lambda: services.policy_update(actor=request.user, centre=obj, **form.cleaned_data),
            passthrough=(revisions.StaleEdit,),
        ):
            messages.success(request, gettext("已保存流动红旗设置"))
            return redirect("redflags:centre_home", centre=obj.pk)
    except revisions.StaleEdit as stale:  # the settings as stored now, at their revision: not saved over them
        messages.error(request, stale.messages[0])
        form, status = PolicyForm(instance=selectors.policy_of(obj)), 409
    return render(request, "redflags/policy_form.html", {"form": form, "centre": obj}, status=status)


# ------------------------------------------------------------------------------------------------ events


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def event_create(request, centre: int):
    """Record a window event: date, window, rule, points within its range, note."""
    obj = selectors.get_centre(request.user, centre)
    today = timezone.localdate()
    try:
        scheme = scheme_of(current_version(today))
    except NoScheme as exc:
        return _no_scheme(request, exc, obj)
    windows = Window.objects.filter(centre=obj, active=True).order_by("number")
    initial = {"date": today, "occurrences": 1}
    window_id = id_param(request, "window")
    if window_id is not None:
        initial["window"] = window_id
    form = EventForm(request.POST or None, windows=windows, scheme=scheme, initial=initial)
    if request.method == "POST" and form.is_valid() and (done := run_service(
        form, lambda: services.event_record(actor=request.user, **form.cleaned_data)
    )):
        event = done.value
        messages.success(request, gettext("已记录：%(window)s %(date)s 细则%(rule_label)s") % {"window": event.window, "date": format(event.date, "%Y-%m-%d"), "rule_label": rule_label(scheme, event.rule)})
        if "another" in request.POST:
            return redirect(f"{request.path}?window={event.window_id}")
        return redirect("redflags:window_month", window=event.window_id, year=event.date.year,
                        month=event.date.month)
    return render(request, "redflags/windowevent_form.html", {"form": form, "centre": obj, "scheme": scheme})


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def event_revoke(request, ledger_event: int):
    obj = selectors.get_event(request.user, ledger_event)
    back = ("redflags:window_month", obj.window_id, obj.date.year, obj.date.month)
    if not obj.is_active:
        messages.info(request, gettext("该记录已撤销"))
        return redirect(back[0], window=back[1], year=back[2], month=back[3])
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and run_service(form, lambda: services.event_revoke(
        actor=request.user, event=obj, reason=form.cleaned_data["reason"]
    )):
        messages.success(request, gettext("已撤销该记录，不再计分"))
        return redirect(back[0], window=back[1], year=back[2], month=back[3])
    return render(request, "redflags/windowevent_revoke.html", {"form": form, "event": obj,
                                                                "scheme": scheme_of(obj.scheme_version)})


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def complaint_deduction(request, complaint: int):
    """A verified complaint against a window → the event of the window's month (rule 6.6 or S5). The form is the
    complaint page's (it posts here: feedback sits below the window ledger and does not call it)."""
    obj = feedback_selectors.get_complaint(request.user, complaint)
    back = redirect("feedback:complaint_detail", complaint=obj.pk)
    label = COMPLAINT.moves["request_window_deduction"].label
    if not any(m.action == "request_window_deduction" for m in COMPLAINT.allowed(obj.state, user_role(request.user),
                                                                                 obj)):
        messages.error(request, gettext("当前状态下不能执行该操作"))
        return back
    form = WindowDeductionForm(request.POST or None, prefix="request_window_deduction")
    if request.method == "POST" and form.is_valid() and run_service(form, lambda: services.complaint_deduction(
        actor=request.user, complaint=obj, **form.cleaned_data
    )):
        messages.success(request, gettext("已%(label)s") % {"label": label})
        return back
    return render(request, "redflags/complaint_deduction.html", {"form": form, "complaint": obj, "label": label})


# ------------------------------------------------------------------------------------------------ windows


@role_required(*READERS)
def window_month(request, window: int, year: int, month: int):
    """A window's monthly result: the ten categories (score / max), 附加分, severe items, total, eligibility, and
    every line with the engine's explanation."""
    selectors.check_month(year, month)
    obj = selectors.get_window(request.user, window)
    try:
        ledger = month_ledger(obj.centre, year, month, windows=[obj])
    except NoScheme as exc:
        return _no_scheme(request, exc, obj.centre)
    result = ledger.windows[0]
    events = {f"event:{e.pk}": e for e in result.events}
    items = {f"bonus:{i.pk}": i for i in (result.declaration.items.all() if result.declaration else [])}
    sections = []
    for category in result.scheme.categories.values():
        lines = [{"line": line, "event": events.get(line.event.id) if line.event else None,
                  "item": items.get(line.event.id) if line.event else None}
                 for line in result.lines_of(category.code)]
        score = next((c for c in result.result.categories if c.code == category.code), None)
        sections.append({"category": category, "score": score, "lines": lines})
    publication = selectors.publication_of(obj.centre, year, month)
    published = publication.results.filter(window=obj).first() if publication else None
    status = selectors.month_status(year, month)
    return render(request, "redflags/window_month.html", {
        "window": obj, "centre": obj.centre, "year": year, "month": month, "result": result,
        "sections": sections, "publication": publication, "published": published,
        "previous": selectors.previous_month(year, month), "next": selectors.next_month(year, month),
        "can_manage": user_role(request.user) in MANAGERS,
        "not_started": status == selectors.FUTURE, "under_way": status == selectors.CURRENT,
        "can_declare": status != selectors.FUTURE and not workflow.month_open_to_declare(published=publication),
    })


@role_required(*READERS)
def window_year(request, window: int, year: int):
    """A window's red-flag history: each month's place, red flag, last place, notice and 附加分 declaration."""
    selectors.check_month(year)
    obj = selectors.get_window(request.user, window)
    history_ = selectors.window_year(obj, year)
    return render(request, "redflags/window_year.html", {
        "window": obj, "centre": obj.centre, "year": year, "history": history_, "chart": history_.chart(),
        "years": selectors.red_flag_years(obj),
    })


# ------------------------------------------------------------------------------------------------ 附加分


@role_required("staff")
def my_window(request):
    """A window's staff member: their window's 附加分 declarations of the last twelve months, to declare at month
    end (上虞细则 二12 加分由各窗口在月底进行申报)."""
    window_id = selectors.own_window_id(request.user)
    window = Window.objects.select_related("centre").filter(pk=window_id).first() if window_id else None
    rows = []
    if window is not None:
        today = timezone.localdate()
        months = [(today.year, today.month)]
        while len(months) < 12:
            months.append(selectors.previous_month(*months[-1]))
        found = selectors.window_declarations(window, months)
        publications = selectors.publications_of(window.centre_id, months)
        for year, month in months:
            declaration = found.get((year, month))
            state = declaration.state if declaration else workflow.NEW
            publication = publications.get((year, month))
            rows.append({"year": year, "month": month, "declaration": declaration, "publication": publication,
                         "can_declare": window.active and workflow.DECLARATION.can(
                             state, "declare", "staff", declaration, published=publication)})
    return render(request, "redflags/my_window.html", {"window": window, "rows": rows})


@role_required(*workflow.DECLARERS)
@require_http_methods(["GET", "POST"])
def declaration_edit(request, window: int, year: int, month: int):
    """Declare a window's 附加分 for a month (or correct a declaration not yet checked): the window's own staff, or
    the director or the admin for a window in scope."""
    selectors.check_month(year, month)
    obj = selectors.get_window_to_declare(request.user, window)
    existing = selectors.declaration_of(obj, year, month)
    closed = workflow.month_open_to_declare(published=selectors.publication_of(obj.centre, year, month))
    if closed:  # the service refuses it too, under the centre's lock
        messages.error(request, closed)
        if existing is not None:
            return redirect("redflags:declaration_detail", declaration=existing.pk)
        if user_role(request.user) == "staff":
            return redirect("redflags:my_window")
        return redirect("redflags:window_month", window=obj.pk, year=year, month=month)
    if existing is not None and not existing.editable:
        messages.info(request, gettext("本月附加分申报%(state)s，不能再修改") % {"state": existing.get_state_display()})
        return redirect("redflags:declaration_detail", declaration=existing.pk)
    try:
        scheme = scheme_of(current_version(month_end(year, month)))
    except NoScheme as exc:
        return _no_scheme(request, exc, obj.centre)
    initial = [{"rule": i.rule, "points": i.points, "reason": i.reason} for i in existing.items.all()] if existing else []
    data = request.POST if request.method == "POST" else None
    form = DeclarationForm(data, initial={"note": existing.note if existing else ""})
    formset = declaration_formset(data, scheme=scheme, initial=initial)
    revision = request.POST.get("revision", "") if request.method == "POST" else (existing.revision if existing else 0)
    status = 200
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        items = [f.cleaned_data for f in formset.forms if f.filled]
        try:
            done = run_service(form, lambda: services.declaration_save(
                actor=request.user, window=obj, year=year, month=month, items=items,
                note=form.cleaned_data["note"], revision=revision), passthrough=(revisions.StaleEdit,))
        except revisions.StaleEdit as stale:  # show the declaration as stored now, at its revision: not saved over it
            existing = stale.current
            messages.error(request, stale.messages[0])
            if not existing.editable:
                return redirect("redflags:declaration_detail", declaration=existing.pk)
            form = DeclarationForm(initial={"note": existing.note})
            formset = declaration_formset(None, scheme=scheme, initial=[
                {"rule": i.rule, "points": i.points, "reason": i.reason} for i in existing.items.all()])
            revision, status = existing.revision, 409
        else:
            if done:
                messages.success(request, gettext("已申报附加分，待审核"))
                return redirect("redflags:declaration_detail", declaration=done.value.pk)
    return render(request, "redflags/declaration_form.html", {
        "form": form, "formset": formset, "window": obj, "centre": obj.centre, "year": year, "month": month,
        "existing": existing, "is_staff": user_role(request.user) == "staff", "revision": revision,
    }, status=status)


@role_required(*READERS, "staff")
@require_http_methods(["GET", "POST"])
def declaration_detail(request, declaration: int):
    """A declaration, its items and history; the director checks, approves or returns it (not one they declared
    themselves); the window's staff read it and correct it when it is returned."""
    obj = selectors.get_declaration(request.user, declaration)
    role = user_role(request.user)
    declarer = obj.declared_by_id == request.user.pk
    publication = selectors.publication_of(obj.window.centre, obj.year, obj.month)
    moves = workflow.DECLARATION.allowed(obj.state, role, obj, declarer=declarer, published=publication)
    posted, forms = move_forms(request, moves, lambda action, data: DeclarationActionForm(data, prefix=action))
    done = make_move(request, posted, forms, table=workflow.DECLARATION,
                     back=reverse("redflags:declaration_detail", args=[obj.pk]),
                     move=lambda action, data: services.declaration_move(actor=request.user, declaration=obj,
                                                                         action=action, note=data["note"]))
    if done:
        return done
    scheme = scheme_of(obj.scheme_version)
    items = [{"item": i, "rule": scheme.rules.get(i.rule)} for i in obj.items.all()]
    return render(request, "redflags/declaration_detail.html", {
        "declaration": obj, "items": items, "total": sum((i.points for i in obj.items.all()), 0),
        "actions": [(m, forms[m.action]) for m in moves], "history": history(obj)[:20],
        "can_edit": workflow.DECLARATION.can(obj.state, "declare", role, obj, published=publication),
        "is_staff": role == "staff",
        "own_approval_barred": declarer and obj.state == workflow.S.CHECKED and role in workflow.MANAGERS,
        "closed": None if obj.is_approved else (
            workflow.month_open_to_approve(published=publication) if role in workflow.MANAGERS
            and obj.state != workflow.S.RETURNED else workflow.month_open_to_declare(published=publication)),
    })


# ------------------------------------------------------------------------------------------------ notices


@role_required(*READERS)
def notice_list(request):
    """The last-place notices the director and the county see (their own scope)."""
    notices = LastPlaceNoticeFilter(request, selectors.notices_for(request.user))
    page = capped_page(notices.qs, request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "redflags/lastplacenotice_list.html", {
        "page": page, "year": notices.value("year"), "level": notices.value("level") or "",
        "status": notices.value("status") or "", "levels": NoticeLevel.choices,
        "statuses": NoticeStatus.choices, "query": query.urlencode(),
    })
