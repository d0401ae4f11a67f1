"""core.xlsx: streaming export with typed cells, and the import reader. Needs no Django."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.xlsx import Sheet, XlsxError, read_xlsx_rows, stream_xlsx, write_xlsx

HEADER = ["序号", "姓名", "单位", "得分", "加分", "日期", "时间", "党员", "备注"]
ROWS = [
    [
        1,
        "张喆",
        "城关镇便民服务中心",
        Decimal("12.5"),
        Decimal("3.25"),
        date(2026, 3, 1),
        datetime(2026, 3, 1, 8, 30),
        True,
        None,
    ],
    [
        2,
        "李堃",
        "河口镇便民服务中心",
        Decimal("7"),
        Decimal("0.10"),
        date(2026, 12, 31),
        time(17, 45),
        False,
        "=SUM(A1:A2)",
    ],
    [3, "王\x07伟", "东湖街道便民服务中心", 88.5, Decimal("-1.5"), None, None, None, "  留空格  "],
]


@pytest.fixture
def workbook():
    data = write_xlsx([Sheet(title="花名册", header=HEADER, rows=iter(ROWS), widths=[6, 10, 24, 8, 8, 12, 16, 6, 12])])
    assert data[:2] == b"PK"
    return load_workbook(io.BytesIO(data))


def test_values_and_types_round_trip(workbook):
    ws = workbook["花名册"]
    assert [c.value for c in ws[1]] == HEADER
    assert ws.max_row == 4

    name, unit, score, bonus = ws["B2"], ws["C2"], ws["D2"], ws["E2"]
    assert (name.value, unit.value) == ("张喆", "城关镇便民服务中心")
    assert name.data_type == "s"
    # Decimal → a number, formatted with its own precision
    assert score.data_type == "n" and isinstance(score.value, float) and score.value == 12.5
    assert score.number_format == "0.0"
    assert bonus.value == 3.25 and bonus.number_format == "0.00"
    assert ws["D3"].value == 7 and ws["D3"].number_format == "0"
    assert ws["E3"].value == pytest.approx(0.1) and ws["E3"].number_format == "0.00"
    assert ws["E4"].value == -1.5 and ws["E4"].number_format == "0.0"
    assert ws["D4"].value == 88.5
    assert ws["A2"].value == 1 and isinstance(ws["A2"].value, int)

    # dates as dates
    assert ws["F2"].is_date and ws["F2"].value == datetime(2026, 3, 1)
    assert ws["F2"].number_format == "yyyy-mm-dd"
    assert ws["G2"].is_date and ws["G2"].value == datetime(2026, 3, 1, 8, 30)
    assert ws["G2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["G3"].value == time(17, 45)

    assert ws["H2"].value is True and ws["H3"].value is False
    assert ws["I2"].value is None and ws["F4"].value is None


def test_text_is_never_a_formula_and_control_characters_are_dropped(workbook):
    ws = workbook["花名册"]
    assert ws["I3"].value == "=SUM(A1:A2)" and ws["I3"].data_type == "s"
    assert ws["B4"].value == "王伟"
    assert ws["I4"].value == "  留空格  "


def test_layout_header_widths_and_frozen_header(workbook):
    ws = workbook["花名册"]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.b
    assert ws.column_dimensions["C"].width == 24


def test_several_sheets_multi_row_header_and_title_cleanup():
    data = write_xlsx(
        [
            Sheet("考核/汇总", header=[["2026年第一季度", None], ["中心", "得分"]], rows=[["城关镇", Decimal("95.5")]]),
            Sheet("考核/汇总", header=["中心"], rows=[]),
            Sheet(
                "一个非常非常非常非常非常非常非常非常非常非常长的工作表名称超过三十一个字符", header=["a"], rows=[[1]]
            ),
        ]
    )
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames[:2] == ["考核_汇总", "考核_汇总 (2)"]
    assert len(wb.sheetnames[2]) == 31
    ws = wb.worksheets[0]
    assert ws["A1"].value == "2026年第一季度" and ws["A2"].value == "中心"
    assert ws.freeze_panes == "A3"
    assert ws["B3"].value == 95.5 and ws["B3"].number_format == "0.0"
    # default widths from the header labels (CJK characters count double)
    assert ws.column_dimensions["A"].width == 8


def test_a_preamble_keeps_its_numbers_and_dates_above_the_styled_frozen_header():
    data = write_xlsx([Sheet("评分表", preamble=[["宝林镇评分表"], ["考核年度", 2026, "考核日期", date(2026, 11, 7)]],
                             header=["编号", "得分"], rows=[["1.1.1", Decimal("2")]])])
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["B2"].value == 2026 and ws["B2"].data_type == "n" and not ws["A2"].font.b
    assert ws["D2"].is_date
    assert ws["A3"].value == "编号" and ws["A3"].font.b
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert ws["B4"].value == 2


def test_rows_are_streamed_not_kept_in_memory(tmp_path):
    consumed = 0

    def rows(n):
        nonlocal consumed
        for i in range(n):
            consumed += 1
            yield [i, f"便民服务中心{i}", Decimal(i) / 10, date(2026, 1, 1)]

    def peak(n):
        tracemalloc.start()
        try:
            stream_xlsx([Sheet("数据", ["序号", "单位", "得分", "日期"], rows(n))], tmp_path / f"{n}.xlsx")
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(300), peak(6_000)
    assert consumed == 6_300
    # 20x the rows, about the same peak of Python memory (a normal workbook grows linearly)
    assert large < small * 2 + 1_000_000, (small, large)
    ws = load_workbook(tmp_path / "6000.xlsx", read_only=True).worksheets[0]
    assert sum(1 for _ in ws.iter_rows(values_only=True)) == 6_001


# ------------------------------------------------------------------------------- reading


def test_read_rows_round_trip():
    data = write_xlsx(
        [
            Sheet(
                "导入",
                header=[" 姓名 ", "单位", "得分", "", "日期"],
                rows=[
                    ["张喆", "城关镇便民服务中心", Decimal("12.5"), "忽略（无表头）", date(2026, 5, 4)],
                    [None, "", None, None, None],  # blank row: skipped
                    ["  李堃 ", None, 7, None, None],
                ],
            )
        ]
    )
    rows = list(read_xlsx_rows(io.BytesIO(data)))
    assert rows == [
        (2, {"姓名": "张喆", "单位": "城关镇便民服务中心", "得分": 12.5, "日期": datetime(2026, 5, 4)}),
        (4, {"姓名": "李堃", "单位": None, "得分": 7, "日期": None}),
    ]
    # bytes and paths work too
    assert list(read_xlsx_rows(data)) == rows


def test_read_rows_from_a_path_and_an_uploaded_file(tmp_path):
    path = tmp_path / "人员.xlsx"
    stream_xlsx([Sheet("a", ["姓名"], [["张三"]]), Sheet("b", ["单位"], [["河口镇"]])], path)
    assert list(read_xlsx_rows(path)) == [(2, {"姓名": "张三"})]
    assert list(read_xlsx_rows(str(path), sheet="b")) == [(2, {"单位": "河口镇"})]
    assert list(read_xlsx_rows(path, sheet=1)) == [(2, {"单位": "河口镇"})]

    class Upload(io.BytesIO):  # like django's UploadedFile: a file object, maybe already read
        name = "人员.xlsx"

    upload = Upload(path.read_bytes())
    upload.read()
    assert list(read_xlsx_rows(upload)) == [(2, {"姓名": "张三"})]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\xe5\xa7\x93\xe5\x90\x8d,\xe5\x8d\x95\xe4\xbd\x8d\n", "文件不是有效的 Excel 工作簿"),  # a CSV
        (b"%PDF-1.7 not a workbook", "文件不是有效的 Excel 工作簿"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "不支持旧版 Excel 97-2003 格式（.xls）"),  # Excel 97-2003
        (b"", "文件不是有效的 Excel 工作簿"),
    ],
)
def test_non_xlsx_upload_raises_chinese_error(content, needle):
    with pytest.raises(XlsxError) as info:
        list(read_xlsx_rows(io.BytesIO(content)))
    message = str(info.value)
    assert needle in message and "另存为 .xlsx 格式后重新上传" in message


def test_zip_that_is_not_a_workbook_raises_chinese_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("readme.txt", "不是工作簿")
    with pytest.raises(XlsxError, match="Excel"):
        list(read_xlsx_rows(buffer.getvalue()))


def test_header_problems_raise_chinese_errors():
    duplicate = write_xlsx([Sheet("a", ["姓名", "姓名"], [["张三", "李四"]])])
    with pytest.raises(XlsxError, match="表头“姓名”重复"):
        list(read_xlsx_rows(duplicate))
    empty = write_xlsx([Sheet("a", [], [])])
    with pytest.raises(XlsxError, match="表头"):
        list(read_xlsx_rows(empty))
    with pytest.raises(XlsxError, match="找不到工作表"):
        list(read_xlsx_rows(duplicate, sheet="不存在"))
