"""Seed the official schedules chinesecalendar knows (2004–2026 in 1.11). D11: later years are entered by the admin.

The logic is inlined (not imported from workdays.official) so this migration keeps working whatever that module
becomes. Years already present are left alone; the reverse step deletes only library-sourced years.
"""

from datetime import date

from django.db import migrations

NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节", "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def seed(apps, schema_editor):
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover - the dependency is declared; stay migratable without it
        return
    YearSchedule = apps.get_model("workdays", "YearSchedule")
    OfficialDay = apps.get_model("workdays", "OfficialDay")
    years = sorted({d.year for d in chinese_calendar.holidays})
    for year in years:
        try:
            chinese_calendar.is_workday(date(year, 7, 1))
        except NotImplementedError:
            continue
        if YearSchedule.objects.filter(year=year).exists():
            continue
        schedule = YearSchedule.objects.create(
            year=year, source="library", basis=f"国务院办公厅关于{year}年部分节假日安排的通知",
        )
        days = [
            OfficialDay(schedule=schedule, date=d, kind="off", name=NAMES.get(n, n))
            for d, n in chinese_calendar.holidays.items() if d.year == year
        ] + [
            OfficialDay(schedule=schedule, date=d, kind="on", name=NAMES.get(n, n) + "调休")
            for d, n in chinese_calendar.workdays.items() if d.year == year and d.weekday() >= 5
        ]
        OfficialDay.objects.bulk_create(days)


def unseed(apps, schema_editor):
    apps.get_model("workdays", "YearSchedule").objects.filter(source="library").delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
