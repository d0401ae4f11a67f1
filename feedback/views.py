"""Pages: the public rating pages (QR), rating codes for the window screen, ratings and their follow-up,
complaints, 容缺受理 notices. Views bind a form, call a service, render or redirect.

One module though over 500 lines: its sections share ``posted_data``, ``client_ip`` and the refusal answers; they
(public pages, rating codes, ratings, follow-ups, complaints, notices) are the seams when it becomes a package."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages import get_messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.context_processors import csrf
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from centers.models import ServiceCentre
from centers.selectors import drill
from centers.selectors import search as centre_search
from core.access import role_required, user_role
from core.audit import history
from core.exports import export_name, pdf_response, xlsx_response, zh_date
from core.forms import form_page, make_move, move_forms, run_service
from core.paging import capped_page, too_many_to_pick
from core.params import id_param, text_param
from core.qr import public_url, qr_svg
from core.roles import EVERYONE, ISSUERS, MANAGERS, READERS, Role
from feedback import exports, selectors, services, tokens
from feedback.filters import ComplaintFilter, FollowUpFilter, NoticeFilter, RatingFilter
from feedback.forms import (
    ComplaintCreateForm,
    ComplaintLookupForm,
    MonthForm,
    NoticeCloseForm,
    NoticeCreateForm,
    PublicComplaintForm,
    RatingForm,
    TicketForm,
    complaint_action_form,
    followup_action_form,
)
from feedback.models import (
    Complaint,
    ComplaintState,
    DeficiencyNotice,
    FollowUpState,
    Level,
    NoticeState,
    Rating,
)
from feedback.reports import rating_report
from feedback.services import ComplaintRefused, RatingRefused
from feedback.workflow import COMPLAINT, FOLLOWUP, NOTICE
from jobs.views import offer
from staff_scoring.schemes import version_for_staff

HANDLERS = MANAGERS  # who handles ratings and complaints
REFUSED_STATUS = {"invalid": 400, "device": 403, "expired": 410, "used": 410, "closed": 410, "limited": 429}
PAGE_SIZE = 50
ID_RE = re.compile(r"[0-9]{1,9}")  # ids in query strings: ASCII digits only (str.isdigit() accepts "²" and "٣")
RECEIPT_SESSION = "complaint_receipt"


def posted_data(request):
    """The POST data of a POST (even an empty one, so it is validated), else None (an unbound form)."""
    return request.POST if request.method == "POST" else None


def client_ip(request) -> str | None:
    """The client address as django-axes resolves it, so login throttling and rating limits agree behind a proxy."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request)


def _device_id(request) -> str | None:
    return request.get_signed_cookie(tokens.DEVICE_COOKIE, default=None, salt=tokens.DEVICE_COOKIE_SALT)


def _citizen_page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    """A page of the rating path (the form, a refusal, the thanks), rendered with what feedback/_citizen_base.html
    and these pages use — the request, its messages, the CSRF token (lazy, as the context processor gives it) — and
    without the project's context processors: they look up the signed-in user, their role and nav for pages that
    show none of them, on every QR scan (docs/performance.md § "The citizen's rating path")."""
    context = {"request": request, "messages": get_messages(request), **csrf(request), **context}
    return HttpResponse(get_template(template).render(context), status=status)


def _refused(request, refusal: RatingRefused, place=None):
    return _citizen_page(request, "feedback/rating_refused.html", {"refusal": refusal, "place": place},
                         status=REFUSED_STATUS.get(refusal.code, 400))


# ------------------------------------------------------------------------------------------- public rating pages


def _issue_scan_token(request, kind: str, place_id: int):
    """The place behind a printed QR code and its limits for this phone (one statement): a per-scan token and the
    form, or the refusal the citizen would meet there; 404 for no such (active) place."""
    device_id = _device_id(request)
    new_device = device_id is None
    if new_device:
        device_id = tokens.new_device_id()
    place, refusal = services.scan_place(kind, place_id, device_id=None if new_device else device_id,
                                         ip=client_ip(request))
    if place is None:
        raise Http404(gettext("该窗口已停用或不存在") if kind == "window" else gettext("该便民服务站不存在"))
    if refusal:
        response = _refused(request, refusal, place=place)
    else:
        token = tokens.scan_token(device_id=device_id, window_id=place.pk if kind == "window" else None,
                                  station_id=place.pk if kind == "station" else None)
        response = redirect("feedback:rate", token=token)
    if new_device:
        response.set_signed_cookie(
            tokens.DEVICE_COOKIE, device_id, salt=tokens.DEVICE_COOKIE_SALT, max_age=365 * 24 * 3600,
            httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@login_not_required
@never_cache
def rate_window(request, window: int):
    """The page behind a window's printed QR code: issues a per-scan token for this phone and opens the form."""
    return _issue_scan_token(request, "window", window)


@login_not_required
@never_cache
def rate_station(request, station: int):
    return _issue_scan_token(request, "station", station)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def rate(request, token: str):
    """The rating form for one token (per service or per scan): five levels, optional comment and phone."""
    device_id = _device_id(request)  # a signed cookie: checked once, for the target and the limits
    posted = request.method == "POST"
    try:  # a submit reads the rate limits in the target's statement
        target = services.rating_target(token, device_id=device_id, ip=client_ip(request) if posted else None,
                                        with_limits=posted)
    except RatingRefused as refusal:
        return _refused(request, refusal)
    form = RatingForm(posted_data(request), staff_choices=target.staff_choices, fixed_staff=target.ticket is not None)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            ok = run_service(form, lambda: services.rating_submit(
                token=token, level=data["level"], comment=data.get("comment", ""), phone=data.get("phone", ""),
                staff_id=data.get("staff"), device_id=device_id, ip=client_ip(request), target=target,
            ))
        except RatingRefused as refusal:
            return _refused(request, refusal, place=target.place)
        if ok:
            query = {"window": target.window.pk} if target.window else {"station": target.station.pk}
            if data["level"] <= Level.DISSATISFIED:
                query["bad"] = 1
            return redirect(f"{reverse('feedback:rate_thanks')}?{urlencode(query)}")
    return _citizen_page(request, "feedback/rating_form.html", {
        "form": form, "target": target,
        "fixed_staff": target.ticket.staff if target.ticket and target.ticket.staff_id else None,
    })


def _query_id(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if ID_RE.fullmatch(value) else None


@login_not_required
def rate_thanks(request):
    """After a rating: where to go next (the window's matters and post card, the complaint form, the lookup)."""
    window_id, station_id = _query_id(request, "window"), _query_id(request, "station")
    window, station = selectors.thanks_place(window_id=window_id, station_id=station_id)
    return _citizen_page(request, "feedback/rating_thanks.html", {
        "bad": request.GET.get("bad") == "1", "days": selectors.policy().rectify_workdays,
        "window": window, "station": station,
    })


# ------------------------------------------------------------------------------------------ public complaints


def _complaint_refused(request, refusal: ComplaintRefused):
    return render(request, "feedback/complaint_public_refused.html", {"refusal": refusal}, status=429)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    """A citizen's complaint (from a window card, a guide or the thanks page): ``?window=`` chooses the window,
    ``?centre=`` the centre; with neither the citizen picks the centre first."""
    window_id, centre_id = _query_id(request, "window"), _query_id(request, "centre")
    window = selectors.public_window(window_id) if window_id else None
    centre = window.centre if window else (selectors.public_complaint_centre(centre_id) if centre_id else None)
    if centre is None:
        return _complaint_pick(request)
    ip = client_ip(request)
    refusal = services.complaint_refusal(ip=ip)
    if refusal:
        return _complaint_refused(request, refusal)
    form = PublicComplaintForm(posted_data(request), centre=centre, initial={"window": window})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = run_service(form, lambda: services.complaint_submit(
                window=data["window"], name=data["complainant_name"], phone=data["complainant_phone"],
                matter_name=data["matter_name"], category=data["category"], summary=data["summary"], ip=ip,
            ))
        except ComplaintRefused as refused:
            return _complaint_refused(request, refused)
        if done:
            request.session[RECEIPT_SESSION] = done.value.receipt_no
            return redirect("feedback:complaint_receipt")
    return render(request, "feedback/complaint_public_form.html", {"form": form, "centre": centre, "window": window})


def _complaint_pick(request):
    """Which centre the complaint is about: a select box of every centre, or — a province's 3,000 — a search by
    name (``?q=``) offering at most 20."""
    text = text_param(request, "q")
    centres = selectors.public_centres()
    many = too_many_to_pick(centres)  # the citizen finds theirs by name instead of scrolling a select box
    if many:
        centres = list(centre_search(centres, text)[:20]) if text else []
    return render(request, "feedback/complaint_public_pick.html", {"centres": centres, "many": many, "q": text})


@login_not_required
@never_cache
def complaint_receipt(request):
    """The receipt of the complaint this browser just sent: its number and due day (kept in the session)."""
    receipt = request.session.get(RECEIPT_SESSION)
    complaint = selectors.complaint_by_receipt(receipt)
    if complaint is None:
        return redirect("feedback:complaint_status")
    return render(request, "feedback/complaint_public_receipt.html", {
        "complaint": selectors.public_complaint_status(complaint),
    })


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def complaint_status(request):
    """Receipt number + the phone's last 4 digits → the state and the due day only (no names, no content). A wrong
    pair answers the same "not found" whichever half is wrong; repeated misses from one address are refused."""
    form = ComplaintLookupForm(posted_data(request))
    complaint, missed = None, False
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_lookup(receipt=form.cleaned_data["receipt"],
                                                  last4=form.cleaned_data["last4"], ip=client_ip(request))
        except ComplaintRefused as refused:
            return _complaint_refused(request, refused)
        missed = complaint is None
    return render(request, "feedback/complaint_public_status.html", {
        "form": form, "complaint": selectors.public_complaint_status(complaint) if complaint else None,
        "missed": missed,
    })


# -------------------------------------------------------------------------------- rating codes for the window


@role_required(*ISSUERS)
def my_ticket(request):
    """Staff: the rating-code page of their own window or station."""
    staff = request.user.staff if user_role(request.user) == "staff" else None
    if staff and staff.window_id:
        return redirect("feedback:ticket_window", window=staff.window_id)
    if staff and staff.station_id:
        return redirect("feedback:ticket_station", station=staff.station_id)
    if staff:
        messages.info(request, gettext("您没有对应的窗口或便民服务站，不能生成服务评价码"))
        return redirect("feedback:rating_list")
    if user_role(request.user) == "staff":  # an account not yet linked to a staff record
        messages.info(request, gettext("您的账号尚未关联工作人员，不能生成服务评价码，请联系中心负责人"))
        return redirect("home")
    return redirect("feedback:overview")  # directors and admins pick a window there


def _ticket_page(request, *, window=None, station=None):
    place = window or station
    own = user_role(request.user) == "staff"
    staff_qs = selectors.window_staff(window) if window else selectors.station_staff(station)
    form = TicketForm(posted_data(request), staff_queryset=staff_qs, own_staff=own)
    if request.method == "POST" and form.is_valid() and (done := run_service(form, lambda: services.ticket_issue(
        actor=request.user, window=window, station=station, staff=form.cleaned_data.get("staff"),
        **{k: form.cleaned_data.get(k, "") for k in ("matter_code", "matter_name", "case_no")},
    ))):
        return redirect("feedback:ticket_detail", ticket=done.value.pk)
    return render(request, "feedback/serviceticket_form.html", {"form": form, "place": place})


@role_required(*ISSUERS)
@require_http_methods(["GET", "POST"])
def ticket_window(request, window: int):
    return _ticket_page(request, window=selectors.window_for_tickets(request.user, window))


@role_required(*ISSUERS)
@require_http_methods(["GET", "POST"])
def ticket_station(request, station: int):
    return _ticket_page(request, station=selectors.station_for_tickets(request.user, station))


def _ticket_state(ticket) -> str:
    if getattr(ticket, "rating", None) is not None:
        return "rated"
    return "expired" if ticket.expires_at <= timezone.now() else "waiting"


@role_required(*ISSUERS)
def ticket_detail(request, ticket: int):
    """The fresh QR for one service, to show on the window screen."""
    obj = selectors.get_ticket(request.user, ticket)
    url = public_url("feedback:rate", token=services.ticket_link_token(obj))
    new_url = (reverse("feedback:ticket_window", kwargs={"window": obj.window_id}) if obj.window_id
               else reverse("feedback:ticket_station", kwargs={"station": obj.station_id}))
    return render(request, "feedback/serviceticket_detail.html", {
        "ticket": obj, "url": url, "qr": qr_svg(url), "state": _ticket_state(obj), "new_url": new_url,
    })


@role_required(*ISSUERS)
def ticket_status(request, ticket: int):
    obj = selectors.get_ticket(request.user, ticket)
    return render(request, "feedback/_ticket_status.html", {"ticket": obj, "state": _ticket_state(obj)})


@role_required(*READERS)
def window_qr(request, window: int):
    """The printable static QR of a window (to post on the counter)."""
    obj = selectors.window_for_tickets(request.user, window)
    url = public_url("feedback:rate_window", window=obj.pk)
    return render(request, "feedback/place_qr.html", {"place": obj, "centre": obj.centre, "url": url, "qr": qr_svg(url)})


@role_required(*READERS)
def station_qr(request, station: int):
    obj = selectors.station_for_tickets(request.user, station)
    url = public_url("feedback:rate_station", station=obj.pk)
    return render(request, "feedback/place_qr.html", {"place": obj, "centre": obj.centre, "url": url, "qr": qr_svg(url)})


# ------------------------------------------------------------------------------------------ ratings and numbers


@role_required(*READERS, Role.SUPERVISOR)
def overview(request):
    """The month's ratings per county, then per town (``?region=``), then per window and station of one town:
    never a row per window of a province."""
    form = MonthForm(request.GET)
    today = timezone.localdate()
    year, month = form.cleaned_data["month"] if form.is_valid() else (today.year, today.month)
    start, end = selectors.month_range(year, month)
    place = drill(request.user, id_param(request, "region", label="区划"))
    if place.rows:
        rows = selectors.region_overview_rows(request.user, place, start, end)
        total = selectors.summed(row["counts"] for row in rows)  # every rating lies in one row's region
    else:
        rows = selectors.overview_rows(request.user, start, end, place=place)
        total = selectors.rating_counts(start=start, end=end,
                                        queryset=place.within(Rating.objects.visible_to(request.user), "centre"))
    return render(request, "feedback/rating_overview.html", {
        "form": form, "rows": rows, "total": total, "start": start, "end": end, "month": f"{year}-{month:02d}",
        "year": year, "month_number": month, "place": place,
    })


def _filtered_ratings(request) -> RatingFilter:
    return exports.filtered_ratings(request)


@role_required(*EVERYONE, Role.SUPERVISOR)
def rating_list(request):
    ratings = _filtered_ratings(request)
    page = capped_page(ratings.qs, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "feedback/rating_list.html", {
        "form": ratings.form, "page": page, "ratings": selectors.rows_with_identity(request.user, page.object_list),
        "query": query.urlencode(), "chosen_centre": ratings.chosen_centre,
    })


@role_required(*EVERYONE, Role.SUPERVISOR, export=True)
def rating_export(request):
    """Up to 5,000 ratings: the file at once; more: a background job (jobs/) started by POST from the page this
    answers with."""
    ratings = _filtered_ratings(request)
    report = rating_report(ratings.qs, owner=exports.owner_name(ratings, request.user))
    return offer(request, kind=exports.RATINGS, title=report.filename, params={"query": request.GET.urlencode()},
                 rows=ratings.qs.count(), small=lambda: xlsx_response(report.sheets(), report.filename + ".xlsx"))


# ------------------------------------------------------------------------------------------------- follow-ups


@role_required(*READERS)
def followup_list(request):
    followups = FollowUpFilter(request, selectors.followups_for(request.user).order_by("received_on", "pk"))
    page = capped_page(followups.qs, request.GET.get("page"))
    return render(request, "feedback/followup_list.html", {
        "rows": selectors.followups_with_deadlines(page.object_list), "page": page, "form": followups.form,
        "state": followups.value("state") or "", "states": FollowUpState.choices,
        "chosen_centre": followups.chosen_centre,
    })


def _desk_centres(request, chosen):
    """The centres a list offers to register a new record at: the director's own, or the one chosen in the filter
    (the admin picks it with the typed search: never a button per centre of a province)."""
    if user_role(request.user) not in HANDLERS:
        return []
    if request.user.centre_id:
        return [request.user.centre]
    return [chosen] if chosen is not None else []


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def followup_detail(request, followup: int):
    obj = selectors.get_followup(request.user, followup)
    role = user_role(request.user)
    most = selectors.policy().max_extension_workdays
    moves = FOLLOWUP.allowed(obj.state, role, obj)
    if obj.extension_days:
        moves = [m for m in moves if m.action != "extend"]
    posted, forms = move_forms(request, moves, lambda action, data: followup_action_form(action, data, most))
    done = make_move(request, posted, forms, table=FOLLOWUP, back=reverse("feedback:followup_detail", args=[obj.pk]),
                     move=lambda action, data: services.followup_move(followup=obj, action=action, actor=request.user,
                                                                       **data))
    if done:
        return done
    selectors.followups_with_deadlines([obj])
    rating = selectors.rows_with_identity(request.user, [obj.rating])[0]
    return render(request, "feedback/followup_detail.html", {
        "followup": obj, "rating": rating, "actions": [(m, forms[m.action]) for m in moves],
        "history": history(obj)[:20],
    })


# ------------------------------------------------------------------------------------------------- complaints


@role_required(*READERS, Role.SUPERVISOR)
def complaint_list(request):
    complaints = ComplaintFilter(request, selectors.complaints_for(request.user).order_by("received_on", "pk"))
    page = capped_page(complaints.qs, request.GET.get("page"))
    chosen = complaints.chosen_centre
    return render(request, "feedback/complaint_list.html", {
        "rows": selectors.complaints_with_deadlines(request.user, page.object_list), "page": page,
        "form": complaints.form, "state": complaints.value("state") or "", "states": ComplaintState.choices,
        "centres": _desk_centres(request, chosen), "chosen_centre": chosen,
    })


@role_required(*READERS, Role.SUPERVISOR, export=True)
def complaint_export(request):
    """The complaints of the list's state filter as Excel: at once up to 5,000, else a background job (jobs/)."""
    complaints = exports.filtered_complaints(request).qs
    name = exports.complaints_name(request.user)
    return offer(request, kind=exports.COMPLAINTS, title=name, params={"query": request.GET.urlencode()},
                 rows=complaints.count(), small=lambda: xlsx_response(exports.complaint_sheets(complaints), name + ".xlsx"))


@role_required(*HANDLERS)
@require_http_methods(["GET", "POST"])
def complaint_create(request, centre: int):
    obj = selectors.centre_for_desk(request.user, centre)
    form = ComplaintCreateForm(posted_data(request), centre=obj, instance=Complaint(centre=obj))
    return form_page(request, form, lambda: services.complaint_create(centre=obj, actor=request.user, **form.cleaned_data),
                     done=gettext("已受理投诉"), template="feedback/complaint_form.html", context={"centre": obj},
                     to=lambda c: reverse("feedback:complaint_detail", kwargs={"complaint": c.pk}))


@role_required(*READERS, Role.SUPERVISOR)  # the supervisor reads it (a POST: 404)
@require_http_methods(["GET", "POST"])
def complaint_detail(request, complaint: int):
    obj = selectors.get_complaint(request.user, complaint)
    moves = COMPLAINT.allowed(obj.state, user_role(request.user), obj)
    in_force = None  # the scheme the named person is scored by: its deduction rules are the ones offered
    if obj.staff_id and any(m.action == "request_deduction" for m in moves):
        in_force = version_for_staff(obj.staff)
    posted, forms = move_forms(request, moves, lambda action, data: complaint_action_form(action, data, in_force))
    if "request_window_deduction" in forms:  # recorded by the window ledger (redflags), which sits above feedback
        forms["request_window_deduction"].post_to = reverse("redflags:complaint_deduction", kwargs={"complaint": obj.pk})
    done = make_move(request, posted, forms, table=COMPLAINT, back=reverse("feedback:complaint_detail", args=[obj.pk]),
                     move=lambda action, data: services.complaint_move(complaint=obj, action=action, actor=request.user,
                                                                        **data))
    if done:
        return done
    selectors.complaints_with_deadlines(request.user, [obj])
    return render(request, "feedback/complaint_detail.html", {
        "complaint": obj, "actions": [(m, forms[m.action]) for m in moves],
        "deduction_event": selectors.staff_deduction_event(obj),
    })


# ---------------------------------------------------------------------------------------------------- notices


@role_required(*EVERYONE)
def notice_list(request):
    notices = NoticeFilter(request, selectors.notices_for(request.user))
    page = capped_page(notices.qs, request.GET.get("page"))
    today = timezone.localdate()
    for notice in page.object_list:
        notice.overdue = notice.is_overdue(today)
    role = user_role(request.user)
    centres = []
    if role in HANDLERS:
        centres = _desk_centres(request, notices.chosen_centre)
    elif role == "staff":
        staff = request.user.staff
        own = staff.centre_id or (staff.station.centre_id if staff.station_id else None)
        centres = ServiceCentre.objects.filter(pk=own)
    return render(request, "feedback/deficiencynotice_list.html", {
        "page": page, "state": notices.value("state") or "", "states": NoticeState.choices, "centres": centres,
        "form": notices.form, "chosen_centre": notices.chosen_centre,
    })


@role_required(*ISSUERS)
@require_http_methods(["GET", "POST"])
def notice_create(request, centre: int):
    obj = selectors.centre_for_desk(request.user, centre)
    initial = {}
    if user_role(request.user) == "staff" and request.user.staff.window_id:
        initial["window"] = request.user.staff.window_id
    form = NoticeCreateForm(posted_data(request), centre=obj, initial=initial, instance=DeficiencyNotice(centre=obj))
    return form_page(request, form, lambda: services.notice_create(centre=obj, actor=request.user, **form.cleaned_data),
                     done=gettext("已登记容缺受理，请打印通知书请申请人签字"),
                     to=lambda n: reverse("feedback:notice_detail", kwargs={"notice": n.pk}),
                     template="feedback/deficiencynotice_form.html", context={"centre": obj})


@role_required(*EVERYONE)
@require_http_methods(["GET", "POST"])
def notice_detail(request, notice: int):
    obj = selectors.get_notice(request.user, notice)
    moves = NOTICE.allowed(obj.state, user_role(request.user), obj)
    posted, forms = move_forms(request, moves, lambda action, data: NoticeCloseForm(data, prefix=action))
    done = make_move(request, posted, forms, table=NOTICE, back=reverse("feedback:notice_detail", args=[obj.pk]),
                     move=lambda action, data: services.notice_move(notice=obj, action=action, actor=request.user,
                                                                     **data),
                     done=gettext("已记录：%(label)s"))
    if done:
        return done
    obj.overdue = obj.is_overdue(timezone.localdate())
    return render(request, "feedback/deficiencynotice_detail.html", {
        "notice": obj, "actions": [(m, forms[m.action]) for m in moves],
    })


@role_required(*EVERYONE)
def notice_pdf(request, notice: int):
    obj = selectors.get_notice(request.user, notice)
    return pdf_response(request, "feedback/deficiencynotice_pdf.html", {"notice": obj},
                        export_name(obj.centre.name, "容缺受理告知书", zh_date(obj.issued_on), f"第{obj.pk}号", ext="pdf"))

