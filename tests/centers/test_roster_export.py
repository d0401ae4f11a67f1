"""The first real exports: a centre's staff roster as PDF (Chinese text, embedded CJK font) and as XLSX."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from centers.models import Staff

pytestmark = pytest.mark.django_db


def embedded_fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            if descriptor and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                names.add(str(target["/BaseFont"]))
    return names


def test_the_roster_pdf_has_the_chinese_names_and_embeds_a_cjk_font(world, login):
    Staff.objects.create(name="王喆", category="临时聘用", centre=world.a.centre, window=world.a.window, party_member=True)
    response = login(world.a.director).get(f"/centres/{world.a.centre.pk}/roster.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert f"{world.a.centre.name}工作人员花名册" in text.replace("\n", "")
    assert "王喆" in text and world.a.window_staff.name in text and "公务员编制" in text
    assert any("NotoSansSC" in name.replace("-", "") for name in embedded_fonts(reader))


def test_the_roster_xlsx_lists_every_staff_member_of_the_centre_and_its_stations(world, login):
    response = login(world.a.inspector).get(f"/centres/{world.a.centre.pk}/roster.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "姓名", "人员类别", "岗位所在")
    names = {row[1] for row in rows[1:]}
    assert names == {world.a.window_staff.name, world.a.station_staff.name}
    station_row = next(row for row in rows[1:] if row[1] == world.a.station_staff.name)
    assert station_row[3] == world.a.station.name and station_row[2] == "村(社区)代办人"


def test_an_unknown_export_format_is_not_found(world, login):
    assert login(world.a.director).get(f"/centres/{world.a.centre.pk}/roster.doc").status_code == 404


def test_another_countys_roster_is_not_found(world, login):
    assert login(world.a.inspector).get(f"/centres/{world.b.centre.pk}/roster.xlsx").status_code == 404
