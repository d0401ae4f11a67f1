"""Demo data for `seed_demo`: a month of ratings per window and station, 差评 in every follow-up state, complaints
in every state, a few 容缺受理 notices. Safe to re-run: a centre that already has ratings (or complaints, or
notices) is left alone. Dates are relative to today, so the demo always shows "this month" and overdue items."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from centers.demo import DemoCounty, person_name, phone
from centers.models import ServiceCentre, Staff
from feedback import tokens
from feedback.models import (
    Channel,
    Complaint,
    ComplaintState,
    DeficiencyNotice,
    FollowUp,
    FollowUpState,
    Level,
    NoticeState,
    Rating,
    ServiceTicket,
)

MATTERS = [
    ("511000000000-001", "城乡居民基本养老保险参保登记"), ("511000000000-002", "城乡居民基本医疗保险参保登记"),
    ("511000000000-003", "高龄津贴申请"), ("511000000000-004", "最低生活保障申请"),
    ("511000000000-005", "残疾人两项补贴申请"), ("511000000000-006", "农村建房用地审查"),
    ("511000000000-007", "流动人口婚育证明"), ("511000000000-008", "退役军人优待证申领"),
]
LEVEL_WEIGHTS = [(Level.VERY_SATISFIED, 55), (Level.SATISFIED, 27), (Level.BASIC, 10), (Level.DISSATISFIED, 5),
                 (Level.VERY_DISSATISFIED, 3)]
GOOD_COMMENTS = ["办事效率高", "态度很好，讲解耐心", "一次就办好了", "", "", "", "窗口人员很热情"]
BAD_COMMENTS = ["排队时间太长", "工作人员态度生硬", "材料要求没有一次说清楚，跑了两趟", "系统故障，没办成"]
# The follow-up states shown in the demo, in order: each centre's bad ratings walk through them.
FOLLOWUP_ROAD = [FollowUpState.PENDING, FollowUpState.VERIFIED, FollowUpState.CALLED_BACK, FollowUpState.RECTIFIED,
                 FollowUpState.APPEALING, FollowUpState.INVALID]


def _level(rng: random.Random) -> int:
    return rng.choices([lv for lv, _ in LEVEL_WEIGHTS], weights=[w for _, w in LEVEL_WEIGHTS])[0]


def _aware(day: dt.date, rng: random.Random) -> dt.datetime:
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.randint(0, 59)), tzinfo=tz)


def seed(counties: list[DemoCounty], rng: random.Random) -> None:
    today = timezone.localdate()
    for demo in counties:
        for number, centre in enumerate(demo.centres):
            with transaction.atomic():
                _ratings(centre, rng, today)
                if number == 0:
                    _complaints(centre, rng, today)
                    _notices(centre, rng, today)


def _ratings(centre: ServiceCentre, rng: random.Random, today: dt.date) -> None:
    if Rating.objects.filter(centre=centre).exists():
        return
    people = list(Staff.objects.filter(centre=centre, active_to__isnull=True).order_by("pk"))
    road = iter(FOLLOWUP_ROAD * 10)
    places = [("window", w) for w in centre.windows.filter(active=True).order_by("number")]
    places += [("station", s) for s in centre.stations.order_by("region__path")]
    for kind, place in places:
        staff = [p for p in people if p.window_id == place.pk] if kind == "window" else list(
            place.staff.filter(active_to__isnull=True).order_by("pk"))
        for _ in range(rng.randint(12, 30) if kind == "window" else rng.randint(3, 8)):
            day = today - dt.timedelta(days=rng.randint(0, 30))
            rated_at = _aware(day, rng)
            level = _level(rng)
            person = rng.choice(staff) if staff else None
            code, matter = rng.choice(MATTERS)
            ticket = None
            if rng.random() < 0.6:
                ticket = ServiceTicket.objects.create(
                    centre=centre, window=place if kind == "window" else None,
                    station=place if kind == "station" else None, staff=person, matter_code=code, matter_name=matter,
                    case_no=f"BJ{day:%Y%m%d}{rng.randint(1000, 9999)}", nonce=tokens.new_nonce(),
                    issued_at=rated_at - dt.timedelta(minutes=2), expires_at=rated_at + dt.timedelta(hours=2),
                )
            rating = Rating.objects.create(
                centre=centre, window=place if kind == "window" else None, station=place if kind == "station" else None,
                staff=person if (ticket or rng.random() < 0.5) else None, ticket=ticket,
                channel=Channel.SERVICE_QR if ticket else Channel.WINDOW_QR, level=level,
                comment=rng.choice(BAD_COMMENTS if level <= 2 else GOOD_COMMENTS),
                phone=phone(rng) if level <= 2 and rng.random() < 0.7 else "",
                matter_code=ticket.matter_code if ticket else "", matter_name=ticket.matter_name if ticket else "",
                case_no=ticket.case_no if ticket else "", rated_at=rated_at, nonce=ticket.nonce if ticket else tokens.new_nonce(),
            )
            if level <= 2:
                _followup(rating, next(road), day, today)


def _followup(rating: Rating, state: str, day: dt.date, today: dt.date) -> None:
    f = FollowUp(rating=rating, state=state, received_on=day, limit_days=15)
    now = timezone.now()
    if state != FollowUpState.PENDING:
        f.verified_at = now
    if state in (FollowUpState.APPEALING, FollowUpState.INVALID):
        f.verdict_reason = "经调取窗口录像，评价人当日未在本窗口办理业务"
    if state == FollowUpState.INVALID:
        f.appeal_decision = "经县级审核，同意申诉，该差评不计入"
    if state in (FollowUpState.CALLED_BACK, FollowUpState.RECTIFIED):
        f.callback_on, f.callback_reached = min(today, day + dt.timedelta(days=2)), bool(rating.phone)
        f.callback_note = "电话回访，已向群众致歉并说明情况" if rating.phone else "未留联系方式，无法回访"
    if state == FollowUpState.RECTIFIED:
        f.rectified_on = min(today, day + dt.timedelta(days=5))
        f.rectification = "开展服务礼仪和一次性告知培训，调整高峰时段窗口人员"
    f.save()


def _complaints(centre: ServiceCentre, rng: random.Random, today: dt.date) -> None:
    if Complaint.objects.filter(centre=centre).exists():
        return
    windows = list(centre.windows.order_by("number"))
    people = list(Staff.objects.filter(centre=centre, window__isnull=False).order_by("pk"))
    plan = [
        (ComplaintState.RECEIVED, 1, "4", "written", "窗口工作人员接待时态度生硬，不耐烦"),
        (ComplaintState.INVESTIGATING, 12, "7", "written", "办理低保申请时没有一次性告知所需材料，跑了三趟"),  # overdue
        (ComplaintState.INVESTIGATING, 3, "5", "oral", "承诺5个工作日办结的事项超期未办结"),
        (ComplaintState.SUBSTANTIATED, 6, "6", "written", "符合条件的高龄津贴申请被拒绝受理"),
        (ComplaintState.UNFOUNDED, 8, "2", "oral", "对农村建房用地审查结果有异议"),
        (ComplaintState.REPLIED, 15, "4", "written", "工作时间玩手机，让群众等候"),
        (ComplaintState.WITHDRAWN, 9, "8", "oral", "“最多跑一次”事项跑了两次"),
    ]
    for state, days_ago, category, mode, summary in plan:
        person = rng.choice(people) if people else None
        complaint = Complaint(
            centre=centre, window=person.window if person else windows[0], staff=person, mode=mode, category=category,
            summary=summary, complainant_name=person_name(rng), complainant_phone=phone(rng),
            received_on=today - dt.timedelta(days=days_ago), state=state,
            complex=category == "5", complex_reason="涉及县医保局和镇社保所两个部门" if category == "5" else "",
        )
        if state in (ComplaintState.SUBSTANTIATED, ComplaintState.UNFOUNDED, ComplaintState.REPLIED):
            complaint.finding = "invalid" if state == ComplaintState.UNFOUNDED else "valid"
            complaint.found_on = complaint.received_on + dt.timedelta(days=2)
            complaint.finding_note = "调取录像并询问当事人，情况" + ("不属实" if complaint.finding == "invalid" else "属实")
        if state == ComplaintState.REPLIED:
            complaint.replied_on = complaint.received_on + dt.timedelta(days=4)
            complaint.reply = "电话答复投诉人，通报处理结果并致歉"
        if state == ComplaintState.WITHDRAWN:
            complaint.withdrawn_reason = "经解释，投诉人表示理解并撤回"
        complaint.save()


def _notices(centre: ServiceCentre, rng: random.Random, today: dt.date) -> None:
    if DeficiencyNotice.objects.filter(centre=centre).exists():
        return
    window = centre.windows.order_by("number").first()
    plan = [
        (NoticeState.PENDING, 2, 5, "城乡居民基本养老保险参保登记", "户口簿复印件"),
        (NoticeState.PENDING, 12, 5, "残疾人两项补贴申请", "残疾人证复印件\n银行卡复印件"),  # overdue: to return
        (NoticeState.SUPPLIED, 10, 5, "高龄津贴申请", "身份证复印件"),
        (NoticeState.RETURNED, 25, 7, "农村建房用地审查", "村民小组会议纪要\n四邻签字意见"),
    ]
    for state, days_ago, span, matter, missing in plan:
        issued = today - dt.timedelta(days=days_ago)
        DeficiencyNotice.objects.create(
            centre=centre, window=window, applicant=person_name(rng), applicant_phone=phone(rng), matter_name=matter,
            missing_materials=missing, issued_on=issued, promised_on=issued + dt.timedelta(days=span), state=state,
            closed_on=(issued + dt.timedelta(days=span + (1 if state == NoticeState.RETURNED else -1))
                       if state != NoticeState.PENDING else None),
            close_note="逾期未补齐，作退件处理" if state == NoticeState.RETURNED else "",
        )
