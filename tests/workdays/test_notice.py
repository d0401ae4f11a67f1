"""Reading the State Council's holiday notice as pasted by the admin (workdays/notice.py, no database)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workdays.notice import OFF, ON, NoticeDay, read_notice, write_notice

NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作。
国务院办公厅
2025年11月4日"""


def days_of(reading, kind):
    return [d.day for d in reading.days if d.kind == kind]


def test_the_whole_notice_reads_into_days_off_and_working_weekends():
    reading = read_notice(NOTICE_2026, 2026)
    assert reading.errors == [] and reading.ok
    off = days_of(reading, OFF)
    assert len(off) == 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert date(2026, 2, 15) in off and date(2026, 2, 23) in off and date(2026, 2, 24) not in off
    assert days_of(reading, ON) == [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
                                    date(2026, 9, 20), date(2026, 10, 10)]
    names = {d.day: d.name for d in reading.days}
    assert names[date(2026, 10, 1)] == "国庆节" and names[date(2026, 9, 20)] == "国庆节调休"
    assert any("2025" in note for note in reading.notes)  # the signature's date is left out, not an error


@pytest.mark.parametrize(("text", "off", "on"), [
    ("放假 10月1日至8日", [(10, d) for d in range(1, 9)], []),
    ("调休上班 9月27日", [], [(9, 27)]),
    ("元旦：1月1日放假，共1天", [(1, 1)], []),
    ("春节：2月15日至23日放假调休，共9天。2月14日（周六）、2月28日（周六）上班。",
     [(2, d) for d in range(15, 24)], [(2, 14), (2, 28)]),
    ("劳动节：４月３０日至５月２日放假", [(4, 30), (5, 1), (5, 2)], []),  # full-width digits, across months
    ("国庆节：10月1日至8日放假，9月27日上班", [(10, d) for d in range(1, 9)], [(9, 27)]),
    ("放假 10月1日至8日；调休上班 9月27日、10月10日", [(10, d) for d in range(1, 9)], [(9, 27), (10, 10)]),
    ("10月1日-3日放假", [(10, 1), (10, 2), (10, 3)], []),
    ("一、元旦：1月1日（周四）放假1天，不调休。二、清明节：4月4日至6日放假，共3天。",
     [(1, 1), (4, 4), (4, 5), (4, 6)], []),
])
def test_the_usual_wordings_of_the_notice(text, off, on):
    reading = read_notice(text, 2026)
    assert reading.errors == []
    assert days_of(reading, OFF) == [date(2026, m, d) for m, d in off]
    assert days_of(reading, ON) == [date(2026, m, d) for m, d in on]


@pytest.mark.parametrize(("text", "error"), [
    ("", "没有读到任何日期"),
    ("随便写点什么", "没有读到任何日期"),
    ("国庆节：10月1日至8日", "看不出"),
    ("调休上班 9月29日", "是工作日"),
    ("放假 2月30日", "不是有效的日期"),
    ("放假 10月8日至1日", "早于开始日期"),
    ("春节：2月15日至23日放假调休，共8天", "共 8 天"),
    ("放假 1日至3日", "没有写月份"),
    ("放假 10月1日至8日；调休上班 10月3日", "既写了放假又写了上班"),
    ("放假 1月1日至12月31日", "超过 60 天"),
])
def test_what_cannot_be_read_is_said_in_chinese(text, error):
    reading = read_notice(text, 2026)
    assert not reading.ok and any(error in e for e in reading.errors), reading.errors


def test_days_of_another_year_are_left_out_with_a_note():
    reading = read_notice("元旦：2022年12月31日至2023年1月2日放假调休，共3天。", 2023)
    assert reading.errors == []
    assert days_of(reading, OFF) == [date(2023, 1, 1), date(2023, 1, 2)]
    assert "2022-12-31" in reading.notes[0]


# The weekend days of 2030 (Saturday 5 January is the first): i-th week's Saturday or Sunday.
weekend_days = st.integers(0, 103).map(lambda i: date(2030, 1, 5) + timedelta(days=i // 2 * 7 + i % 2))


@given(off=st.sets(st.dates(date(2030, 1, 1), date(2030, 12, 31)), max_size=30),
       on=st.sets(weekend_days, max_size=8),
       name=st.sampled_from(["国庆节", "春节", "元旦", ""]))
def test_written_days_read_back_the_same(off, on, name):
    on = on - off
    days = [NoticeDay(d, OFF, name or "放假") for d in off] + [NoticeDay(d, ON, f"{name}调休" if name else "调休上班")
                                                               for d in on]
    if not days:
        return
    reading = read_notice(write_notice(days), 2030)
    assert reading.errors == []
    assert set(days_of(reading, OFF)) == off and set(days_of(reading, ON)) == on
    assert all(d.day.year == 2030 for d in reading.days) and max(off | on) < date(2030, 12, 31) + timedelta(days=1)
