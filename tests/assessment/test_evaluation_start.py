"""Starting an evaluation: a published rubric for that kind of subject, the kind the role may start, pre-filled from
facts and marked as computed."""

import pytest
from django.core.exceptions import ValidationError

from assessment import services
from assessment.models import Evaluation
from centers.choices import WindowKind
from core.models import AuditEntry
from tests import factories as f
from tests.assessment import factories

pytestmark = pytest.mark.django_db


def start(client, **data):
    return client.post("/evaluations/new/", {"period": 2025, "evaluated_on": "2025-06-01", **data})


def test_an_inspector_starts_an_inspection_of_a_station_in_the_county(world, login, station_rubric):
    client = login(world.a.inspector)
    response = start(client, subject=f"station:{world.a.station.pk}", rubric=station_rubric.pk, kind="spot")
    evaluation = Evaluation.objects.get()
    assert response["Location"] == f"/evaluations/{evaluation.pk}/edit/"
    assert (evaluation.subject_kind, evaluation.station, evaluation.centre) == ("station", world.a.station,
                                                                                 world.a.centre)
    assert evaluation.state == "draft" and evaluation.kind == "spot" and evaluation.rubric == station_rubric
    assert AuditEntry.objects.filter(action="开始考核", actor=world.a.inspector).exists()


def test_only_rubrics_whose_subjects_include_the_kind_of_subject_can_be_used(world, login, station_rubric):
    client = login(world.a.inspector)
    response = start(client, subject=f"centre:{world.a.centre.pk}", rubric=station_rubric.pk, kind="acceptance")
    assert response.status_code == 200
    assert "不适用于便民服务中心" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_a_director_may_only_start_self_assessments(world, login, centre_rubric):
    client = login(world.a.director)
    refused = start(client, subject=f"centre:{world.a.centre.pk}", rubric=centre_rubric.pk, kind="acceptance")
    assert refused.status_code == 200 and not Evaluation.objects.exists()
    start(client, subject=f"centre:{world.a.centre.pk}", rubric=centre_rubric.pk, kind="self")
    assert Evaluation.objects.get().kind == "self"


def test_an_inspector_may_not_start_a_self_assessment(world, centre_rubric):
    with pytest.raises(Exception, match="中心主任只能自查"):
        services.evaluation_start(actor=world.a.inspector, subject=world.a.centre, rubric=centre_rubric, kind="self",
                                  period=2025)


def test_another_countys_subject_cannot_be_chosen(world, login, centre_rubric):
    client = login(world.a.inspector)
    response = start(client, subject=f"centre:{world.b.centre.pk}", rubric=centre_rubric.pk, kind="acceptance")
    assert response.status_code == 200 and not Evaluation.objects.exists()
    assert world.b.centre.name not in response.content.decode()


def test_an_unpublished_rubric_is_not_offered(world, login):
    from django.conf import settings

    from assessment.rubrics import RUBRICS
    from core.definitions import import_definition

    path = settings.FIXTURES_DIR / "rubrics" / "baolin-centre.yaml"
    draft = import_definition(RUBRICS, path.read_bytes()).obj
    client = login(world.a.inspector)
    assert draft.title not in client.get("/evaluations/new/").content.decode()
    response = start(client, subject=f"centre:{world.a.centre.pk}", rubric=draft.pk, kind="acceptance")
    assert response.status_code == 200 and not Evaluation.objects.exists()
    assert "该选择不在可用的选项中" in response.content.decode()


def test_computed_items_are_prefilled_from_the_centres_facts_and_marked(world, login, centre_rubric):
    f.window(world.a.centre, 9, "办不成事反映", WindowKind.CANNOT_DO)
    evaluation = services.evaluation_start(actor=world.a.inspector, subject=world.a.centre, rubric=centre_rubric,
                                           kind="acceptance", period=2025).evaluation
    assert evaluation.facts["centre.cannot_do_window_present"] is True
    assert evaluation.prefilled["2.5.2"] is True  # 设置办不成事反映窗口 (fact centre.cannot_do_window_present)
    assert evaluation.answers["2.5.2"] is True
    page = login(world.a.inspector).get(f"/evaluations/{evaluation.pk}/edit/").content.decode()
    assert "系统计算" in page and "设有“办不成事”反映窗口" in page


def test_matter_facts_prefill_the_required_and_life_service_items(world, centre_rubric, monkeypatch):
    import matters.facts

    monkeypatch.setattr(matters.facts, "facts_for", lambda subject, on=None: {
        "matters.required_missing": 3, "matters.life_services_count": 4, "matters.one_thing_list_published": True,
        "matters.catalogue_adjusted_12m": False, "matters.stationed_catalogue_published": True})
    evaluation = services.evaluation_start(actor=world.a.inspector, subject=world.a.centre, rubric=centre_rubric,
                                           kind="acceptance", period=2025).evaluation
    rubric = factories.rubric_of(centre_rubric)
    by_fact = {c.fact: c.code for _, _, c in rubric.iter_criteria() if c.fact}
    assert evaluation.answers[by_fact["matters.required_missing"]] == 3
    assert evaluation.answers[by_fact["matters.life_services_count"]] == 4
    assert evaluation.answers[by_fact["matters.catalogue_adjusted_12m"]] is False
    assert evaluation.total > 0  # computed by the engine at once


def test_windows_are_evaluated_with_a_window_rubric(world):
    version = factories.published("meishan-window")
    evaluation = services.evaluation_start(actor=world.a.inspector, subject=world.a.window, rubric=version,
                                           kind="unannounced", period=2025).evaluation
    assert evaluation.subject_kind == "window" and evaluation.window == world.a.window
    assert world.a.window.name in evaluation.subject_name


def second_version(first):
    """第2版 of ``first``'s rubric (the same text with its version raised and its title marked), published."""
    text = first.source_text.replace(f"version: {first.version}\n", f"version: {first.version + 1}\n", 1)
    return factories.publish_text(text.replace(f"title: {first.title}", f"title: {first.title}（修订）", 1))


def rubric_options(html):
    select = html[html.index('name="rubric"'):]
    return select[:select.index("</select>")]


def test_after_a_second_version_is_published_the_start_form_offers_only_the_version_in_force(world, login,
                                                                                              centre_rubric):
    newer = second_version(centre_rubric)
    assert newer.version == centre_rubric.version + 1
    for user in (world.a.inspector, world.a.director):
        options = rubric_options(login(user).get("/evaluations/new/").content.decode())
        assert f'value="{newer.pk}"' in options and f'value="{centre_rubric.pk}"' not in options
    refused = start(login(world.a.inspector), subject=f"centre:{world.a.centre.pk}", rubric=centre_rubric.pk,
                    kind="acceptance")
    assert refused.status_code == 200 and not Evaluation.objects.exists()
    with pytest.raises(ValidationError, match=f"已被第{newer.version}版取代"):
        services.evaluation_start(actor=world.a.inspector, subject=world.a.centre, rubric=centre_rubric,
                                  kind="acceptance", period=2025, superseded_ok=True)


def test_an_admin_may_pick_the_older_version_only_after_confirming_the_warning(world, login, centre_rubric):
    newer = second_version(centre_rubric)
    client = login(world.admin)
    options = rubric_options(client.get("/evaluations/new/").content.decode())
    assert f'value="{centre_rubric.pk}"' in options and f"旧版，已被第{newer.version}版取代" in options
    data = {"subject": f"centre:{world.a.centre.pk}", "rubric": centre_rubric.pk, "kind": "acceptance"}
    warned = start(client, **data)
    assert warned.status_code == 200 and "如确需按旧版考核" in warned.content.decode()
    assert not Evaluation.objects.exists()
    assert start(client, **data, superseded_ok="on").status_code == 302
    assert Evaluation.objects.get().rubric == centre_rubric


def test_starting_the_same_unfinished_evaluation_again_opens_it_instead_of_a_second_draft(world, login,
                                                                                         centre_rubric):
    client = login(world.a.inspector)
    data = {"subject": f"centre:{world.a.centre.pk}", "rubric": centre_rubric.pk, "kind": "acceptance"}
    start(client, **data)
    first = Evaluation.objects.get()
    again = start(client, **data)
    assert Evaluation.objects.get() == first  # no second draft
    assert again["Location"] == f"/evaluations/{first.pk}/edit/"
    page = client.get(again["Location"]).content.decode()
    assert f"{world.a.centre.name} 2025年度已有未完成的验收评估（草稿），已为您打开" in page
    assert AuditEntry.objects.filter(action="开始考核").count() == 1


def test_a_submitted_evaluation_is_unfinished_too_and_opens_on_its_page(world, login, centre_rubric):
    submitted = factories.evaluation(world.a, kind="acceptance", version=centre_rubric,
                                     answers=factories.full_answers(centre_rubric), state="submitted")
    client = login(world.a.inspector)
    response = start(client, subject=f"centre:{world.a.centre.pk}", rubric=centre_rubric.pk, kind="acceptance")
    assert Evaluation.objects.get() == submitted
    assert response["Location"] == f"/evaluations/{submitted.pk}/"
    assert "已有未完成的验收评估（已提交）" in client.get(response["Location"]).content.decode()


def test_the_service_refuses_a_second_unfinished_evaluation_of_the_same_subject_kind_and_year(world,
                                                                                               centre_rubric):
    def again(kind="acceptance", subject=None, period=2025):
        return services.evaluation_start(actor=world.a.inspector, subject=subject or world.a.centre,
                                         rubric=centre_rubric, kind=kind, period=period)

    first = again()
    assert not first.existing
    repeated = again()
    assert repeated.existing and repeated.evaluation == first.evaluation
    # Another kind, another year or another subject is another evaluation.
    assert not again(kind="spot").existing and not again(period=2024).existing
    assert not services.evaluation_start(actor=world.a.inspector, subject=world.a.station,
                                         rubric=factories.published("baolin-station"), kind="acceptance",
                                         period=2025).existing
    assert Evaluation.objects.count() == 4


def test_once_finalised_a_new_evaluation_of_the_same_year_may_be_started(world, centre_rubric):
    done = factories.evaluation(world.a, kind="acceptance", version=centre_rubric,
                                answers=factories.full_answers(centre_rubric), state="finalised")
    started = services.evaluation_start(actor=world.a.inspector, subject=world.a.centre, rubric=centre_rubric,
                                        kind="acceptance", period=2025)
    assert not started.existing and started.evaluation != done
    # …and its open correction counts as the unfinished one of that year.
    started.evaluation.delete()
    correction = services.evaluation_correct(actor=world.a.inspector, evaluation=done)
    assert services.evaluation_start(actor=world.a.inspector, subject=world.a.centre, rubric=centre_rubric,
                                     kind="acceptance", period=2025).evaluation == correction
