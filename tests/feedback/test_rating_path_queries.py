"""The citizen's rating path stays small whatever the database holds: the QR landing, the form and the submit each
read the target once, the rate limits in one query, and write without re-validating what was just read."""

import pytest
from django.urls import reverse

from feedback.models import FollowUp, Rating
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db

MAX_QUERIES = 5


def _landing(client, window, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("feedback:rate_window", kwargs={"window": window.pk}))
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


@pytest.mark.parametrize("level", [5, 1])
def test_the_qr_landing_the_form_and_the_submit_each_take_at_most_five_queries(
    phone_client, world, django_assert_max_num_queries, level,
):
    for _ in range(3):  # ratings of this window by others: the limits still count them in one query
        fb.rating(world.a, 4)
    form_url = _landing(phone_client, world.a.window, django_assert_max_num_queries)
    with django_assert_max_num_queries(MAX_QUERIES):
        page = phone_client.get(form_url)
    assert page.status_code == 200 and world.a.window_staff.name in page.text
    with django_assert_max_num_queries(MAX_QUERIES):
        done = phone_client.post(form_url, {"level": str(level), "staff": str(world.a.window_staff.pk),
                                            "phone": "13800001111"})
    assert done.status_code == 302, done.content[:500]
    rating = Rating.objects.get(nonce__isnull=False, device_hash__gt="")
    assert (rating.level, rating.staff, rating.window) == (level, world.a.window_staff, world.a.window)
    assert FollowUp.objects.filter(rating=rating).exists() == (level == 1)
    if level == 1:
        assert rating.followup.limit_days == 15  # the policy's limit, read with the target


def test_a_service_code_is_rated_within_five_queries(phone_client, world, django_assert_max_num_queries):
    token = fb.ticket_url_token(fb.ticket(world.a))
    url = reverse("feedback:rate", kwargs={"token": token})
    with django_assert_max_num_queries(MAX_QUERIES):
        assert phone_client.get(url).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        assert phone_client.post(url, {"level": "2"}).status_code == 302
    assert Rating.objects.get().followup.state == "pending"


def test_the_limits_still_refuse_from_their_one_query(phone_client, world, settings, django_assert_max_num_queries):
    settings.FEEDBACK_IP_PER_HOUR = 1
    form_url = _landing(phone_client, world.a.window, django_assert_max_num_queries)
    assert phone_client.post(form_url, {"level": "4"}).status_code == 302
    with django_assert_max_num_queries(MAX_QUERIES):
        again = phone_client.get(reverse("feedback:rate_station", kwargs={"station": world.a.station.pk}))
    assert again.status_code == 429 and "频繁" in again.text


@pytest.mark.parametrize("level, submit_queries", [(4, 2), (1, 3)])
def test_the_landing_and_the_form_read_in_one_statement_and_a_submit_writes_with_one_more(
    phone_client, world, django_assert_num_queries, level, submit_queries,
):
    """The landing reads the window with the limits joined, the form its target with the staff on the post, the
    submit its target with the limits, then inserts the rating (a 差评 its follow-up too, in one transaction: the
    test's own here, so no BEGIN and COMMIT are counted)."""
    with django_assert_num_queries(1):
        form_url = phone_client.get(reverse("feedback:rate_window", kwargs={"window": world.a.window.pk}))["Location"]
    with django_assert_num_queries(1):
        assert phone_client.get(form_url).status_code == 200
    with django_assert_num_queries(submit_queries):
        assert phone_client.post(form_url, {"level": str(level)}).status_code == 302
    assert FollowUp.objects.filter(rating=Rating.objects.get()).exists() == (level == 1)


def test_a_submit_is_refused_by_the_limits_it_reads_with_its_target(phone_client, world, settings):
    """Two forms opened before either is sent: the second submit meets the address limit, counted in the target's
    statement."""
    settings.FEEDBACK_IP_PER_HOUR = 1
    first = phone_client.get(reverse("feedback:rate_window", kwargs={"window": world.a.window.pk}))["Location"]
    second = phone_client.get(reverse("feedback:rate_station", kwargs={"station": world.a.station.pk}))["Location"]
    assert phone_client.post(first, {"level": "4"}).status_code == 302
    again = phone_client.post(second, {"level": "4"})
    assert again.status_code == 429 and "频繁" in again.text
    assert Rating.objects.count() == 1
