"""The calendar as data: seeded from chinesecalendar, entered and corrected by the admin, read by everyone (D11)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from core.models import AuditEntry
from workdays.calendar import deadline
from workdays.models import DayKind, LocalDay, OfficialDay, YearSchedule
from workdays.selectors import deadline_for, holiday_data
from workdays.services import schedule_import_from_library

pytestmark = pytest.mark.django_db


def test_the_migration_seeded_the_years_chinesecalendar_knows():
    assert YearSchedule.objects.filter(year__in=[2004, 2025, 2026]).count() == 3
    assert not YearSchedule.objects.filter(year=2027).exists()
    assert OfficialDay.objects.get(date=date(2025, 9, 28)).kind == DayKind.ON


def test_deadlines_from_the_database_follow_national_day_2025(calendar_2025):
    assert deadline_for(date(2025, 9, 30), 1).due == date(2025, 10, 9)
    assert deadline_for(date(2025, 9, 29), 5).due == date(2025, 10, 13)
    assert not deadline_for(date(2025, 9, 29), 5).estimated


def test_a_year_nobody_entered_falls_back_to_weekends_with_a_warning(calendar_2025):
    result = deadline_for(date(2027, 9, 30), 1)
    assert result.due == date(2027, 10, 1) and result.estimated
    html = render_to_string("workdays/_deadline.html", {"deadline": result})
    assert "2027-10-01" in html
    assert "text-danger" in html and "2027年法定节假日安排尚未录入" in html
    quiet = render_to_string("workdays/_deadline.html", {"deadline": deadline_for(date(2025, 9, 30), 1)})
    assert "尚未录入" not in quiet


def test_entering_a_year_by_hand_removes_the_warning_and_moves_the_deadline(calendar_2025):
    schedule = YearSchedule.objects.create(year=2027, source="manual")
    OfficialDay.objects.create(schedule=schedule, date=date(2027, 10, 1), kind=DayKind.OFF, name="国庆节")
    result = deadline_for(date(2027, 9, 30), 1)
    assert result.due == date(2027, 10, 4) and not result.estimated


def test_a_local_override_changes_the_deadline(calendar_2025):
    LocalDay.objects.create(date=date(2025, 10, 9), kind=DayKind.OFF, reason="地方性节日")
    assert deadline_for(date(2025, 9, 30), 1).due == date(2025, 10, 10)


def test_importing_a_year_the_library_does_not_know_is_a_chinese_error_not_a_crash():
    with pytest.raises(ValidationError) as caught:
        schedule_import_from_library(year=2027)
    assert "2027" in str(caught.value) and "手工录入" in str(caught.value)


def test_reimporting_a_year_replaces_only_its_official_days_and_is_audited(world):
    OfficialDay.objects.filter(date__year=2025).delete()
    LocalDay.objects.create(date=date(2025, 3, 3), kind=DayKind.OFF, reason="本地")
    schedule_import_from_library(year=2025, actor=world.admin, replace=True)
    assert OfficialDay.objects.filter(date__year=2025, kind=DayKind.ON).count() == 5
    assert LocalDay.objects.filter(date=date(2025, 3, 3)).exists()
    assert AuditEntry.objects.filter(action="导入年度节假日安排").exists()


def test_an_adjusted_working_day_must_be_a_weekend():
    schedule = YearSchedule.objects.create(year=2030)
    day = OfficialDay(schedule=schedule, date=date(2030, 1, 2), kind=DayKind.ON)
    with pytest.raises(ValidationError) as caught:
        day.full_clean()
    assert "周六或周日" in str(caught.value)
    wrong_year = OfficialDay(schedule=schedule, date=date(2031, 1, 4), kind=DayKind.OFF)
    with pytest.raises(ValidationError):
        wrong_year.full_clean()


def test_holiday_data_loads_in_a_constant_number_of_queries(django_assert_num_queries, calendar_2025):
    with django_assert_num_queries(3):
        data = holiday_data()
    assert deadline(date(2025, 9, 30), 1, data).due == date(2025, 10, 9)


def test_the_admin_sees_the_years_and_a_red_warning_for_next_year(login, world, settings):
    YearSchedule.objects.filter(year__gte=2026).delete()
    response = login(world.admin).get(reverse("workdays:year_list"))
    assert response.status_code == 200
    assert "2025" in response.text
    assert "alert-danger" in response.text


def test_the_admin_imports_a_year_and_gets_a_chinese_error_for_an_unknown_one(login, world):
    client = login(world.admin)
    YearSchedule.objects.filter(year=2026).delete()
    response = client.post(reverse("workdays:year_list"), {"year": "2026"})
    assert response.status_code == 302 and YearSchedule.objects.filter(year=2026).exists()
    response = client.post(reverse("workdays:year_list"), {"year": "2027"})
    assert response.status_code == 200 and "手工录入" in response.text
    response = client.post(reverse("workdays:year_list"), {"year": "abc"})
    assert response.status_code == 200 and "请填写四位数的年度" in response.text


def test_the_calendar_pages_name_the_official_schedule_not_the_library(login, world):
    client = login(world.admin)
    YearSchedule.objects.filter(year=2026).delete()
    client.post(reverse("workdays:year_list"), {"year": "2026"})
    for response in (client.get(reverse("workdays:year_list")),
                     client.get(reverse("workdays:year_detail", kwargs={"year": 2026})),
                     client.post(reverse("workdays:year_list"), {"year": "2027"})):
        assert "chinesecalendar" not in response.text
    page = client.get(reverse("workdays:year_list")).text
    assert "国务院办公厅节假日安排（内置数据）" in page and "从内置的国务院节假日安排导入" in page
    from workdays.official import library_years

    years = library_years()
    assert f"{years.start}–{years.stop - 1} 年" in page


def test_a_year_page_without_data_says_so_in_red(login, world):
    response = login(world.admin).get(reverse("workdays:year_detail", kwargs={"year": 2027}))
    assert response.status_code == 200 and "尚未录入" in response.text
    assert login(world.admin).get(reverse("workdays:year_detail", kwargs={"year": 1900})).status_code == 404


def test_directors_and_inspectors_read_the_calendar_without_entry_links_and_staff_get_404(login, world):
    for user in (world.a.inspector, world.a.director):
        client = login(user)
        listing = client.get(reverse("workdays:year_list"))
        assert listing.status_code == 200 and "2025" in listing.text
        assert "导入" not in listing.text and "/enter/" not in listing.text and "/admin/" not in listing.text
        year = client.get(reverse("workdays:year_detail", kwargs={"year": 2027}))
        assert year.status_code == 200 and "尚未录入" in year.text and "/enter/" not in year.text
        assert client.post(reverse("workdays:year_list"), {"year": "2026", "replace": "on"}).status_code == 404
        assert client.get(reverse("workdays:year_enter", kwargs={"year": 2027})).status_code == 404
    staff = login(world.a.staff_user)
    assert staff.get(reverse("workdays:year_list")).status_code == 404
    assert staff.get(reverse("workdays:year_detail", kwargs={"year": 2025})).status_code == 404


def test_everyone_with_a_role_can_compute_a_deadline_and_sees_the_warning(login, world, calendar_2025):
    client = login(world.a.staff_user)
    response = client.get(reverse("workdays:deadline_calc"), {"start": "2025-09-30", "days": "1"})
    assert "2025-10-09" in response.text and "尚未录入" not in response.text
    response = client.get(reverse("workdays:deadline_calc"), {"start": "2027-09-30", "days": "1"})
    assert "2027-10-01" in response.text and "2027年法定节假日安排尚未录入" in response.text
    response = client.get(reverse("workdays:deadline_calc"), {"start": "not-a-date", "days": "-3"})
    assert response.status_code == 200 and "日期格式应为" in response.text and "工作日数不能为负数" in response.text
