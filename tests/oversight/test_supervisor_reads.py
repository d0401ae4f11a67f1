"""What the supervisor's summary promises (「可查看辖区各县/区、镇/街道的考核、红旗、好差评、投诉和工作人员得分」) it
can open: the ratings and complaints behind the figures, the counties' evaluation overviews, the exports of these and
of its staff scores (a background job when large) — read-only, and never a row of another city (D14)."""

import io
import re
from urllib.parse import urldefrag, urlparse

import pytest
from django.urls import resolve, reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessment.models import EvaluationKind
from feedback.models import Complaint, ComplaintState
from jobs.models import Job, JobState
from tests import factories as f
from tests.assessment import factories as af
from tests.feedback import factories as fb
from tests.jobs.test_jobs import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def cities(world):
    """Ratings and complaints in two counties of the supervisor's city (甲县, 丙县) and in the other city (乙县)."""
    second = f.county("丙县", world.city)
    for county, levels in ((world.a, (5, 1)), (second, (4,)), (world.b, (5, 2, 3))):
        for level in levels:
            fb.rating(county, level, comment=f"{county.county.name}的评价")
        fb.complaint(county, summary=f"{county.county.name}的投诉")
    return second


def sheet_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_the_ratings_and_complaints_lists_hold_its_city_s_rows_only(world, login, cities):
    client = login(world.supervisor)
    ratings = client.get(reverse("feedback:rating_list"))
    assert ratings.status_code == 200
    assert {r.comment for r in ratings.context["page"].object_list} == {"甲县的评价", "丙县的评价"}
    assert len(ratings.context["page"].object_list) == 3 and world.b.centre.name not in ratings.content.decode()
    # another city's centre chosen in the filter is refused, not shown
    other = client.get(reverse("feedback:rating_list"), {"centre": world.b.centre.pk})
    assert "乙县的评价" not in other.content.decode()
    mine = client.get(reverse("feedback:rating_list"), {"centre": world.a.centre.pk}).context["page"].object_list
    assert {r.centre for r in mine} == {world.a.centre}

    complaints = client.get(reverse("feedback:complaint_list"))
    html = complaints.content.decode()
    assert {c.summary for c in complaints.context["rows"]} == {"甲县的投诉", "丙县的投诉"}
    assert world.b.centre.name not in html and "王秘密" not in html and "13912345678" not in html  # masked
    assert reverse("feedback:complaint_create", kwargs={"centre": world.a.centre.pk}) not in html  # no 受理投诉


def test_a_complaint_it_reads_offers_no_move_and_refuses_every_post(world, login, cities):
    client = login(world.supervisor)
    mine = Complaint.objects.get(summary="甲县的投诉")
    theirs = Complaint.objects.get(summary="乙县的投诉")
    url = reverse("feedback:complaint_detail", kwargs={"complaint": mine.pk})
    page = client.get(url)
    assert page.status_code == 200 and not page.context["actions"]
    assert page.content.decode().count('method="post"') == 1  # the logout button only
    assert client.post(url, {"action": "withdraw", "withdraw-reason": "x"}).status_code == 404
    mine.refresh_from_db()
    assert mine.state != ComplaintState.WITHDRAWN
    assert client.get(reverse("feedback:complaint_detail", kwargs={"complaint": theirs.pk})).status_code == 404


def test_small_exports_are_the_file_at_once_with_its_city_s_rows(world, login, cities):
    client = login(world.supervisor)
    ratings = sheet_rows(client.get(reverse("feedback:rating_export")))
    assert sorted(r[14] for r in ratings[1:]) == ["丙县的评价", "甲县的评价", "甲县的评价"]
    complaints = sheet_rows(client.get(reverse("feedback:complaint_export") + "?state=open"))
    assert sorted(r[11] for r in complaints[1:]) == ["丙县的投诉", "甲县的投诉"]
    assert world.b.centre.name not in str(ratings + complaints)
    assert not Job.objects.exists()


@pytest.mark.parametrize("name, query, column, expected", [
    ("feedback:rating_export", "", 14, ["丙县的评价", "甲县的评价", "甲县的评价"]),
    ("feedback:complaint_export", "?state=open", 11, ["丙县的投诉", "甲县的投诉"]),
])
def test_a_large_export_is_a_job_the_supervisor_starts_follows_and_downloads(world, login, cities, settings, name,
                                                                             query, column, expected):
    settings.JOBS_INLINE_MAX_ROWS = 1
    client = login(world.supervisor)
    url = reverse(name) + query
    offer = client.get(url)
    assert offer["Content-Type"].startswith("text/html") and "开始后台导出" in offer.content.decode()
    started = client.post(url)
    assert started.status_code == 302
    job = Job.objects.get()
    assert started["Location"] == reverse("jobs:job_detail", kwargs={"job": job.pk}) and job.owner == world.supervisor
    assert client.get(started["Location"]).status_code == 200
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.message
    assert job.title in client.get(reverse("jobs:job_list")).content.decode()
    rows = sheet_rows(client.get(reverse("jobs:job_download", kwargs={"job": job.pk})))
    assert sorted(r[column] for r in rows[1:]) == expected  # its city's, not the other city's
    # the job is its own: the inspector of 甲县 does not find it
    assert login(world.a.inspector).get(reverse("jobs:job_detail", kwargs={"job": job.pk})).status_code == 404


def test_the_staff_scores_export_covers_its_city_or_one_of_its_counties_and_nothing_else(world, login, cities,
                                                                                        settings):
    client = login(world.supervisor)
    page = client.get(reverse("staff_scoring:index"))
    html = page.content.decode()
    assert page.status_code == 200 and "导出工作人员得分" in html
    options = re.findall(r'<option value="(\d+)"', html)
    assert options == [str(world.city.pk), str(world.a.county.pk), str(cities.county.pk)]
    assert reverse("staff_scoring:board", kwargs={"centre": world.a.centre.pk}) not in html  # it reads no board
    period = str(timezone.localdate().year)
    city = sheet_rows(client.get(reverse("staff_scoring:region_export"), {"region": world.city.pk, "period": period}))
    assert sorted(r[3] for r in city[1:]) == ["丙代办员", "丙窗口员", "甲代办员", "甲窗口员"]
    default = sheet_rows(client.get(reverse("staff_scoring:region_export"), {"period": period}))
    assert default == city  # by default its whole city
    county = sheet_rows(client.get(reverse("staff_scoring:region_export"), {"region": cities.county.pk,
                                                                            "period": period}))
    assert sorted(r[3] for r in county[1:]) == ["丙代办员", "丙窗口员"]
    for outside in (world.b.county, world.other_city):
        response = client.get(reverse("staff_scoring:region_export"), {"region": outside.pk, "period": period})
        assert response.status_code == 404
    settings.JOBS_INLINE_MAX_ROWS = 1  # four staff: a background job
    url = reverse("staff_scoring:region_export") + f"?region={world.city.pk}&period={period}"
    assert "开始后台导出" in client.get(url).content.decode()
    client.post(url)
    run_worker()
    job = Job.objects.get()
    assert job.state == JobState.DONE, job.message
    rows = sheet_rows(client.get(reverse("jobs:job_download", kwargs={"job": job.pk})))
    assert sorted(r[3] for r in rows[1:]) == ["丙代办员", "丙窗口员", "甲代办员", "甲窗口员"]


def test_the_county_evaluation_overview_is_read_for_its_counties_only(world, login, cities):
    version = af.published("baolin-centre")
    year = timezone.localdate().year
    af.evaluation(world.a, kind=EvaluationKind.ACCEPTANCE, period=year, answers=af.full_answers(version),
                  state="finalised")
    af.evaluation(world.b, kind=EvaluationKind.ACCEPTANCE, period=year, answers=af.full_answers(version),
                  state="finalised")
    client = login(world.supervisor)
    first = client.get(reverse("assessment:county_overview"))
    assert first.status_code == 200 and first.context["county"] == world.a.county  # the first of its city
    assert [c.pk for c in first.context["counties"]] == [world.a.county.pk, cities.county.pk]
    html = first.content.decode()
    assert world.a.centre.name in html and world.b.centre.name not in html
    assert reverse("assessment:evaluation_start") not in html and "开始考核" not in html
    assert any(row.inspection for row in first.context["rows"])
    second = client.get(reverse("assessment:county_overview"), {"county": cities.county.pk})
    assert second.context["county"] == cities.county
    assert client.get(reverse("assessment:county_overview"), {"county": world.b.county.pk}).status_code == 404
    ranking = sheet_rows(client.get(reverse("assessment:county_export"), {"county": world.a.county.pk}))
    assert world.a.centre.name in str(ranking) and world.b.centre.name not in str(ranking)
    assert client.get(reverse("assessment:county_export"), {"county": world.b.county.pk}).status_code == 404


def test_the_town_level_shows_the_town_s_figures_and_links_to_its_centre_s_lists(world, login, cities):
    client = login(world.supervisor)
    year = timezone.localdate().year
    town = client.get(reverse("oversight:summary"), {"region": world.a.town.pk, "year": year})
    [row] = town.context["rows"]
    assert row["region"] == world.a.town
    assert (row["ratings"].total, row["ratings"].bad, row["complaints"]) == (2, 1, 1)
    assert row["organisation"]["centres"] == 1 and row["staff_scored"] is not None
    html = town.content.decode().replace("&amp;", "&")
    centre = world.a.centre.pk
    for link in (f"{reverse('feedback:rating_list')}?centre={centre}",
                 f"{reverse('feedback:complaint_list')}?centre={centre}",
                 f"{reverse('feedback:overview')}?region={world.a.town.pk}",
                 f"{reverse('assessment:county_overview')}?county={world.a.county.pk}&town={world.a.town.pk}",
                 f"{reverse('staff_scoring:region_export')}?region={world.a.town.pk}&period={year}"):
        assert f'href="{link}"' in html, link
        assert client.get(link).status_code == 200, link
    county = client.get(reverse("oversight:summary"), {"region": world.a.county.pk}).content.decode()
    assert f'href="{reverse("assessment:county_overview")}?county={world.a.county.pk}"' in county


LINK = re.compile(r'href="([^"#][^"]*)"')
FORM = re.compile(r'<form[^>]*method="post"[^>]*>', re.IGNORECASE)
ACTION = re.compile(r'action="([^"]*)"')


def test_every_link_of_the_supervisor_s_pages_opens_and_no_page_offers_a_write(world, login, cities):
    """A crawl from its home: no link leads to a page it may not open (404), and the only forms that post are its
    account's (log out, change its password) and the button that starts an export's background job."""
    version = af.published("baolin-centre")
    af.evaluation(world.a, kind=EvaluationKind.ACCEPTANCE, period=timezone.localdate().year,
                  answers=af.full_answers(version), state="finalised")
    client = login(world.supervisor)
    seen, queue, problems = {"/"}, ["/"], []
    while queue and len(seen) < 300:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        for form in FORM.findall(html):
            action = ACTION.search(form)
            path = urlparse(action.group(1).replace("&amp;", "&")).path if action else urlparse(url).path
            if path not in (reverse("logout"), reverse("password_change")) and not getattr(resolve(path).func,
                                                                                           "export", False):
                problems.append(f"{url}: a form posts: {form}")
        for href in LINK.findall(html):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            if urlparse(href).netloc or not href.startswith("/") or href.startswith(("/static/", "/media/")):
                continue
            if href not in seen:
                seen.add(href)
                queue.append(href)
    assert problems == [], "\n".join(problems)
    opened = {urlparse(url).path for url in seen}
    for name in ("oversight:summary", "feedback:rating_list", "feedback:complaint_list", "staff_scoring:index",
                 "assessment:county_overview", "jobs:job_list"):
        assert reverse(name) in opened, name
