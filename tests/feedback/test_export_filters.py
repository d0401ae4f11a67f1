"""An export holds exactly the rows its filtered list shows, derived filters included: 已超期 is worked out in SQL
from the working-day deadlines, so the list, the file at once and the background job read the same complaints."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from feedback import selectors
from feedback.models import Complaint, ComplaintState, FollowUp, FollowUpState
from jobs.models import Job, JobState
from tests.feedback import factories as fb
from tests.jobs.test_jobs import run_worker

pytestmark = pytest.mark.django_db


def received(obj, day, **fields):
    type(obj).objects.filter(pk=obj.pk).update(received_on=day, **fields)
    obj.refresh_from_db()
    return obj


def workbook_column(content: bytes, column: int = 0) -> list:
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    return [row[column] for row in rows[1:]]


@pytest.fixture
def complaints(world):
    """Open complaints on both sides of their deadlines (5 and 15 working days), a closed late one, another county's."""
    today = timezone.localdate()
    made = [received(fb.complaint(world.a), today - dt.timedelta(days=n)) for n in (0, 3, 6, 9, 12, 30)]
    made += [received(fb.complaint(world.a, complex=True, complex_reason="涉及两个部门"), today - dt.timedelta(days=n))
             for n in (10, 40)]
    made.append(received(fb.complaint(world.a), today - dt.timedelta(days=40), state=ComplaintState.REPLIED,
                         replied_on=today))
    received(fb.complaint(world.b), today - dt.timedelta(days=40))
    return made


@pytest.mark.parametrize("state", ["overdue", "open", "received", "replied"])
def test_the_complaints_export_holds_the_rows_the_filtered_list_shows(login, world, complaints, settings, state):
    client = login(world.a.director)
    listed = [c.pk for c in client.get(reverse("feedback:complaint_list"), {"state": state}).context["rows"]]
    if state == "overdue":  # received 30 and 40 days ago; not today's, not the closed late one, not another county's
        assert {complaints[5].pk, complaints[7].pk} <= set(listed)
        assert not {complaints[0].pk, complaints[6].pk, complaints[8].pk} & set(listed)
    exported = workbook_column(client.get(reverse("feedback:complaint_export"), {"state": state}).content)
    assert exported == listed and (state == "replied") == (len(listed) == 1)
    settings.JOBS_INLINE_MAX_ROWS = 0
    client.post(reverse("feedback:complaint_export") + f"?state={state}")
    run_worker()
    job = Job.objects.get()
    assert job.state == JobState.DONE
    download = client.get(reverse("jobs:job_download", kwargs={"job": job.pk}))
    assert workbook_column(b"".join(download.streaming_content)) == listed


@pytest.mark.parametrize("today", [dt.date(2025, 10, 9), dt.date(2025, 10, 13), dt.date(2025, 10, 14),
                                   dt.date(2026, 2, 24), dt.date(2025, 12, 31)])
def test_the_sql_reading_of_overdue_agrees_with_each_deadline_across_holidays(world, calendar_2025, today):
    """Every day of receipt over the two months before ``today`` (National Day, Spring Festival, adjusted
    weekends), simple and complex: the SQL filter and the deadline of each complaint give the same set."""
    for n in range(60):
        received(fb.complaint(world.a, complex=n % 3 == 0, complex_reason="x" if n % 3 == 0 else ""),
                 today - dt.timedelta(days=n))
    open_ones = Complaint.objects.filter(centre=world.a.centre)
    in_sql = set(selectors.overdue_complaints(open_ones, today=today).values_list("pk", flat=True))
    by_deadline = {c.pk for c in selectors.with_deadlines(open_ones, selectors.complaint_deadline,
                                                          lambda c: c.replied_on, today) if c.overdue}
    assert in_sql == by_deadline and in_sql


def test_the_follow_ups_overdue_filter_agrees_with_their_deadlines(login, world, calendar_2025):
    today = timezone.localdate()
    for n, extension in ((2, 0), (20, 0), (25, 10), (40, 0), (60, 10)):
        received(fb.followup(world.a), today - dt.timedelta(days=n), extension_days=extension)
    received(fb.followup(world.a), today - dt.timedelta(days=60), state=FollowUpState.RECTIFIED)
    listed = [f.pk for f in login(world.a.director).get(reverse("feedback:followup_list"),
                                                        {"state": "overdue"}).context["rows"]]
    flagged = [f.pk for f in selectors.followups_with_deadlines(FollowUp.objects.order_by("received_on", "pk"))
               if f.overdue and f.is_open]
    assert listed == flagged and 0 < len(flagged) < 5


@pytest.mark.parametrize("query", [{"bad": "on"}, {"level": "5"}, {"channel": "window_qr", "level": "1"}])
def test_the_ratings_export_holds_the_rows_the_filtered_list_shows(login, world, query):
    for level in (5, 5, 4, 2, 1):
        fb.rating(world.a, level)
    fb.rating(world.b, 1)
    client = login(world.a.director)
    listed = sorted(r.pk for r in client.get(reverse("feedback:rating_list"), query).context["page"].object_list)
    exported = sorted(workbook_column(client.get(reverse("feedback:rating_export"), query).content))
    assert exported == listed and listed
