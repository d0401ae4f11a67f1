"""The window monthly ledger through the Django path (services → rows → redflags.ledger → engine) gives the seed's
numbers for every category rule (上虞细则 二、考核内容), and the same result as feeding the pure engine directly."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from feedback.models import FollowUpState
from redflags import services
from redflags.ledger import month_ledger
from scoring.ledger import Event, score_period
from staff_scoring.schemes import scheme_of
from tests.feedback import factories as feedback
from tests.redflags.factories import declare, record

pytestmark = pytest.mark.django_db
D = Decimal
MONTH = (2025, 10)


def ledger_of(world, window=None):
    window = window or world.a.window
    return month_ledger(world.a.centre, *MONTH, windows=[window]).windows[0]


def pure(scheme_version, events):
    """The pure engine fed directly: (date, rule, points, occurrences) tuples."""
    scheme = scheme_of(scheme_version)
    return score_period(scheme, None, [
        Event(date=dt.date.fromisoformat(d), rule=r, points=None if p is None else D(str(p)), occurrences=n)
        for d, r, p, n in events
    ], "2025-10")


def categories(result):
    return {c.code: c.score for c in result.categories if c.max is not None and c.kind == "deduction"}


# (name, recorded events (date, rule, points, occurrences), category → expected score, expected total)
CASES = [
    ("办件管理: 1—5 per case, the recorder picks", [("2025-10-03", "1.1", 3, 1), ("2025-10-09", "1.7", 5, 2)],
     {"1": D(7)}, D(87)),
    ("办件管理 never below 0 (D7): 25 deducted, 20 counted", [("2025-10-03", "1.1", 5, 5)], {"1": D(0)}, D(80)),
    ("收费管理: 5—10 per case, capped at its 10", [("2025-10-03", "2.1", 8, 1), ("2025-10-20", "2.2", 5, 1)],
     {"2": D(0)}, D(90)),
    ("办事效率: 0.5—3 per case", [("2025-10-03", "3.1", "0.5", 3), ("2025-10-04", "3.3", 3, 1)],
     {"3": D("10.5")}, D("95.5")),
    ("网络管理: a repeat of the same rule doubles (D9): 0.5, 1, 2",
     [("2025-10-03", "4.1", None, 1), ("2025-10-10", "4.1", None, 1), ("2025-10-17", "4.1", None, 1)],
     {"4": D("6.5")}, D("96.5")),
    ("网络管理: doubling is per rule, not per category", [("2025-10-03", "4.1", None, 1), ("2025-10-04", "4.2", None, 1)],
     {"4": D(9)}, D(99)),
    ("网络管理 (6): affecting other computers starts at 2 and doubles",
     [("2025-10-03", "4.6.spread", None, 1), ("2025-10-08", "4.6.spread", None, 1)], {"4": D(4)}, D(94)),
    ("网络管理 (4): the approval system down costs 10", [("2025-10-03", "4.4.crash", None, 1)], {"4": D(0)}, D(90)),
    ("网络管理 (8): only recurrences unfixed are recorded, from 0.5 doubling",
     [("2025-10-03", "4.8", None, 2)], {"4": D("8.5")}, D("98.5")),
    ("网络管理 (9): a deliberate attack costs 10", [("2025-10-03", "4.9", None, 1)], {"4": D(0)}, D(90)),
    ("工作纪律: 0.2—2 per case", [("2025-10-03", "5.5", "0.2", 1), ("2025-10-05", "5.8", 2, 1)],
     {"5": D("7.8")}, D("97.8")),
    ("规范服务: 0.2—2 per case", [("2025-10-03", "6.2", "1.5", 2)], {"6": D(7)}, D(97)),
    ("环境管理: 5 points, gone after 6 deducted", [("2025-10-03", "7.1", 2, 1), ("2025-10-03", "7.2", 2, 1),
                                          ("2025-10-04", "7.4", 2, 1)], {"7": D(0)}, D(95)),
    ("资料管理: 0.2—2 per case", [("2025-10-03", "8.3", "0.7", 1)], {"8": D("4.3")}, D("99.3")),
    ("信息管理: a late monthly report −0.5", [("2025-10-06", "9.late", None, 1)], {"9": D("4.5")}, D("99.5")),
    ("信息管理: extra pieces +0.2 and adopted +0.5 count as 附加分 (D12)",
     [("2025-10-06", "9.extra", None, 3), ("2025-10-20", "9.adopted", None, 1)], {"9": D(5)}, D("101.1")),
    ("severe items come off the total, outside the categories (D13)",
     [("2025-10-03", "1.1", 5, 5), ("2025-10-09", "S2", None, 1)], {"1": D(0)}, D(70)),
    ("a 5-point severe item", [("2025-10-09", "S7", None, 1)], {"1": D(20)}, D(95)),
]


@pytest.mark.parametrize("name, events, expected, total", CASES, ids=[c[0] for c in CASES])
def test_each_category_rule_gives_the_seeds_numbers_as_the_pure_engine_does(world, scheme, name, events, expected,
                                                                            total):
    for day, rule, points, occurrences in events:
        record(world.a.window, day, rule, points, occurrences=occurrences, actor=world.a.director)
    result = ledger_of(world)
    engine = pure(scheme, events)
    assert result.score == engine.score == total
    assert categories(result.result) == categories(engine)
    assert {code: categories(engine)[code] for code in expected} == expected
    assert result.eligible == engine.eligible_red_flag == (not any(r.startswith("S") for _, r, _, _ in events))


def test_doubling_starts_again_the_next_month(world, scheme):
    record(world.a.window, "2025-10-03", "4.3", actor=world.a.director)
    record(world.a.window, "2025-10-23", "4.3", actor=world.a.director)
    record(world.a.window, "2025-11-03", "4.3", actor=world.a.director)
    assert ledger_of(world).score == D("98.5")
    november = month_ledger(world.a.centre, 2025, 11, windows=[world.a.window]).windows[0]
    assert november.score == D("99.5")


def rate(world, level, day, verified=False):
    rating = feedback.rating(world.a, level, at=timezone.make_aware(dt.datetime.fromisoformat(day + " 10:00")))
    if verified:
        rating.followup.state = FollowUpState.VERIFIED
        rating.followup.save()
    return rating


def test_verified_bad_and_fair_ratings_feed_category_10_without_rows(world, scheme):
    """D18: verified 差 −3 each, 一般 (基本满意) −0.5 each; pending 差 and good ratings cost nothing."""
    rate(world, 1, "2025-10-05", verified=True)
    rate(world, 2, "2025-10-06", verified=True)
    rate(world, 2, "2025-10-07")  # not yet verified
    for day in ("2025-10-08", "2025-10-09", "2025-10-10"):
        rate(world, 3, day)
    rate(world, 5, "2025-10-11")
    rate(world, 3, "2025-11-01")  # next month
    result = ledger_of(world)
    assert categories(result.result)["10"] == D("2.5")
    assert result.score == D("92.5")
    engine = pure(scheme, [("2025-10-31", "10.差", None, 2), ("2025-10-31", "10.一般", None, 3)])
    assert result.score == engine.score
    assert {line.event.id for line in result.lines_of("10")} == {"rating:bad", "rating:fair"}
    from redflags.models import WindowEvent

    assert not WindowEvent.objects.exists()


def test_category_10_never_goes_below_zero(world, scheme):
    for day in ("2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"):
        rate(world, 1, day, verified=True)
    result = ledger_of(world)
    assert categories(result.result)["10"] == D(0) and result.score == D(90)


def test_approved_bonus_counts_with_the_information_points_up_to_5(world, scheme):
    record(world.a.window, "2025-10-06", "9.extra", occurrences=3, actor=world.a.director)  # 0.6
    declare(world.a.window, *MONTH, [("A4", 3), ("A5", "1.5")], actor=world.a.director, approve=True)
    result = ledger_of(world)
    assert result.bonus == D(5) and result.score == D(105)
    engine = pure(scheme, [("2025-10-06", "9.extra", None, 3), ("2025-10-31", "A4", 3, 1),
                           ("2025-10-31", "A5", "1.5", 1)])
    assert engine.score == result.score
    capped = [line for line in result.bonus_lines if line.capped]
    assert capped and "最多 5 分" in capped[0].why


def test_a_declaration_not_yet_approved_counts_nothing(world, scheme):
    declaration = declare(world.a.window, *MONTH, [("A1", 2)], actor=world.a.staff_user)
    assert ledger_of(world).score == D(100)
    services.declaration_move(actor=world.a.director, declaration=declaration, action="check")
    assert ledger_of(world).score == D(100)
    services.declaration_move(actor=world.a.director, declaration=declaration, action="approve")
    assert ledger_of(world).score == D(102)


def test_a_severe_item_bars_the_window_and_says_why(world, scheme):
    record(world.a.window, "2025-10-09", "S3", actor=world.a.director)
    result = ledger_of(world)
    assert not result.eligible
    assert result.severe == D(10)
    assert result.block_reasons and "取消当月和年度评先资格" in result.block_reasons[0]


def test_a_revoked_event_stops_counting(world, scheme):
    event = record(world.a.window, "2025-10-03", "1.1", 4, actor=world.a.director)
    assert ledger_of(world).score == D(96)
    services.event_revoke(actor=world.a.director, event=event, reason="复核不属实")
    assert ledger_of(world).score == D(100)


@pytest.mark.parametrize("rule, points, field, message", [
    ("1.1", 6, "points", "细则1.1每次扣 1—5 分，填写的是 6"),
    ("1.1", None, "points", "细则1.1每次扣 1—5 分，请填写本次分值"),
    ("5.5", "0.1", "points", "细则5.5每次扣 0.2—2 分，填写的是 0.1"),
    ("4.1", 1, "points", "细则4.1每次扣 0.5 分，不用填写分值"),
    ("10.差", None, "rule", "服务对象评议按好差评自动计分"),
    ("A1", 2, "rule", "请在月底通过“附加分申报”申报"),
    ("99", None, "rule", "请选择窗口月考核方案中可以记录的细则"),
])
def test_recording_outside_the_rules_is_refused_in_chinese(world, scheme, rule, points, field, message):
    with pytest.raises(ValidationError) as exc:
        record(world.a.window, "2025-10-03", rule, points, actor=world.a.director)
    assert message in " ".join(exc.value.message_dict[field])


def test_an_event_cannot_be_dated_in_the_future(world, scheme):
    with pytest.raises(ValidationError) as exc:
        record(world.a.window, timezone.localdate() + dt.timedelta(days=1), "1.1", 1, actor=world.a.director)
    assert exc.value.message_dict["date"] == ["日期不能晚于今天"]


def test_recording_is_audited_with_who_and_what(world, scheme):
    from core.audit import history

    event = record(world.a.window, "2025-10-03", "1.1", 2, actor=world.a.director)
    services.event_revoke(actor=world.a.director, event=event, reason="录入错误")
    entries = list(history(event))
    assert sorted(e.action for e in entries) == ["撤销窗口考核事件", "记录窗口考核事件"]
    revoke = next(e for e in entries if e.action == "撤销窗口考核事件")
    assert revoke.actor == world.a.director and revoke.before["status"] == "active"
    assert revoke.after["status"] == "revoked" and revoke.reason == "录入错误"


def test_without_a_published_scheme_recording_says_so(world):
    with pytest.raises(ValidationError) as exc:
        record(world.a.window, "2025-10-03", "1.1", 2, actor=world.a.director)
    assert "尚未发布窗口月考核方案" in exc.value.messages[0]
