"""The official score sheet (评估内容 / 评估项目 / 评估标准 / 考核依据 / 得分 / 备注) as rows, as PDF and as XLSX; the
guidance record (附件7) as PDF."""

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from assessment import reports, services
from tests.assessment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def finalised(world, centre_rubric):
    answers = factories.full_answers(centre_rubric)
    answers["1.1.1"] = False
    answers["3.2.1"] = 2  # 应进必进: two matters missing
    evaluation = factories.evaluation(world.a, kind="acceptance", version=centre_rubric, answers=answers,
                                      state="finalised")
    return evaluation


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(content)
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_score_sheet_rows_follow_the_official_table(world, finalised):
    sheet = reports.score_sheet(finalised)
    rubric = factories.rubric_of(finalised.rubric)
    assert len(sheet.rows) == sum(1 for _ in rubric.iter_criteria())
    first = sheet.rows[0]
    assert first.section.startswith("组织领导") and first.section_rowspan == sum(
        len(i.criteria) for i in rubric.sections[0].items)
    assert first.item.startswith("组织机构落实") and first.score == "0" and "未达到要求" in first.note
    assert all(r.section_rowspan == 0 for r in sheet.rows[1:first.section_rowspan])
    missing = next(r for r in sheet.rows if r.code == "3.2.1")
    assert "少 2 项,扣 2 分" in missing.note
    assert Decimal(sheet.total) == finalised.total and sheet.context["inspector"] == str(world.a.inspector)
    assert sum(Decimal(s["score"]) for s in sheet.sections) == finalised.total


def test_the_score_sheet_pdf_extracts_with_the_right_totals(world, login, finalised, tmp_path):
    response = login(world.a.inspector).get(f"/evaluations/{finalised.pk}/sheet.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    flat = "".join(text.split())
    for heading in ("评估内容", "评估项目", "评估标准", "考核依据", "得分", "备注"):
        assert heading in flat
    assert f"总分：{finalised.total.normalize():f}分" in flat and "满分100分" in flat
    assert world.a.centre.name in flat and "baolin-centre第1版" in flat
    assert "考核人员（签字）" in flat and "中心主任（签字）" in flat
    assert "非正式" not in flat


def test_a_draft_sheet_says_it_is_not_official(world, login, centre_rubric, tmp_path):
    draft = factories.evaluation(world.a, kind="acceptance", version=centre_rubric)
    text = pdf_text(login(world.a.inspector).get(f"/evaluations/{draft.pk}/sheet.pdf").content, tmp_path)
    assert "草稿，非正式评分表" in "".join(text.split())


def test_the_score_sheet_xlsx_has_every_criterion_and_the_total(world, login, finalised):
    response = login(world.a.inspector).get(f"/evaluations/{finalised.pk}/sheet.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == finalised.rubric.title
    header = rows[4]
    assert list(header[:8]) == ["编号", "评估内容", "评估项目", "评估标准", "考核依据", "得分", "满分", "备注"]
    codes = [r[0] for r in rows[5:] if r and r[0]]
    assert codes == [c.code for _, _, c in factories.rubric_of(finalised.rubric).iter_criteria()]
    total = next(r for r in rows if r and r[1] == "总分")
    assert Decimal(str(total[5])) == finalised.total


def test_an_unknown_format_is_not_found(world, login, finalised):
    assert login(world.a.inspector).get(f"/evaluations/{finalised.pk}/sheet.doc").status_code == 404


def test_the_guidance_record_pdf_has_the_form_of_attachment_7(world, login, tmp_path):
    record = factories.guidance(world.a)
    services.rectification_add(actor=world.a.inspector, record=record, problem="窗口标识不统一",
                               measure="统一制作窗口标识牌", owner="张主任", limit_days=10)
    response = login(world.a.director).get(f"/guidance/{record.pk}/record.pdf")
    flat = "".join(pdf_text(response.content, tmp_path).split())
    for label in ("指导“三化”建设记录表", "被指导单位", "指导时间", "单位及职务", "存在的问题", "工作建议", "整改措施",
                  "整改结果"):
        assert label in flat
    assert world.a.centre.name in flat and "统一制作窗口标识牌" in flat and "张主任" in flat
