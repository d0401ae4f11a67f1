"""Issue #16 "Done when", in a real browser: the director uploads a 培训记录 PDF to the library and tags it to the
training item, self-assesses; the inspector's form shows it on that item, the inspector marks it 采信 and finalises;
the score sheet's PDF lists it. A bad upload is refused with a Chinese message and nothing is written."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from assessment.models import EvaluationDocument, EvaluationKind
from library.models import Document
from tests.assessment import factories
from tests.browser.helpers import log_in
from tests.library.factories import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "2025年窗口人员礼仪培训记录"


def pdf_text(path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    from pypdf import PdfReader  # pragma: no cover

    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_a_training_record_goes_from_the_library_to_the_inspectors_sheet(live_server, page, world, tmp_path):
    version = factories.published("baolin-centre")
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, world.a.director)

    # a bad upload: refused in Chinese, nothing written
    fake = tmp_path / "培训记录.pdf"
    fake.write_bytes(b"this is not a PDF")
    page.goto(f"{live_server.url}/library/upload/")
    page.select_option("#id_owner", f"centre:{world.a.centre.pk}")
    page.fill("#id_title", TITLE)
    page.select_option("#id_kind", "training")
    page.set_input_files("#id_file", str(fake))
    page.get_by_role("button", name="上传").click()
    expect(page.locator("form[enctype]")).to_contain_text("只接受 PDF、图片")
    assert not Document.objects.exists()

    # 1. the director uploads the training record and tags it to 5.2 人员培训
    record = tmp_path / "礼仪培训.pdf"
    record.write_bytes(pdf_bytes())
    page.select_option("#id_owner", f"centre:{world.a.centre.pk}")
    page.fill("#id_title", TITLE)
    page.select_option("#id_kind", "training")
    page.fill("#id_year_from", "2025")
    page.set_input_files("#id_file", str(record))
    page.get_by_role("button", name="上传").click()
    page.wait_for_url(re.compile(r"/library/\d+/$"))
    expect(page.locator("h1")).to_contain_text(TITLE)
    page.select_option("#id_item_key", label="5.2 人员培训")
    page.get_by_role("button", name="标注为佐证").click()
    expect(page.get_by_test_id("document-tags")).to_contain_text("人员管理·人员培训")

    # 2. the director's self-assessment shows it on the item; the director submits
    own = factories.evaluation(world.a, version=version, period=2025, answers=factories.full_answers(version))
    page.goto(f"{live_server.url}/evaluations/{own.pk}/edit/")
    expect(page.locator("#docs-5-2")).to_contain_text(TITLE)
    page.goto(f"{live_server.url}/evaluations/{own.pk}/")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("state")).to_have_text("已提交")
    assert EvaluationDocument.objects.filter(evaluation=own, document__title=TITLE).exists()

    # 3. the inspector's form shows it on 5.2; the inspector marks it 采信 with a note, submits and finalises
    inspection = factories.evaluation(world.a, version=version, kind=EvaluationKind.ACCEPTANCE, period=2025,
                                      answers=factories.full_answers(version))
    page.context.clear_cookies()
    log_in(page, live_server, world.a.inspector)
    page.goto(f"{live_server.url}/evaluations/{inspection.pk}/edit/")
    item = page.locator("#docs-5-2")
    expect(item).to_contain_text(TITLE)
    item.locator("input[name^='docnote-']").fill("签到表、课件齐全")
    item.get_by_role("button", name="采信").click()
    expect(item.get_by_test_id("verdict")).to_have_text("采信")
    page.goto(f"{live_server.url}/evaluations/{inspection.pk}/")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("state")).to_have_text("已提交")
    page.get_by_role("button", name=re.compile("定稿")).click()
    expect(page.get_by_test_id("state")).to_have_text("已定稿")

    # 4. the score sheet's PDF lists it on the item and in the annex
    with page.expect_download() as info:
        page.get_by_test_id("sheet-pdf").click()
    sheet = tmp_path / "sheet.pdf"
    info.value.save_as(sheet)
    flat = "".join(pdf_text(sheet).split())
    assert f"佐证：{TITLE}（采信）" in flat and "佐证资料清单" in flat
