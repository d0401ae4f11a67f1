"""One-tap actions that cannot be undone ask first, under the Content-Security-Policy (no inline onsubmit: the
question is a data-confirm attribute that static/js/site.js asks): saying no leaves everything as it was, yes goes on.
"""

import re

import pytest
from playwright.sync_api import expect

from assessment.models import Evaluation, EvaluationKind, EvaluationState
from library.models import Document
from tests.assessment import factories
from tests.browser.helpers import log_in
from tests.library import factories as library_factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def answer_dialogs(page, replies: list[bool]) -> list[str]:
    """Answer the page's dialogs in turn with ``replies`` (True: OK); return the questions asked."""
    asked: list[str] = []

    def on_dialog(dialog):
        asked.append(f"{dialog.type}: {dialog.message}")
        if replies.pop(0):
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", on_dialog)
    return asked


def test_finalising_an_evaluation_asks_first_and_no_leaves_it_unfinalised(live_server, page, world):
    version = factories.published("baolin-centre")
    evaluation = factories.evaluation(world.a, kind=EvaluationKind.ACCEPTANCE, version=version,
                                      answers=factories.full_answers(version), state="submitted")
    asked = answer_dialogs(page, [False, True])
    log_in(page, live_server, world.a.inspector)
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/", wait_until="networkidle")
    finalise = page.get_by_role("button", name=re.compile("定稿"))

    finalise.click()  # no: nothing is sent
    expect(page.get_by_test_id("state")).to_have_text("已提交")
    page.wait_for_load_state("networkidle")
    assert asked == ["confirm: 定稿后任何人都不能再修改，确定定稿？"]
    assert Evaluation.objects.get(pk=evaluation.pk).state == EvaluationState.SUBMITTED

    with page.expect_navigation():  # yes: finalised
        finalise.click()
    expect(page.get_by_test_id("state")).to_have_text("已定稿")
    assert len(asked) == 2 and Evaluation.objects.get(pk=evaluation.pk).state == EvaluationState.FINALISED


def test_deleting_a_library_document_asks_first(live_server, page, world):
    doc = library_factories.document(world.a, title="作废的培训记录")
    asked = answer_dialogs(page, [False, True])
    log_in(page, live_server, world.a.director)
    page.goto(f"{live_server.url}/library/{doc.pk}/", wait_until="networkidle")

    page.get_by_role("button", name="删除").click()
    page.wait_for_load_state("networkidle")
    assert asked == ["confirm: 删除这份资料？删除后不能恢复。"]
    assert page.url.endswith(f"/library/{doc.pk}/") and Document.objects.filter(pk=doc.pk).exists()

    with page.expect_navigation():
        page.get_by_role("button", name="删除").click()
    expect(page.locator(".alert-success")).to_contain_text("已删除：作废的培训记录")
    assert not Document.objects.filter(pk=doc.pk).exists()
