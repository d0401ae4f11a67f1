"""Facts on small data: each fact's value from the rows behind it, the form pre-filled from them, and the coverage
JSON other tools read."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from assessment import answers as A
from assessment.coverage import coverage
from core import facts as registry
from scoring.rubric.facts import FACTS, SHARE
from tests.trainings.factories import training
from trainings.models import TrainingKind

pytestmark = pytest.mark.django_db


def facts_of(subject, year=2025):
    return A.subject_facts(subject, year, set(FACTS))


def test_four_trainings_in_the_year_are_needed_and_meetings_do_not_count(world):
    a = world.a
    for day in ("2025-02-10", "2025-05-10", "2025-08-10"):
        training(a, day, presence={a.window_staff: "present"})
    training(a, "2025-09-10", kind=TrainingKind.MEETING, presence={a.window_staff: "present"})
    training(a, "2024-12-10")  # last year
    assert facts_of(a.centre)["trainings.regular_4"] is False
    training(a, "2025-11-10", kind=TrainingKind.ETIQUETTE)
    assert facts_of(a.centre)["trainings.regular_4"] is True
    # the station's staff attended one of the centre's trainings: that is all the station has
    assert facts_of(a.station)["trainings.regular_4"] is False


def test_a_newcomer_needs_an_induction_training_and_window_staff_a_training(world):
    a = world.a
    a.window_staff.active_from = dt.date(2025, 3, 1)
    a.window_staff.save()
    training(a, "2025-04-01", presence={a.window_staff: "absent"})
    found = facts_of(a.centre)
    assert (found["trainings.induction_for_new_staff"], found["trainings.window_staff_trained"]) == (False, False)
    training(a, "2025-04-02", kind=TrainingKind.INDUCTION, presence={a.window_staff: "late"})
    found = facts_of(a.centre)
    assert (found["trainings.induction_for_new_staff"], found["trainings.window_staff_trained"]) == (True, True)
    # and nobody joined in 2024: there was nobody to induct
    assert facts_of(a.centre, 2024)["trainings.induction_for_new_staff"] is True


def test_staff_facts_read_posts_backups_and_categories(world):
    from tests import factories

    a = world.a
    a.window_staff.active_from = dt.date(2024, 6, 1)
    a.window_staff.save()
    found = facts_of(a.centre)
    assert found["staff.window_staff_one_year"] is True and found["staff.window_staff_two_years"] is False
    assert found["staff.windows_ab_backup"] is False and found["staff.windows_two_established"] is False
    other = factories.staff(centre_=a.centre, window_=a.window, name="李四", active_from=dt.date(2020, 1, 1))
    a.window_staff.backup = other
    a.window_staff.save()
    found = facts_of(a.centre)
    assert found["staff.windows_ab_backup"] is True and found["staff.windows_two_established"] is True
    assert "staff.windows_ab_backup" not in facts_of(a.station)  # windows belong to centres


def test_satisfaction_and_the_satisfaction_points_of_d19(world):
    from tests.feedback.factories import rating

    a = world.a
    at = dt.datetime(2025, 6, 3, 10, tzinfo=dt.UTC)
    assert "feedback.satisfaction_rate" not in facts_of(a.centre)  # no ratings: nothing to pre-fill
    for level in [5] * 47 + [1, 2, 3]:
        rating(a, level, at=at)
    found = facts_of(a.centre)
    assert found["feedback.satisfaction_rate"] == Decimal("0.96") and found["feedback.satisfaction_98"] is False
    assert found["feedback.ratings_every_window"] is True
    from assessment.rubrics import rubric_of
    from assessment.services import prefill_answers
    from tests.assessment.factories import published

    rubric = rubric_of(published("meishan-centre"))
    answers = prefill_answers(rubric, A.bound_facts(rubric, found))
    assert answers["8.1.1"] == Decimal("9.6")  # 10 × 96%, on the 0.1 step


def test_late_rectification_and_complaints_fail_their_facts(world):
    from tests.feedback.factories import complaint, followup

    a = world.a
    late = followup(a)
    late.received_on = dt.date(2025, 3, 3)
    late.save()
    found = facts_of(a.centre)
    assert found["feedback.bad_rectified_15d"] is False  # still open long after its 15 working days
    c = complaint(a, received_on=dt.date(2025, 4, 1))
    assert facts_of(a.centre)["feedback.complaints_in_time"] is False
    c.state, c.replied_on = "replied", dt.date(2025, 4, 3)
    c.save()
    assert facts_of(a.centre)["feedback.complaints_in_time"] is True


def test_guidance_facts(world):
    from tests.assessment.factories import guidance

    a = world.a
    assert facts_of(a.centre)["guidance.received"] is False
    guidance(a, on=dt.date(2025, 5, 6))
    assert facts_of(a.centre)["guidance.received"] is True
    assert facts_of(a.station)["guidance.received"] is False


def test_a_share_binds_only_judged_items_and_every_registered_fact_is_known():
    from scoring.rubric.facts import KIND_RULES

    assert KIND_RULES[SHARE] == frozenset({"judged"})
    assert registry.registered_names() <= set(FACTS)


def test_a_new_evaluation_is_prefilled_from_trainings_with_a_link_to_them(world, login):
    from assessment import services
    from tests.assessment.factories import published

    a = world.a
    for day in ("2025-02-10", "2025-05-10", "2025-08-10", "2025-11-10"):
        training(a, day, presence={a.window_staff: "present"})
    version = published("baolin-centre")
    evaluation = services.evaluation_start(actor=a.director, subject=a.centre, rubric=version, kind="self",
                                           period=2025).evaluation
    assert A.from_storage(evaluation.prefilled)["5.2.1"] is True
    page = login(a.director).get(f"/evaluations/{evaluation.pk}/edit/").content.decode()
    assert "本年度组织（参加）业务、礼仪、岗前培训不少于4次" in page and "/trainings/?year=2025&amp;centre=" in page


def test_facts_cost_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    a = world.a
    for day in ("2025-02-10", "2025-05-10", "2025-08-10"):
        training(a, day, presence={a.window_staff: "present", a.station_staff: "late"})
    with django_assert_max_num_queries(30):
        facts_of(a.centre)


def test_fact_coverage_json_has_the_contract_shape(world):
    from tests.assessment.factories import published

    published("baolin-station")
    out = io.StringIO()
    call_command("fact_coverage", "baolin-station", "--station", world.a.station.code, "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"rubric", "criteria", "fact_bound", "evidence_tagged", "manual", "items"}
    assert data["rubric"] == "baolin-station" and data["criteria"] == len(data["items"]) == 23
    assert data["fact_bound"] + data["evidence_tagged"] + data["manual"] == data["criteria"]
    assert data["fact_bound"] == 8
    first = data["items"][0]
    assert set(first) == {"code", "status", "facts", "documents"}
    assert {i["status"] for i in data["items"]} <= {"fact_bound", "evidence_tagged", "manual"}
    text = io.StringIO()
    call_command("fact_coverage", "baolin-station", "--station", world.a.station.code, stdout=text)
    assert "预填或有佐证合计" in text.getvalue()


def test_a_tagged_document_makes_its_item_evidence_tagged(world):
    from library import services
    from library.keys import keys_of
    from tests.assessment.factories import published
    from tests.library.factories import document

    version = published("baolin-station")
    doc = document(world.a, owner=world.a.station, title="代办制度")
    from assessment.rubrics import rubric_of

    key = keys_of(rubric_of(version))["5.1"]
    services.tag_document(actor=world.a.director, document=doc, subject=world.a.station, item_key=key)
    result = coverage("baolin-station", world.a.station)
    item = next(i for i in result.items if i.code == "5.1.1")
    assert (item.status, item.documents) == ("evidence_tagged", 1)


def test_post_cards_agents_windows_and_rating_codes(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from centers.choices import WindowKind
    from tests.feedback.factories import rating

    a = world.a
    found = facts_of(a.centre)
    assert found["staff.post_cards_complete"] is False  # no unit, position or photo yet
    assert found["centre.comprehensive_window_present"] is True  # the factory's window is 综合窗口
    assert facts_of(a.station)["staff.station_agents_present"] is True  # 甲代办员 is a 村(社区)代办人
    a.window_staff.unit, a.window_staff.position = "甲镇人民政府", "综合窗口受理员"
    a.window_staff.photo = SimpleUploadedFile("p.png", b"\x89PNG")
    a.window_staff.save()
    assert facts_of(a.centre)["staff.post_cards_complete"] is True
    a.window.kind = WindowKind.SPECIALISED
    a.window.save()
    assert facts_of(a.centre)["centre.comprehensive_window_present"] is False
    assert facts_of(a.centre)["feedback.qr_ratings_every_window"] is False
    rating(a, 5, at=dt.datetime(2025, 6, 3, 10, tzinfo=dt.UTC))  # by the window's code (channel window_qr)
    assert facts_of(a.centre)["feedback.qr_ratings_every_window"] is True
    assert facts_of(a.centre)["matters.guides_published"] is False  # nothing published
