"""Staff scoring pages: boards, the staff member's own page, recording, appeals, duty officers, schemes, exports.

Every view starts from a selector that applies scope (D14) or the recording grant, so anything else answers 404.
It stays one module though over 500 lines: the pages share the period and year parsing, the board's context and
the recording grant check; each view is a few lines that call ``selectors``, ``services`` or ``reports``.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from centers.choices import PostType, RegionLevel
from centers.models import Region
from centers.selectors import search as centre_search
from core import audit, revisions
from core.access import role_required, user_role
from core.exports import check_report_format, export_name, report_response, xlsx_response
from core.formats import example_download, format_page
from core.forms import UploadForm, form_page, post_back, run_service
from core.paging import PICK_LIMIT, capped_page
from core.params import id_param, period_param, text_param, year_param
from core.roles import COUNTY, EVERYONE, MANAGERS, READERS, Role
from jobs.views import offer
from scoring.common import fmt
from staff_scoring import attendance as proposals
from staff_scoring import exports, imports, reports, scoring, selectors, services, texts
from staff_scoring.forms import (
    AppealForm,
    DecisionForm,
    DutyForm,
    EventForm,
    ProposalDecisionForm,
    ReasonForm,
    RuleChoiceForm,
)
from staff_scoring.imports import template_sheets
from staff_scoring.models import Appeal, AppealStatus
from staff_scoring.periods import KINDS, period_containing, periods_of_year
from staff_scoring.schemes import SCHEMES, points_text, published_staff_versions, scheme_of, version_for_staff
from trainings import selectors as training_selectors


def _period(request, default_kind: str = "month"):
    """The period of ``?period=``; a ``?year=`` other than its year (the switcher's year list) moves it to the same
    month, quarter, half or whole year of that year."""
    period = period_param(request, period_containing(timezone.localdate(), default_kind))
    year = year_param(request, "year", label="年份")
    if year is not None and year != period.year:
        period = period_param(request, period, source={"period": f"{year}{period.label[4:]}"})
    return period


def _switcher(period) -> dict:
    today = timezone.localdate()
    years = list(range(today.year, today.year - 4, -1))
    if period.year not in years:
        years.append(period.year)
    return {
        "period": period,
        "periods": periods_of_year(period.year),
        "years": years,
        "shortcuts": [(KINDS[k], period_containing(today, k)) for k in ("month", "quarter", "half", "year")],
    }


# --- boards ----------------------------------------------------------------------------------------------------


@role_required(*READERS, Role.SUPERVISOR)
def index(request):
    """The centres whose boards the user may read (a director goes straight to their own); the supervisor, who reads
    no board, gets the export of its region's (or one county's) staff scores."""
    role = user_role(request.user)
    if role == "director":
        return redirect("staff_scoring:board", centre=request.user.centre_id)
    period_label = period_containing(timezone.localdate(), "month").label
    if role == Role.SUPERVISOR:
        counties = list(Region.objects.visible_to(request.user).filter(level=RegionLevel.COUNTY).order_by("path")
                        .only("pk", "name")[:PICK_LIMIT + 1])
        return render(request, "staff_scoring/region_export.html", {
            "region": request.user.region, "counties": counties[:PICK_LIMIT], "more": len(counties) > PICK_LIMIT,
            "period_label": period_label,
        })
    text = text_param(request, "q")
    page = capped_page(centre_search(selectors.board_centres(request.user), text), request.GET.get("page"))
    return render(request, "staff_scoring/centre_list.html", {
        "centres": page.object_list, "page": page, "q": text, "can_export_region": role in COUNTY,
        "period_label": period_label,
    })


def _export_region(request):
    """The region of a region export: an inspector's county; the admin's or the supervisor's ``?region=`` (by default
    the admin's top region, the supervisor's city)."""
    regions = Region.objects.visible_to(request.user).order_by("path")
    role = user_role(request.user)
    if role == "inspector":
        region = request.user.region
    else:
        wanted = id_param(request, "region")
        if wanted is not None:
            region = regions.filter(pk=wanted).first()
        else:
            region = request.user.region if role == Role.SUPERVISOR else regions.filter(parent=None).first()
    if region is None:
        raise Http404(_("没有可导出的区划"))
    return region


@role_required(*COUNTY, Role.SUPERVISOR, export=True)
def region_export(request):
    """Every staff member of the county (admin: any region) for ``?period=``, one row each: at once up to 5,000
    staff, else a background job (jobs/)."""
    region = _export_region(request)
    period = _period(request)
    report = exports.region_scores(region, period)
    return offer(request, kind=exports.REGION_SCORES, title=report.filename,
                 params={"region": region.pk, "period": period.label}, rows=report.count(), unit=_("名工作人员"),
                 small=lambda: xlsx_response(report.sheets(), report.filename + ".xlsx"))


@role_required(*READERS)
def board(request, centre: int):
    obj = selectors.get_board_centre(request.user, centre)
    period = _period(request)
    report = reports.board(obj, period)
    return render(request, "staff_scoring/board.html", {
        "centre": obj, "board": report, "can_manage": user_role(request.user) in MANAGERS, **_switcher(period),
    })


@role_required(*READERS)
def annual(request, centre: int):
    obj = selectors.get_board_centre(request.user, centre)
    year = year_param(request, default=timezone.localdate().year)
    summary = reports.annual(obj, year)
    return render(request, "staff_scoring/annual.html", {
        "centre": obj, "summary": summary, "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
    })


@role_required(*READERS)
def report(request, centre: int, fmt: str):
    """The period report as PDF or XLSX; a year (``?period=2026``) gives the annual summary."""
    check_report_format(fmt)
    obj = selectors.get_board_centre(request.user, centre)
    period = _period(request)
    made = reports.annual(obj, period.year) if period.kind == "year" else reports.board(obj, period)
    template = "staff_scoring/annual_pdf.html" if period.kind == "year" else "staff_scoring/board_pdf.html"
    return report_response(request, fmt, made.filename, template=template, context={"report": made, "centre": obj},
                           sheets=made.sheets)


# --- the staff member's page -----------------------------------------------------------------------------------


@role_required(*EVERYONE)
def staff_page(request, staff: int):
    person = selectors.get_staff(request.user, staff)
    period = _period(request)
    versions = published_staff_versions()
    year_events = scoring.events_for_engine(person, period)
    current = scoring.score_one(person, period, versions=versions, events=year_events)
    lines = {line.event.id: line for line in (current.result.lines if current.result else ()) if line.event}
    # Every line that counts in the period is listed: events dated in it, and events dated earlier whose points the
    # scheme credits to it (D16: an award of October counted in December), each marked with where it counts.
    credited = [pk for pk, line in lines.items() if line.date is not None and line.date not in period]
    events = list(selectors.events_in_period(person, period.start, period.end, also=credited))
    for event in events:
        event.line = lines.get(event.pk)
        event.credit_note = texts.credit_note(event.line, period)
        event.may_appeal = request.user.staff_id == person.pk and services.can_appeal(event)
    events.sort(key=lambda e: (e.line.credited if e.line and e.line.credited in period else e.date, e.pk))
    scheme = scheme_of(current.version) if current.version else None
    for event in events:
        rule = scheme.rules.get(event.rule) if scheme else None
        if rule is None and event.scheme_version_id:
            rule = scheme_of(event.scheme_version).rules.get(event.rule)
        event.rule_obj = rule
    outlook = [
        (KINDS[kind], scoring.score_one(person, p, versions=versions, events=year_events))
        for kind in ("quarter", "half", "year") for p in [period_containing(period.end, kind)]
    ]
    trend = scoring.monthly_trend(person, period, versions=versions)
    chart = {
        "labels": [gettext("%(year)s年%(month)s月") % {"year": s.period.start.year, "month": s.period.start.month} for s in trend],
        "scores": [float(s.score) if s.score is not None else None for s in trend],
    }
    return render(request, "staff_scoring/staff_detail.html", {
        "person": person, "current": current, "events": events, "outlook": outlook, "trend": trend,
        "chart": chart, "appeal_days": services.appeal_days(),
        "can_record": selectors.recordable_staff(request.user).filter(pk=person.pk).exists(),
        **_switcher(period),
    })


# --- recording -------------------------------------------------------------------------------------------------


@role_required(*EVERYONE)
def record_start(request):
    """Whom the user may record for: a director's centre, or the centres where a staff member is duty officer."""
    if not selectors.can_record(request.user):
        raise Http404(gettext("不在您的权限范围内"))
    return render(request, "staff_scoring/record_start.html", {
        "groups": selectors.recordable_by_centre(request.user), "role": user_role(request.user),
    })


def _chosen_rule(request, scheme, default: str = ""):
    """The rule of step two: posted with the form, or chosen in step one (``?rule=``); None to show step one."""
    if request.GET.get("change"):
        return None
    code = request.POST.get("rule") if request.method == "POST" else request.GET.get("rule", default)
    return scheme.rules.get((code or "").strip())


def _event_page(request, *, form, chooser, person, version, scheme, title, event=None, back="", status=200):
    """The recording page; 「取消」 leads to the event (editing) or to ``back`` (recording)."""
    rule = form.rule if form is not None else None
    return render(request, "staff_scoring/event_form.html", {
        "form": form, "chooser": chooser, "rule": rule, "rule_points": points_text(rule, scheme) if rule else "",
        "person": person, "version": version, "scheme": scheme, "title": title, "event": event, "back": back,
        "rules": [(r, points_text(r, scheme)) for r in scheme.rules.values()],
    }, status=status)


@role_required(*EVERYONE)
@require_http_methods(["GET", "POST"])
def event_create(request, staff: int):
    """Two steps, no script needed: choose the rule (GET ``?rule=``), then fill in only the inputs it uses."""
    person = selectors.get_recordable_staff(request.user, staff)
    version = version_for_staff(person)
    if version is None:
        messages.error(request, gettext("尚未发布适用于「%(label)s」的计分方案，请管理员先载入并发布") % {"label": PostType(person.post_type).label})
        return redirect("home")
    scheme = scheme_of(version)
    # Back where recording started: the person's page for a director, the list of whom to record for for a duty
    # officer (who may not read other staff members' pages).
    manager = user_role(request.user) in MANAGERS
    back = reverse("staff_scoring:staff_page", kwargs={"staff": person.pk}) if manager else reverse(
        "staff_scoring:record_start")
    page = {"person": person, "version": version, "scheme": scheme, "title": gettext("记录扣分加分：%(name)s") % {"name": person.name},
            "back": back}
    rule = _chosen_rule(request, scheme)
    if rule is None:
        asked = request.method == "POST" or "rule" in request.GET
        chooser = RuleChoiceForm(request.POST if request.method == "POST" else request.GET if asked else None,
                                 scheme=scheme)
        if asked:
            chooser.is_valid()
        return _event_page(request, form=None, chooser=chooser, **page)
    form = EventForm(request.POST or None, request.FILES or None, scheme=scheme, rule=rule)
    if request.method == "POST" and form.is_valid():
        done = run_service(form, lambda: services.record_event(
            staff=person, actor=request.user, photo=form.cleaned_data.get("photo"), **form.service_values()))
        if done:
            event = done.value
            messages.success(request, gettext("已记录：%(name)s %(date)s 细则%(rule)s") % {"name": person.name, "date": format(event.date, "%Y-%m-%d"), "rule": event.rule})
            return redirect(f"{back}?period={period_containing(event.date).label}" if manager else back)
    return _event_page(request, form=form, chooser=None, **page)


@role_required(*EVERYONE)
def event_detail(request, event: int):
    obj = selectors.get_event(request.user, event)
    rule = scheme_of(obj.scheme_version).rules.get(obj.rule)
    appeal = Appeal.objects.filter(event=obj).select_related("submitted_by", "decided_by").first()
    credited = None  # the month an award's points land in, when the scheme credits it elsewhere (D16)
    if obj.is_active and rule is not None and rule.credit_month:
        own = scoring.score_one(obj.staff, period_containing(obj.date))
        line = next((line for line in (own.result.lines if own.result else ()) if line.event
                     and line.event.id == obj.pk), None)
        if line is not None and line.credited and line.credited != obj.date:
            credited = period_containing(line.credited)
    return render(request, "staff_scoring/event_detail.html", {
        "event": obj, "rule": rule, "rule_points": points_text(rule, scheme_of(obj.scheme_version)) if rule else "",
        "credited": credited,
        "appeal": appeal, "history": audit.history(obj),
        "can_manage": user_role(request.user) in MANAGERS,
        "may_appeal": request.user.staff_id == obj.staff_id and services.can_appeal(obj),
        "deadline": services.appeal_deadline(obj), "appeal_days": services.appeal_days(),
        "revoke_form": ReasonForm(), "decision_form": DecisionForm(),
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def event_edit(request, event: int):
    """The event's own rule (or another, chosen with ``?change=1``); the form carries the revision it was loaded at,
    and a stale one is refused with the current values shown (core.revisions), never saved over them."""
    obj = selectors.get_managed_event(request.user, event)
    if not obj.is_active:
        messages.error(request, gettext("已撤销的记录不能修改"))
        return redirect("staff_scoring:event_detail", event=obj.pk)
    scheme = scheme_of(obj.scheme_version)
    page = {"person": obj.staff, "version": obj.scheme_version, "scheme": scheme, "event": obj,
            "title": gettext("修改记录：%(name)s %(date)s 细则%(rule)s") % {"name": obj.staff.name, "date": f"{obj.date:%Y-%m-%d}", "rule": obj.rule}}
    rule = _chosen_rule(request, scheme, default=obj.rule)
    if rule is None:
        asked = request.method == "POST" or "rule" in request.GET
        chooser = RuleChoiceForm(request.POST if request.method == "POST" else request.GET if asked else None,
                                 scheme=scheme, initial={"rule": obj.rule})
        if asked:
            chooser.is_valid()
        return _event_page(request, form=None, chooser=chooser, **page)
    revision = request.GET.get("revision", obj.revision)  # kept across a change of rule
    initial = {name: getattr(obj, name) for name in services.EDITABLE}
    form = EventForm(request.POST or None, request.FILES or None, scheme=scheme, rule=rule, initial=initial,
                     revision=revision)
    if request.method == "POST" and form.is_valid():
        try:
            done = run_service(form, lambda: services.update_event(
                obj, actor=request.user, revision=form.cleaned_data.get("revision"),
                photo=form.cleaned_data.get("photo"), **form.service_values()), passthrough=(revisions.StaleEdit,))
        except revisions.StaleEdit as stale:  # show what is stored now, at its revision: a second edit is deliberate
            current = stale.current
            messages.error(request, stale.messages[0])
            form = EventForm(scheme=scheme, rule=scheme.rules[current.rule], revision=current.revision,
                             initial={name: getattr(current, name) for name in services.EDITABLE})
            return _event_page(request, form=form, chooser=None, **{**page, "event": current}, status=409)
        if done:
            messages.success(request, gettext("已保存修改"))
            return redirect("staff_scoring:event_detail", event=obj.pk)
    return _event_page(request, form=form, chooser=None, **page)


@role_required(*MANAGERS)
@require_POST
def event_revoke(request, event: int):
    obj = selectors.get_managed_event(request.user, event)
    form = ReasonForm(request.POST)
    return post_back(request, form, lambda: services.revoke_event(obj, actor=request.user,
                                                                  reason=form.cleaned_data["reason"]),
                     done=gettext("已撤销这条记录，它不再计分"), refused=gettext("未撤销："),
                     back=reverse("staff_scoring:event_detail", args=[obj.pk]))


@role_required(*EVERYONE)
def event_photo(request, event: int):
    obj = selectors.get_event(request.user, event)
    if not obj.photo:
        raise Http404(gettext("无照片"))
    return FileResponse(obj.photo.open("rb"))


# --- appeals ---------------------------------------------------------------------------------------------------


@role_required("staff")
@require_http_methods(["GET", "POST"])
def appeal_create(request, event: int):
    obj = selectors.get_event(request.user, event)
    form = AppealForm(request.POST or None, request.FILES or None)
    return form_page(request, form, lambda: services.file_appeal(
        obj, actor=request.user, reason=form.cleaned_data["reason"], attachment=form.cleaned_data["attachment"]),
        done=gettext("申诉已提交，中心主任处理后会在这条记录上显示结果"),
        to=reverse("staff_scoring:event_detail", kwargs={"event": obj.pk}), template="staff_scoring/appeal_form.html",
        context=lambda: {"event": obj, "deadline": services.appeal_deadline(obj), "open": services.can_appeal(obj)})


@role_required(*EVERYONE)
def appeal_attachment(request, appeal: int):
    """The appeal's file, for whom the appeal is visible (the staff member, their director, the county's inspector,
    the admin); anyone else 404."""
    obj = selectors.get_appeal(request.user, appeal)
    if not obj.attachment:
        raise Http404(gettext("没有证明材料"))
    try:
        handle = obj.attachment.open("rb")
    except OSError as exc:
        raise Http404(gettext("文件已不存在")) from exc
    response = FileResponse(handle, content_type=obj.attachment_type, filename=obj.attachment_name)
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(*MANAGERS)
def appeal_list(request, centre: int):
    obj = selectors.get_board_centre(request.user, centre)
    return render(request, "staff_scoring/appeal_list.html", {
        "centre": obj, "appeals": selectors.pending_appeals(obj),
    })


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def appeal_decide(request, appeal: int):
    obj = selectors.get_appeal(request.user, appeal)
    form = DecisionForm(request.POST or None)
    return form_page(request, form, lambda: services.decide_appeal(
        obj, actor=request.user, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"]),
        done=lambda _: gettext("申诉已处理：%(word)s") % {
            "word": "撤销记录" if form.cleaned_data["decision"] == AppealStatus.REVOKED else "维持原记录"},
        to=reverse("staff_scoring:event_detail", kwargs={"event": obj.event_id}),
        template="staff_scoring/appeal_decide.html", context={"appeal": obj, "event": obj.event})


# --- deduction proposals from trainings and meetings (staff_scoring.attendance) -------------------------------


@role_required(*MANAGERS)
def attendance_proposals(request, centre: int):
    obj = selectors.get_board_centre(request.user, centre)
    rows = proposals.proposals(training_selectors.pending_proposals(obj))
    return render(request, "staff_scoring/attendance_proposals.html", {"centre": obj, "proposals": rows})


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def attendance_decide(request, attendance: int):
    row = training_selectors.get_attendance(request.user, attendance)
    form = ProposalDecisionForm(request.POST or None)
    return form_page(request, form, lambda: proposals.decide_attendance(
        row, action=form.cleaned_data["decision"], actor=request.user, reason=form.cleaned_data["reason"]),
        done=gettext("扣分建议已处理"), to=reverse("trainings:detail", kwargs={"training": row.training_id}),
        template="staff_scoring/attendance_decide.html",
        context=lambda: {"row": row, "proposal": proposals.proposal_of(row)})


# --- duty officers ---------------------------------------------------------------------------------------------


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def duty_list(request, centre: int):
    obj = selectors.get_board_centre(request.user, centre)
    form = DutyForm(request.POST or None, centre=obj)
    return form_page(
        request, form, lambda: services.grant_duty(centre=obj, staff=form.cleaned_data["staff"], actor=request.user),
        done=lambda _: gettext("已指定 %(name)s 为值班员，可代为记录扣分加分") % {"name": form.cleaned_data["staff"].name},
        to=reverse("staff_scoring:duty_list", kwargs={"centre": obj.pk}), template="staff_scoring/duty_list.html",
        context={"centre": obj, "duties": selectors.duties_of_centre(obj)},
    )


@role_required(*MANAGERS)
@require_POST
def duty_end(request, duty: int):
    obj = selectors.get_duty(request.user, duty)
    services.end_duty(obj, actor=request.user)
    messages.success(request, gettext("已取消 %(name)s 的值班员权限") % {"name": obj.staff.name})
    return redirect("staff_scoring:duty_list", centre=obj.centre_id)


# --- XLSX import -----------------------------------------------------------------------------------------------


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def import_events(request, centre: int):
    obj = selectors.get_board_centre(request.user, centre)
    form = UploadForm.spreadsheet(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = imports.import_events(file=form.cleaned_data["file"], actor=request.user,
                                            staff=selectors.board_staff(obj).filter(
                                                pk__in=selectors.recordable_staff(request.user).values("pk")))
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, gettext("已导入 %(count)s 条扣分加分记录") % {"count": len(created)})
            return redirect("staff_scoring:board", centre=obj.pk)
    return render(request, "staff_scoring/import_form.html", {
        "centre": obj, "form": form, "problems": problems, "title": _("Excel 导入扣分加分记录")})


@role_required(*MANAGERS)
def import_template(request, centre: int):
    obj = selectors.get_board_centre(request.user, centre)
    return xlsx_response(template_sheets(obj), export_name(obj.name, "扣分加分导入模板", ext="xlsx"))


# --- scheme versions (admin) -----------------------------------------------------------------------------------


@role_required("admin")
def scheme_list(request):
    return render(request, "staff_scoring/scheme_list.html", {"versions": selectors.scheme_versions()})


@role_required("admin")
@require_http_methods(["GET", "POST"])
def scheme_upload(request):
    form = SCHEMES.upload_form(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.upload_scheme(upload.read(), source_name=upload.name, actor=request.user)
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.info(request, gettext("文件校验通过。请核对下面的细则，确认无误后发布。") if not version.is_published
                          else gettext("这个版本已存在且内容相同，未改动。"))
            return redirect("staff_scoring:scheme_detail", scheme=version.pk)
    return render(request, "staff_scoring/scheme_upload.html", {"form": form, "problems": problems})


@role_required("admin")
def scheme_format(request):
    """docs/schemes.zh.md, then docs/schemes.md, as a page, with the example file to download (linked from the upload
    page)."""
    return format_page(request, guide="schemes.zh.md", doc="schemes.md", title="计分方案文件格式说明",
                       example_url=reverse("staff_scoring:scheme_example"),
                       back_url=reverse("staff_scoring:scheme_upload"))


@role_required("admin")
def scheme_example(request):
    return example_download(Path(settings.FIXTURES_DIR) / "schemes" / "baolin-station-staff.yaml")


@role_required("admin")
def scheme_detail(request, scheme: int):
    version = selectors.get_scheme_version(scheme)
    parsed = scheme_of(version)
    rules = [(r, points_text(r, parsed), parsed.categories[r.category].title) for r in parsed.rules.values()]
    return render(request, "staff_scoring/scheme_detail.html", {
        "version": version, "scheme": parsed, "rules": rules, "fmt": fmt,
        "bonus_cap": parsed.bonus_cap.describe() if parsed.bonus_cap else "",
    })


@role_required("admin")
@require_POST
def scheme_publish(request, scheme: int):
    version = selectors.get_scheme_version(scheme)
    services.publish_scheme(version, actor=request.user)
    messages.success(request, gettext("已发布 %(version)s") % {"version": version})
    return redirect("staff_scoring:scheme_detail", scheme=version.pk)
