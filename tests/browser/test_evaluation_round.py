"""The inspector's whole round in a real browser (Debian's chromium): start an inspection of a village station, fill
the official form item by item while the subtotal moves, attach a photo, save, submit, finalise, download the
score sheet PDF — and its text carries the right total."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from assessment import answers as A
from assessment.models import Evaluation, Evidence
from tests.assessment import factories
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]



def test_an_inspector_does_the_whole_round_in_a_browser(live_server, page, world, tmp_path):
    version = factories.published("baolin-station")
    asked_to_leave = []

    def on_dialog(dialog):
        if dialog.type == "beforeunload":  # "leave with unsaved changes?": stay on the page
            asked_to_leave.append(page.url)
            dialog.dismiss()
        else:
            dialog.accept()

    page.on("dialog", on_dialog)
    log_in(page, live_server, world.a.inspector)

    # 1. start an inspection of the station with the station rubric
    page.goto(f"{live_server.url}/evaluations/new/?subject=station:{world.a.station.pk}")
    page.select_option("#id_rubric", str(version.pk))
    page.select_option("#id_kind", "spot")
    page.get_by_role("button", name="开始填写").click()
    page.wait_for_url(re.compile(r"/evaluations/\d+/edit/$"))
    evaluation = Evaluation.objects.get()
    computed = A.from_storage(evaluation.prefilled)  # what the system pre-fills from the station's records
    total = page.get_by_test_id("total")
    start = f"{factories.score_of(version, computed).total.normalize():f}"
    expect(total).to_have_text(start)

    # 2. the subtotal moves as the inspector answers (the engine computes it on the server)
    page.click("label[for='a-1-1-1-1']")
    expect(total).not_to_have_text(start)
    first = total.inner_text()
    page.click("label[for='a-1-1-1-0']")
    expect(total).to_have_text(start)
    page.click("label[for='a-1-1-1-1']")
    expect(total).to_have_text(first)

    # fill every criterion: "达到" where it is a choice, a count where it is a number (computed ones stay as computed)
    rubric = factories.rubric_of(version)
    for _, _, c in rubric.iter_criteria():
        if c.code in computed:
            continue
        dom = c.code.replace(".", "-")
        if c.rule in ("all_or_nothing", "veto"):
            page.click(f"label[for='a-{dom}-1']")
        else:
            page.fill(f"#a-{dom}", "2")
    page.fill("textarea[name='n:1.1.1']", "现场查看：领导小组文件齐全")
    expected = factories.score_of(version, {**factories.full_answers(version), **computed,
                                            **{c.code: 2 for _, _, c in rubric.iter_criteria()
                                               if c.rule == "per_unit" and c.code not in computed}}).total
    expect(total).to_have_text(f"{expected.normalize():f}")
    expect(page.get_by_test_id("unanswered")).to_have_text("0")

    # 3. attach a photo to 1.1.1 (uploaded at once, shown as a thumbnail)
    photo = tmp_path / "现场.png"
    photo.write_bytes(factories.png_bytes((40, 30)))
    page.get_by_test_id("evidence-1.1.1").set_input_files(str(photo))
    expect(page.locator("#ev-1-1-1 img")).to_have_count(1)
    assert Evidence.objects.get().original_name == "现场.png"

    # leaving with unsaved changes asks first; staying keeps everything on the page
    expect(page.locator("#dirty-note")).to_be_visible()
    with page.expect_event("dialog") as asked:
        page.get_by_role("link", name="查看评分结果").click()
    assert asked.value.type == "beforeunload" and len(asked_to_leave) == 1
    assert page.url.endswith(f"/evaluations/{evaluation.pk}/edit/")
    expect(page.locator("textarea[name='n:1.1.1']")).to_have_value("现场查看：领导小组文件齐全")

    # 4. save the draft: the page comes back with everything kept
    page.get_by_test_id("save").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存（第 2 版）")
    expect(page.locator("textarea[name='n:1.1.1']")).to_have_value("现场查看：领导小组文件齐全")
    expect(page.locator("#dirty-note")).to_be_hidden()
    evaluation.refresh_from_db()
    assert evaluation.total == expected and evaluation.unanswered == 0

    # 5. submit, then finalise (with the confirmation), on the result page: once saved, leaving asks nothing
    page.get_by_role("link", name="查看评分结果").click()
    page.wait_for_url(f"{live_server.url}/evaluations/{evaluation.pk}/")
    assert len(asked_to_leave) == 1
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("state")).to_have_text("已提交")
    page.get_by_role("button", name=re.compile("定稿")).click()
    expect(page.get_by_test_id("state")).to_have_text("已定稿")
    expect(page.get_by_role("link", name="填写评分")).to_have_count(0)

    # 6. download the official score sheet
    with page.expect_download() as info:
        page.get_by_test_id("sheet-pdf").click()
    pdf = tmp_path / "sheet.pdf"
    info.value.save_as(pdf)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    else:  # pragma: no cover
        from pypdf import PdfReader

        text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    flat = "".join(text.split())
    assert f"总分：{expected.normalize():f}分" in flat and world.a.station.name in flat
    assert "现场查看：领导小组文件齐全" in flat

    # a finalised evaluation's form is closed to everyone
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/edit/")
    expect(page.locator(".alert-danger")).to_contain_text("已定稿")


@pytest.mark.parametrize("width", [1280, 768])
def test_the_rubric_preview_reads_well_on_a_laptop_and_a_tablet(live_server, page, world, width):
    """The criteria table fits the page (no sideways scrolling), every column keeps a readable width and the rows
    stay short; the admin's sources open with 出处与说明 and close again."""
    version = factories.published("baolin-centre")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, world.a.inspector)
    page.goto(f"{live_server.url}/rubrics/{version.pk}/")
    table = page.get_by_test_id("rubric-table")
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    heads = {name: table.locator("thead th").nth(i).bounding_box()["width"]
             for i, name in enumerate(["code", "text", "rule", "points", "basis"])}
    assert heads["points"] >= 48 and heads["basis"] >= 120 and heads["rule"] >= 160 and heads["code"] >= 56, heads
    assert heads["text"] >= max(heads["rule"], heads["basis"]), heads  # the criterion text gets the most room
    assert heads["rule"] <= width * 0.3, heads
    # no row taller than its text needs: the basis "有关文件资料" sits on one line or two, not one character a line
    row = table.locator("tr", has_text="建立镇村便民服务体系建设专项工作领导小组")
    assert row.bounding_box()["height"] < 120
    expect(page.get_by_text("系统根据事项目录自动计算：对照本镇进驻事项目录", exact=False)).to_be_visible()
    expect(page.get_by_text("宝林镇方案 附件1 组织领导·组织机构落实")).to_have_count(0)

    # the admin: the sources are there but folded away until asked for
    page.context.clear_cookies()
    log_in(page, live_server, world.admin)
    page.goto(f"{live_server.url}/rubrics/{version.pk}/")
    source = page.locator(".rubric-src", has_text="宝林镇方案 附件1 组织领导·组织机构落实").first
    expect(source).to_be_hidden()
    page.get_by_test_id("sources-toggle").click()
    expect(source).to_be_visible()
    expect(page.get_by_test_id("rubric-sources")).to_contain_text("按 D6")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    expect(page.locator(".collapsing")).to_have_count(0)  # Bootstrap ignores a click while it is unfolding
    page.get_by_test_id("sources-toggle").click()
    expect(source).to_be_hidden()
