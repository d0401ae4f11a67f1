"""A table with a grouped head of two rows (the supervisor's summary: 「好差评」 over 「评价」「差评属实」「好评率」) read
as cards on a phone: each figure carries the heading the desktop table shows over it, group and column, never the
heading of the column beside it (QA at 390 px: 「次数: 宝林镇」, 「得分率: 1」, 「排名: 5」 … every figure mislabelled)."""

import pytest
from django.utils import timezone

from assessment.models import EvaluationKind
from tests.assessment import factories as af
from tests.browser.helpers import log_in
from tests.browser.test_narrow_screens import OFFSCREEN
from tests.feedback import factories as fb

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# At the desktop width: per cell of the first body row, its text and the heading cells standing over it (by where
# they are drawn: a heading over the cell's middle), top down.
DESKTOP_COLUMNS = """(table) => {
  const heads = [...table.tHead.querySelectorAll("th")].map(th => ({box: th.getBoundingClientRect(), text: th.textContent.replace(/\\s+/g, " ").trim()}));
  return [...table.tBodies[0].rows[0].cells].map(td => {
    const box = td.getBoundingClientRect(), middle = box.left + box.width / 2;
    const over = heads.filter(h => h.box.left <= middle && middle <= h.box.right).sort((a, b) => a.box.top - b.box.top);
    return {value: td.innerText.replace(/\\s+/g, " ").trim(), headings: over.map(h => h.text)};
  });
}"""
# On a phone: per cell of the first body row, the label drawn before it (data-label, drawn by ::before) and its text.
PHONE_CELLS = """(table) => [...table.tBodies[0].rows[0].cells].map(td => ({
  label: td.getAttribute("data-label") || "", drawn: getComputedStyle(td, "::before").content !== "none",
  shown: td.getClientRects().length > 0, value: td.innerText.replace(/\\s+/g, " ").trim(),
}))"""


def test_each_figure_of_the_summary_keeps_its_group_and_column_heading_on_a_phone(live_server, browser, world):
    year = timezone.localdate().year
    version = af.published("baolin-centre")
    af.evaluation(world.a, kind=EvaluationKind.ACCEPTANCE, period=year, answers=af.full_answers(version),
                  state="finalised")
    for level in (5, 5, 1):
        fb.rating(world.a, level)
    fb.complaint(world.a)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", has_touch=True)
    page = context.new_page()
    log_in(page, live_server, world.supervisor)
    page.goto(f"{live_server.url}/oversight/?region={world.a.county.pk}&year={year}", wait_until="networkidle")
    table = page.locator("table").first
    desktop = table.evaluate(DESKTOP_COLUMNS)
    assert desktop[0]["value"] == world.a.town.name and desktop[0]["headings"] == ["镇/街道"]
    assert len(desktop) == 15 and all(column["headings"] for column in desktop)

    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(100)
    phone = table.evaluate(PHONE_CELLS)
    assert len(phone) == len(desktop)
    for column, (wide, narrow) in enumerate(zip(desktop, phone, strict=True)):
        if not narrow["shown"]:
            continue  # an empty cell is not drawn
        assert narrow["drawn"], (column, narrow)
        parts = narrow["label"].split(" · ")
        # the label names every heading over the figure on the desktop, group first (a long group by its first words)
        assert len(parts) == len(wide["headings"]), (column, narrow, wide)
        for part, heading in zip(parts, wide["headings"], strict=True):
            assert heading.startswith(part), (column, narrow["label"], wide["headings"])
        assert narrow["value"] == wide["value"], (column, narrow, wide)
    labelled = {cell["label"]: cell["value"] for cell in phone}
    assert labelled["镇/街道"] == world.a.town.name
    assert labelled["中心考核 · 次数"] == "1" and labelled["中心考核 · 得分率"].endswith("%")
    assert labelled["中心考核 · 排名"] == "1"
    assert labelled["好差评 · 评价"] == "3" and labelled["投诉 · 受理"] == "1"
    assert "工作人员年度得分 · 平均分" in labelled
    assert page.evaluate(OFFSCREEN) == []  # no link, button or field off the screen
    context.close()
