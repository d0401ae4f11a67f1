"""The supervisor (上级监管人员) of a city: reads its counties' figures side by side, writes nothing, sees nothing of
another city."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from assessment.models import EvaluationKind
from centers.choices import RegionLevel
from feedback.models import Complaint
from tests import factories as f
from tests.assessment import factories as af
from tests.feedback import factories as fb
from tests.staff_scoring import factories as sf

pytestmark = pytest.mark.django_db


def test_the_supervisor_s_home_is_the_city_summary_per_county(world, login):
    client = login(world.supervisor)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("oversight:summary")
    html = response.content.decode()
    assert world.a.county.name in html and world.city.name in html
    assert world.b.county.name not in html and world.b.centre.name not in html


def test_the_summary_ranks_counties_by_their_inspections_and_counts_ratings_complaints_and_staff_scores(world, login):
    year = timezone.localdate().year
    second = f.county("丙县", world.city)  # a second county of the supervisor's city
    version = af.published("baolin-centre")
    full = af.evaluation(world.a, kind=EvaluationKind.ACCEPTANCE, period=year, answers=af.full_answers(version),
                         state="finalised")
    lower = af.full_answers(version)
    lower[next(code for code, value in lower.items() if type(value) is not bool and value)] = 0  # one criterion lost
    af.evaluation(second, kind=EvaluationKind.SPOT, period=year, answers=lower, state="finalised")
    for level in (5, 4, 1):
        fb.rating(world.a, level)
    fb.rating(world.b, 1)  # another city: not counted
    fb.complaint(world.a)
    sf.ensure_schemes()
    sf.event(world.a.window_staff, "1", dt.date(year, 1, 10), actor=world.admin)
    response = login(world.supervisor).get(reverse("oversight:summary"), {"year": year})
    rows = {row["region"].name: row for row in response.context["rows"]}
    assert set(rows) == {"甲县", "丙县"}
    a, c = rows["甲县"], rows["丙县"]
    assert a["inspections"] == 1 and a["score"] == (full.total * 100 / full.max_total).quantize(a["score"])
    assert c["score"] < a["score"] and (a["rank"], c["rank"]) == (1, 2)  # full marks first
    assert (a["ratings"].total, a["ratings"].bad) == (3, 1) and c["ratings"].total == 0
    assert (a["complaints"], a["open_complaints"]) == (1, 1)
    assert a["staff_scored"] == 2 and a["staff_average"] is not None
    assert a["organisation"]["centres"] == 1 and a["organisation"]["stations"] == 1



def test_a_county_row_counts_the_months_every_centre_published_not_the_sum_of_their_months(world, login):
    """Three centres publishing 12, 12 and 9 months used to show 「已发布月份 33」 for one year."""
    from redflags.models import MonthPublication
    from staff_scoring.models import SchemeVersion

    year = timezone.localdate().year
    sf.ensure_schemes()
    scheme = SchemeVersion.objects.filter(published_at__isnull=False).first()
    centres = [world.a.centre] + [f.centre(f.region(world.a.county, RegionLevel.TOWN, name)) for name in ("乙镇", "丁镇")]
    for centre, months in zip(centres, (12, 12, 9), strict=True):
        for month in range(1, months + 1):
            MonthPublication.objects.create(centre=centre, year=year, month=month, scheme_version=scheme,
                                            red_flags=1, published_at=timezone.now())
    client = login(world.supervisor)
    response = client.get(reverse("oversight:summary"), {"year": year})
    county = {row["region"].name: row for row in response.context["rows"]}["甲县"]
    assert (county["published_months"], county["centre_months"], county["red_flags"]) == (9, 33, 33)
    html = response.content.decode()
    assert "全部中心已发布月份" in html and "（33 中心·月）" in html
    assert "中心考核（验收/抽查/暗访，已定稿）" in html and "不含便民服务站、窗口的考核" in html
    towns = client.get(reverse("oversight:summary"), {"year": year, "region": world.a.county.pk}).context["rows"]
    assert sorted(row["published_months"] for row in towns) == [9, 12, 12]  # one centre a town: its own months
    assert "中心·月）" not in client.get(reverse("oversight:summary"), {
        "year": year, "region": world.a.county.pk}).content.decode().split("<tbody>")[1].split("</tbody>")[0]

def test_the_summary_drills_down_to_a_town_and_its_centre_s_evaluations(world, login):
    year = timezone.localdate().year
    version = af.published("baolin-centre")
    af.evaluation(world.a, kind=EvaluationKind.ACCEPTANCE, period=year, answers=af.full_answers(version),
                  state="finalised")
    client = login(world.supervisor)
    towns = client.get(reverse("oversight:summary"), {"region": world.a.county.pk, "year": year})
    assert [row["region"] for row in towns.context["rows"]] == [world.a.town]
    town = client.get(reverse("oversight:summary"), {"region": world.a.town.pk, "year": year})
    assert [e.centre for e in town.context["page"].object_list] == [world.a.centre]
    assert world.a.centre.name in town.content.decode()
    evaluation = town.context["page"].object_list[0]
    detail = client.get(reverse("assessment:evaluation_detail", kwargs={"evaluation": evaluation.pk}))
    assert detail.status_code == 200 and not detail.context["moves"] and not detail.context["can_edit"]
    assert detail.content.decode().count('method="post"') == 1  # the logout button only
    draft = af.evaluation(world.a, kind=EvaluationKind.SPOT, period=year)
    assert client.get(reverse("assessment:evaluation_detail", kwargs={"evaluation": draft.pk})).status_code == 404



def test_the_photos_and_the_comparison_of_an_evaluation_it_reads_open_for_the_supervisor(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessment import services

    version = af.published("baolin-centre")
    photos = {}
    for county in (world.a, world.b):
        draft = af.evaluation(county, kind=EvaluationKind.ACCEPTANCE, answers=af.full_answers(version))
        photo = services.evidence_add(actor=county.inspector, evaluation=draft, code="1.1.1",
                                      upload=SimpleUploadedFile("现场.png", af.png_bytes()))
        services.evaluation_move(actor=county.inspector, evaluation=draft, action="submit")
        photos[county.county.name] = (draft, photo)
    client = login(world.supervisor)
    (mine, photo), (theirs, their_photo) = photos[world.a.county.name], photos[world.b.county.name]
    detail = client.get(reverse("assessment:evaluation_detail", kwargs={"evaluation": mine.pk})).content.decode()
    url = reverse("assessment:evidence_file", kwargs={"evaluation": mine.pk, "evidence": photo.pk})
    assert f'src="{url}"' in detail and client.get(url).status_code == 200
    assert client.get(reverse("assessment:evidence_file", kwargs={
        "evaluation": theirs.pk, "evidence": their_photo.pk})).status_code == 404
    compare = reverse("assessment:compare_centre", kwargs={"centre": world.a.centre.pk, "year": mine.period})
    assert f'href="{compare}"' in detail and client.get(compare).status_code == 200
    assert client.get(reverse("assessment:compare_centre", kwargs={
        "centre": world.b.centre.pk, "year": mine.period})).status_code == 404

def test_another_city_s_regions_answer_404_and_a_write_never_reaches_a_service(world, login):
    client = login(world.supervisor)
    for region in (world.b.county, world.b.town, world.other_city):
        assert client.get(reverse("oversight:summary"), {"region": region.pk}).status_code == 404
        assert client.get(reverse("feedback:overview"), {"region": region.pk}).status_code == 404
    # inside its city, a page it may read still refuses a POST, and a service page does not exist for it
    assert client.post(reverse("feedback:overview"), {"month": "2025-01"}).status_code == 404
    url = reverse("feedback:complaint_create", kwargs={"centre": world.a.centre.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"mode": "written", "category": "4", "summary": "x"}).status_code == 404
    assert not Complaint.objects.exists()
    assert client.get(reverse("assessment:evaluation_list")).status_code == 404


def test_a_supervisor_is_tied_to_a_city_not_a_county():
    from django.core.exceptions import ValidationError

    city = f.region(None, RegionLevel.CITY, "某市")
    county = f.region(city, RegionLevel.COUNTY, "某县")
    with pytest.raises(ValidationError, match="上级监管人员应关联到市"):
        User(username="s1", role=Role.SUPERVISOR, region=county).full_clean()
    with pytest.raises(ValidationError):
        User(username="s2", role=Role.SUPERVISOR).full_clean()
    User(username="s3", role=Role.SUPERVISOR, region=city).full_clean(exclude=["password"])


def test_the_admin_reads_the_summary_of_every_city_and_inspectors_do_not(world, login):
    rows = login(world.admin).get(reverse("oversight:summary")).context["rows"]
    assert {row["region"].name for row in rows} == {"甲县", "乙县"}
    assert login(world.a.inspector).get(reverse("oversight:summary")).status_code == 404


def test_above_the_centre_limit_the_summary_asks_for_a_county_before_scoring_staff(world, login, monkeypatch):
    from oversight import selectors

    monkeypatch.setattr(selectors, "STAFF_SCORES_UP_TO_CENTRES", 0)
    response = login(world.supervisor).get(reverse("oversight:summary"))
    assert response.context["rows"][0]["staff_scored"] is None
    assert "工作人员得分请点击县/区查看" in response.content.decode()



def test_the_summary_is_counted_once_per_scope_for_five_minutes_and_says_when(world, login, monkeypatch):
    from django.core.cache import cache

    year = timezone.localdate().year
    fb.rating(world.a, 5)
    client = login(world.supervisor)
    first = client.get(reverse("oversight:summary"), {"year": year})
    assert "以上数字统计于" in first.content.decode() and "5 分钟" in first.content.decode()
    fb.rating(world.a, 1)
    again = client.get(reverse("oversight:summary"), {"year": year})
    rows = {row["region"].name: row for row in again.context["rows"]}
    assert rows["甲县"]["ratings"].total == 1  # the same scope, place and year within five minutes: reused
    fresh = {row["region"].name: row for row in login(world.admin).get(
        reverse("oversight:summary"), {"year": year}).context["rows"]}
    assert fresh["甲县"]["ratings"].total == 2  # another scope counts for itself
    cache.clear()  # five minutes later
    rows = {row["region"].name: row for row in login(world.supervisor).get(
        reverse("oversight:summary"), {"year": year}).context["rows"]}
    assert rows["甲县"]["ratings"].total == 2


def test_a_service_called_with_the_supervisor_as_actor_is_refused_and_leaves_nothing(world):
    from django.core.exceptions import PermissionDenied

    from feedback import services

    with pytest.raises(PermissionDenied, match="只能查看"):
        services.complaint_create(centre=world.a.centre, actor=world.supervisor, window=world.a.window,
                                  mode="written", category="4", summary="窗口人员态度生硬",
                                  received_on=timezone.localdate())
    assert not Complaint.objects.exists()


def test_the_summary_is_kept_in_the_database_so_every_worker_shows_the_same_figures(world, login):
    from django.db import connection

    login(world.supervisor).get(reverse("oversight:summary"))
    with connection.cursor() as cursor:  # the cache table every gunicorn worker (and machine) reads
        cursor.execute("SELECT COUNT(*) FROM core_cache WHERE cache_key LIKE %s", ["%oversight:summary%"])
        assert cursor.fetchone()[0] == 1


def test_the_town_s_evaluations_show_dates_and_points_as_every_other_page_does(world, login):
    """2026-03-07 (not Django's 「2026年3月7日」) and ``pts`` points: 93.5 / 100, not the stored 93.50 / 100.00 — as
    the evaluation list writes them."""
    from assessment.models import Evaluation

    year = timezone.localdate().year
    version = af.published("baolin-centre")
    evaluation = af.evaluation(world.a, kind=EvaluationKind.ACCEPTANCE, period=year, answers=af.full_answers(version),
                               state="finalised", on=dt.date(year, 3, 7))
    Evaluation.objects.filter(pk=evaluation.pk).update(total=Decimal("93.50"), max_total=Decimal("100.00"))
    html = login(world.supervisor).get(reverse("oversight:summary"), {"region": world.a.town.pk, "year": year}
                                       ).content.decode()
    row = html.split("<tbody>")[-1].split("</tbody>")[0]  # the evaluations, under the town's own figures
    assert f"<td>{year}-03-07</td>" in row and "年3月7日" not in row
    assert '<td class="text-end">93.5</td><td class="text-end">100</td>' in row
    assert "93.50" not in row and "100.00" not in row


def test_the_staff_average_is_written_as_the_staff_pages_write_a_score(world, login, monkeypatch):
    """A staff score is "98" or "98.5" on the staff pages (``floatformat:"-1"``), so the average is too, not "98.0"."""
    from oversight import selectors

    averages = {world.a.county.pk: {"n": 2, "average": Decimal("98.0")}}
    monkeypatch.setattr(selectors, "staff_scores", lambda user, place, year: averages)
    html = login(world.supervisor).get(reverse("oversight:summary")).content.decode()
    row = next(r for r in html.split("<tbody>")[1].split("</tr>") if world.a.county.name in r)
    assert row.rstrip().endswith('<td class="text-end">2</td>\n      <td class="text-end">98</td>')
    assert "98.0" not in row
