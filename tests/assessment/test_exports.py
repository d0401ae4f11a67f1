"""The official score sheet (评估内容 / 评估项目 / 评估标准 / 考核依据 / 得分 / 备注) as rows, as PDF and as XLSX; the
guidance record (附件7) as PDF."""

import io
import shutil
import subprocess
from datetime import date
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
    assert world.a.centre.name in flat and f"{finalised.rubric.title}（第{finalised.rubric.version}版）" in flat and "baolin-centre" not in flat
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


# ------------------------------------------------------------------------------------- who signs the sheet


def sign_rows(response) -> list[tuple]:
    """The signature rows at the foot of the XLSX score sheet: (label, printed name)."""
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return [(r[1], r[2] or "") for r in rows if r and isinstance(r[1], str) and r[1].endswith("（签字）：")]


def test_a_self_assessment_finalised_by_the_inspector_prints_each_signer_on_their_own_line(
        world, login, centre_rubric, tmp_path):
    own = factories.evaluation(world.a, kind="self", version=centre_rubric, actor=world.a.director,
                               answers=factories.full_answers(centre_rubric), state="submitted")
    services.evaluation_move(actor=world.a.inspector, evaluation=own, action="finalise")
    response = login(world.a.director).get(f"/evaluations/{own.pk}/sheet.pdf")
    flat = "".join(pdf_text(response.content, tmp_path).split())
    assert f"中心主任（签字）：{world.a.director}＿" in flat
    assert f"考核人员（签字）：{world.a.inspector}＿" in flat
    assert sign_rows(login(world.a.director).get(f"/evaluations/{own.pk}/sheet.xlsx")) == [
        ("考核人员（签字）：", str(world.a.inspector)), ("中心主任（签字）：", str(world.a.director))]


def test_a_self_assessment_the_director_finalised_leaves_the_inspector_line_blank(world, login, centre_rubric):
    own = factories.evaluation(world.a, kind="self", version=centre_rubric, actor=world.a.director,
                               answers=factories.full_answers(centre_rubric), state="finalised")
    assert sign_rows(login(world.a.director).get(f"/evaluations/{own.pk}/sheet.xlsx")) == [
        ("考核人员（签字）：", ""), ("中心主任（签字）：", str(world.a.director))]


def test_an_inspection_names_the_inspector_who_made_it_and_leaves_the_director_to_sign_by_hand(
        world, login, centre_rubric):
    inspection = factories.evaluation(world.a, kind="acceptance", version=centre_rubric, actor=world.a.inspector,
                                      answers=factories.full_answers(centre_rubric), state="submitted")
    services.evaluation_move(actor=world.admin, evaluation=inspection, action="finalise")
    assert sign_rows(login(world.a.inspector).get(f"/evaluations/{inspection.pk}/sheet.xlsx")) == [
        ("考核人员（签字）：", str(world.a.inspector)), ("中心主任（签字）：", "")]


def test_a_draft_inspection_names_the_inspector_who_started_it(world, login, centre_rubric):
    draft = factories.evaluation(world.a, kind="spot", version=centre_rubric, actor=world.a.inspector)
    assert sign_rows(login(world.a.inspector).get(f"/evaluations/{draft.pk}/sheet.xlsx"))[0] == (
        "考核人员（签字）：", str(world.a.inspector))


def test_a_station_sheet_is_signed_by_the_station_head(world, login, station_rubric):
    inspection = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric,
                                      state="finalised", answers=factories.full_answers(station_rubric))
    own = factories.evaluation(world.a, kind="self", subject=world.a.station, version=station_rubric,
                               state="submitted", answers=factories.full_answers(station_rubric))
    client = login(world.a.inspector)
    assert sign_rows(client.get(f"/evaluations/{inspection.pk}/sheet.xlsx")) == [
        ("考核人员（签字）：", str(world.a.inspector)), ("站长（签字）：", "")]
    # the station's self-assessment was filled in by the centre's director: the director signs beside the station head
    assert sign_rows(client.get(f"/evaluations/{own.pk}/sheet.xlsx")) == [
        ("考核人员（签字）：", ""), ("站长（签字）：", ""), ("中心主任（签字）：", str(world.a.director))]


def test_the_xlsx_sheet_writes_the_year_as_a_number_and_the_date_as_a_date(world, login, centre_rubric):
    inspection = factories.evaluation(world.a, kind="acceptance", version=centre_rubric, period=2026,
                                      on=date(2026, 11, 7), answers=factories.full_answers(centre_rubric))
    response = login(world.a.inspector).get(f"/evaluations/{inspection.pk}/sheet.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    meta = next(r for r in ws.iter_rows() if r[0].value == "考核类型")
    assert meta[3].value == 2026 and meta[3].data_type == "n"
    assert meta[5].is_date and meta[5].value.date() == date(2026, 11, 7)
    total = next(r for r in ws.iter_rows() if r[0].value == "总分")
    assert total[1].data_type == "n" and Decimal(str(total[1].value)) == inspection.total
    headings = ws[5]
    assert headings[0].value == "编号" and headings[0].font.b  # the column headings: bold, and frozen above the table
    assert ws.freeze_panes == "A6"


def test_the_pdf_keeps_the_date_on_one_line(world, login, centre_rubric, tmp_path):
    # with this centre's name the header line used to end in "2026年11月" and go on with "7日"
    inspection = factories.evaluation(world.a, kind="unannounced", version=centre_rubric, period=2026,
                                      on=date(2026, 11, 7))
    text = pdf_text(login(world.a.inspector).get(f"/evaluations/{inspection.pk}/sheet.pdf").content, tmp_path)
    line = next(line for line in text.splitlines() if "考核日期" in line)
    assert "考核日期：2026年11月7日" in "".join(line.split())


def test_veto_criteria_say_whether_they_vetoed_instead_of_a_bare_zero(world, login, tmp_path):
    version = factories.published("meishan-window")
    answers = factories.full_answers(version)
    passed = factories.evaluation(world.a, kind="spot", subject=world.a.window, version=version, answers=answers)
    failed = factories.evaluation(world.a, kind="spot", subject=world.a.window, version=version, period=2024,
                                  answers={**answers, "1.8.2": False})
    row = {r.code: r for r in reports.score_sheet(passed).rows}
    assert row["1.8.2"].score == "未触及否决" and row["1.1.1"].score == "4"  # a veto worth points keeps its points
    assert {r.code: r for r in reports.score_sheet(failed).rows}["1.8.2"].score == "否决"
    text = pdf_text(login(world.a.inspector).get(f"/evaluations/{passed.pk}/sheet.pdf").content, tmp_path)
    line = next(line for line in text.splitlines() if "未被省上通报(一票否决)" in line)
    assert line.split()[-1] == "未触及否决"
    # a window is signed by the inspector and the window's head
    assert "窗口负责人（签字）" in text and "中心主任（签字）" not in text


def test_the_score_sheet_carries_the_override_reason_and_the_evidence_count_in_its_remarks(world, login, centre_rubric,
                                                                                            tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft = factories.evaluation(world.a, kind="acceptance", version=centre_rubric)
    code, computed = next(iter(draft.prefilled.items()))
    answers = {**factories.effective(draft, factories.full_answers(centre_rubric)),
               code: (not computed) if isinstance(computed, bool) else computed + 1}
    client = login(world.a.inspector)
    client.post(f"/evaluations/{draft.pk}/edit/", factories.form_for(draft, answers, keep_computed=False,
                                                                       **{f"r:{code}": "现场核实实际已设置"}))
    for name in ("现场照片一.png", "现场照片二.png"):
        client.post(f"/evaluations/{draft.pk}/evidence/",
                    {"code": code, "file": SimpleUploadedFile(name, factories.png_bytes())})
    page = client.get(f"/evaluations/{draft.pk}/").content.decode()
    assert "现场核实实际已设置" in page
    row = {r.code: r for r in reports.score_sheet(draft).rows}[code]
    assert "修改理由：现场核实实际已设置" in row.note and "佐证材料 2 份" in row.note and "系统计算" in row.note
    rows = list(load_workbook(io.BytesIO(client.get(f"/evaluations/{draft.pk}/sheet.xlsx").content))
                .active.iter_rows(values_only=True))
    remark = next(r for r in rows if r and r[0] == code)[7]
    assert "修改理由：现场核实实际已设置" in remark and "佐证材料 2 份" in remark
    flat = "".join(pdf_text(client.get(f"/evaluations/{draft.pk}/sheet.pdf").content, tmp_path).split())
    assert "修改理由：现场核实实际已设置" in flat and "佐证材料2份" in flat


def pdf_pages(content: bytes, tmp_path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    path = tmp_path / "pages.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(page.split()) for page in text.split("\f") if page.strip()]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
def test_a_long_guidance_record_fills_its_first_page_and_breaks_between_rows(world, login, tmp_path):
    record = factories.guidance(world.a)
    record.problems = "\n".join(f"问题{n}：窗口标识不统一，办事指南未公开，叫号系统未与评价器联动。" for n in range(1, 9))
    record.save()
    for n in range(1, 9):
        services.rectification_add(actor=world.a.inspector, record=record, problem=f"第{n}项整改问题" + "现场检查发现" * 12,
                                   measure=f"第{n}项整改措施" + "统一制作窗口标识牌并公开办事指南" * 6,
                                   owner="张主任", limit_days=10)
    response = login(world.a.director).get(f"/guidance/{record.pk}/record.pdf")
    pages = pdf_pages(response.content, tmp_path)
    assert len(pages) >= 2
    assert "第1项整改措施" in pages[0], "the rectification measures start on page 1, not after a blank rest of it"
    assert "第8项整改措施" in "".join(pages) and "整改结果" in "".join(pages)
