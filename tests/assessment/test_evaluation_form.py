"""The evaluation form: a draft saved at any moment, totals from the engine, live subtotals from a preview endpoint,
overrides of computed items need a reason, and two people never silently overwrite each other."""

from decimal import Decimal

import pytest

from assessment.models import CriterionNote, Evaluation
from core.models import AuditEntry
from tests.assessment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world, station_rubric):
    return factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric)


@pytest.fixture
def window_draft(world):
    return factories.evaluation(world.a, kind="unannounced", subject=world.a.window,
                                version=factories.published("meishan-window"))


def judged_code(evaluation) -> str:
    return next(c.code for _, _, c in factories.rubric_of(evaluation.rubric).iter_criteria() if c.rule == "judged")


def edit_url(e):
    return f"/evaluations/{e.pk}/edit/"


def test_the_form_shows_every_criterion_grouped_by_section_with_its_input_and_basis(world, login, draft):
    page = login(world.a.inspector).get(edit_url(draft)).content.decode()
    rubric = factories.rubric_of(draft.rubric)
    for section in rubric.sections:
        assert section.title in page
    for _, item, c in rubric.iter_criteria():
        assert f'name="a:{c.code}' in page
        if c.basis or item.basis:
            assert (c.basis or item.basis) in page
    assert f'hx-post="/evaluations/{draft.pk}/preview/"' in page


def test_saving_a_draft_stores_the_answers_and_the_engines_totals(world, login, draft, station_rubric):
    answers = factories.full_answers(station_rubric)
    answers["1.1.1"] = False
    data = factories.form_for(draft, answers, draft.revision, **{"n:1.1.1": "现场未见文件"})
    response = login(world.a.inspector).post(edit_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    expected = factories.score_of(station_rubric, factories.effective(draft, answers))
    assert draft.total == expected.total and draft.band == (expected.band or "")
    assert draft.revision == 2 and draft.answers["1.1.1"] is False
    assert Decimal(draft.result["total"]) == expected.total
    assert CriterionNote.objects.get(evaluation=draft, code="1.1.1").note == "现场未见文件"
    entry = AuditEntry.objects.filter(action="保存评分").latest("pk")
    assert entry.actor == world.a.inspector and "1.1.1" in entry.after["answers"]


def test_leaving_and_coming_back_loses_nothing(world, login, draft, station_rubric):
    client = login(world.a.inspector)
    answers = {"1.1.1": True, "2.1.1": Decimal("2")} if factories.rubric_of(station_rubric).criterion("2.1.1") \
        else {"1.1.1": True}
    client.post(edit_url(draft), factories.form_for(draft, answers, draft.revision,
                                                     **{"n:1.1.1": "资料齐全", "remarks": "整体较好"}))
    page = client.get(edit_url(draft)).content.decode()
    assert 'id="a-1-1-1-1" value="1" autocomplete="off" checked' in page
    assert "资料齐全" in page and "整体较好" in page


def test_the_preview_returns_subtotals_computed_by_the_engine_and_saves_nothing(world, login, draft, station_rubric):
    answers = factories.full_answers(station_rubric)
    data = factories.form_for(draft, answers, draft.revision)
    response = login(world.a.inspector).post(f"/evaluations/{draft.pk}/preview/", data)
    text = response.content.decode()
    total = factories.score_of(station_rubric, factories.effective(draft, answers)).total
    assert response.status_code == 200 and f'data-testid="total">{total.normalize():f}<' in text
    assert 'hx-swap-oob="true"' in text and 'id="sec-1"' in text
    draft.refresh_from_db()
    assert draft.revision == 1


def test_the_preview_shows_a_bad_value_in_chinese_and_counts_it_as_unanswered(world, login, window_draft):
    data = factories.form_for(window_draft, {})
    data[f"a:{judged_code(window_draft)}"] = "0.3"
    text = login(world.a.inspector).post(f"/evaluations/{window_draft.pk}/preview/", data).content.decode()
    assert "不可用" in text and "1 处输入有误" in text


def test_an_invalid_value_is_refused_with_a_chinese_message_and_the_input_kept(world, login, window_draft):
    code = judged_code(window_draft)
    data = factories.form_for(window_draft, {}, **{f"n:{code}": "我的说明"})
    data[f"a:{code}"] = "99"
    response = login(world.a.inspector).post(edit_url(window_draft), data)
    text = response.content.decode()
    assert response.status_code == 200 and "有评分未能保存" in text and "不可用" in text
    assert 'value="99"' in text and "我的说明" in text
    window_draft.refresh_from_db()
    assert window_draft.revision == 1 and code not in window_draft.answers


def test_a_refused_save_comes_back_marked_as_not_saved(world, login, window_draft):
    """The page that comes back after a refused save still holds unsaved input: the note shows at once and the
    form is marked, so leaving it asks first (static/js/evaluation.js); a fresh page is not marked."""
    client = login(world.a.inspector)
    fresh = client.get(edit_url(window_draft)).content.decode()
    assert 'data-unsaved="1"' not in fresh and '<div id="dirty-note" class="small text-danger mt-1" hidden>' in fresh
    data = factories.form_for(window_draft, {})
    data[f"a:{judged_code(window_draft)}"] = "99"
    text = client.post(edit_url(window_draft), data).content.decode()
    assert 'data-unsaved="1"' in text and '<div id="dirty-note" class="small text-danger mt-1">有尚未保存的修改' in text


def test_two_people_editing_the_same_draft_never_silently_overwrite_each_other(world, login, draft, station_rubric):
    from tests.factories import user

    colleague = user("inspector-colleague", "inspector", region=world.a.county)
    first = login(world.a.inspector)
    loaded_revision = draft.revision
    first.post(edit_url(draft), factories.form_for(draft, {"1.1.1": True}, loaded_revision))
    from django.test import Client

    second = Client()
    second.force_login(colleague)
    response = second.post(edit_url(draft), factories.form_for(
            draft, {"1.1.1": False}, loaded_revision, **{"n:1.1.1": "第二人的说明"}))
    text = response.content.decode()
    assert response.status_code == 409
    assert "保存未成功" in text and "已被" in text
    assert 'id="a-1-1-1-0" value="0" autocomplete="off" checked' in text and "第二人的说明" in text
    assert '<a href="#c-1-1-1">1.1.1</a>' in text  # what differs from the other person's save
    draft.refresh_from_db()
    assert draft.answers["1.1.1"] is True and draft.revision == 2
    # Saving again on purpose, now carrying the current revision, is an explicit choice and goes through.
    again = second.post(edit_url(draft), factories.form_for(draft, {"1.1.1": False}, draft.revision))
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.answers["1.1.1"] is False


def test_changing_a_computed_item_needs_a_reason_before_submitting(world, login, centre_rubric):
    evaluation = factories.evaluation(world.a, kind="acceptance", version=centre_rubric)
    code, computed = next(iter(evaluation.prefilled.items()))
    rubric = factories.rubric_of(centre_rubric)
    answers = {**factories.effective(evaluation, factories.full_answers(centre_rubric)),
               code: (not computed) if isinstance(computed, bool) else computed + 1}
    client = login(world.a.inspector)
    saved = client.post(edit_url(evaluation), factories.form_for(evaluation, answers, keep_computed=False),
                        follow=True)
    assert "已修改但未填写理由，提交前须补充理由" in saved.content.decode()  # a draft is saved at any moment
    evaluation.refresh_from_db()
    assert evaluation.revision == 2 and evaluation.unanswered == 0
    refused = client.post(f"/evaluations/{evaluation.pk}/move/", {"action": "submit"}, follow=True)
    assert "已修改但未填写理由" in refused.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.state == "draft"
    client.post(edit_url(evaluation), factories.form_for(evaluation, answers, keep_computed=False,
                                                         **{f"r:{code}": "现场核实：实际已设置"}))
    assert CriterionNote.objects.get(evaluation=evaluation, code=code).override_reason == "现场核实：实际已设置"
    assert "现场核实：实际已设置" in AuditEntry.objects.filter(action="保存评分").latest("pk").reason
    client.post(f"/evaluations/{evaluation.pk}/move/", {"action": "submit"})
    evaluation.refresh_from_db()
    assert evaluation.state == "submitted"
    page = client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert "已修改" in page and rubric.criterion(code).text[:10] in page


def ten_items() -> str:
    """A rubric of ten items 1.1–1.10 (one criterion each); 1.2.1 and 1.10.1 are pre-filled from facts."""
    facts = {2: "centre.comprehensive_window_present", 10: "centre.cannot_do_window_present"}
    items = "".join(f"""
      - title: 项目{n}
        points: 1
        source: "成都细则 第八条(一)"
        criteria:
          - rule: all_or_nothing
            text: 达到要求的，得1分。
            points: 1{f"{chr(10)}            fact: {facts[n]}" if n in facts else ""}""" for n in range(1, 11))
    return f"""
code: ten-items-demo
version: 1
title: 十项演示细则
subject: centre
source: 演示
points: 10
sections:
  - title: 场地建设
    points: 10
    source: "成都细则 第八条(一)"
    items:{items}
"""


def test_computed_items_changed_without_a_reason_are_listed_in_the_rubric_s_order(world, login):
    """1.2.1 before 1.10.1, as in the rubric, whatever order the stored pre-filled answers have (a JSON object's
    keys have none: the facts' order here, length-then-bytes on PostgreSQL; "1.10.1" < "1.2.1" as strings)."""
    version = factories.publish_text(ten_items())
    evaluation = factories.evaluation(world.a, kind="acceptance", version=version)
    prefilled = dict(sorted(evaluation.prefilled.items()))  # stored in the codes' string order
    assert list(prefilled) == ["1.10.1", "1.2.1"]
    Evaluation.objects.filter(pk=evaluation.pk).update(prefilled=prefilled)
    evaluation.refresh_from_db()
    answers = {**factories.full_answers(version), **{code: not computed for code, computed in prefilled.items()}}
    client = login(world.a.inspector)
    saved = client.post(edit_url(evaluation), factories.form_for(evaluation, answers, keep_computed=False),
                        follow=True).content.decode()
    assert "系统计算项 1.2.1、1.10.1 已修改但未填写理由，提交前须补充理由" in saved
    refused = client.post(f"/evaluations/{evaluation.pk}/move/", {"action": "submit"}, follow=True)
    assert "系统计算项 1.2.1、1.10.1 已修改但未填写理由，请填写理由并保存后再提交" in refused.content.decode()


def test_only_the_owner_side_may_edit(world, login, draft):
    response = login(world.a.director).get(edit_url(draft))
    assert response.status_code == 404  # a director does not even see the county's draft inspection
    own = factories.evaluation(world.a, kind="self", subject=world.a.station, version=draft.rubric)
    response = login(world.a.inspector).get(edit_url(own))
    assert response.status_code == 302 and response["Location"] == f"/evaluations/{own.pk}/"
    assert Evaluation.objects.get(pk=own.pk).revision == 1
