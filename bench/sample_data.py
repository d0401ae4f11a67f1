"""Deterministic sample data for the export benchmarks (Chinese staff tables)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from html import escape

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红梅志海燕立新晓东春玉凤文博子涵欣怡浩然宇轩梓萱一诺思远雨桐俊晨曦嘉婷"
TOWNS = ["城关镇", "河口镇", "石桥镇", "柳林乡", "新集镇", "马坊乡", "东湖街道", "青山镇"]
POSTS = [
    "综合受理窗口",
    "社保医保窗口",
    "民政事务窗口",
    "退役军人服务站",
    "农业农村窗口",
    "不动产登记窗口",
    "帮办代办",
    "后台审批",
]
CATEGORIES = ["在编人员", "聘用人员", "公益性岗位", "派驻人员"]
COLUMNS = ["序号", "姓名", "性别", "所在单位", "岗位", "人员类别", "联系电话", "考核得分", "备注"]
# Column widths for the fixed-layout variant (percent of the table width).
COLUMN_WIDTHS = [6, 9, 6, 22, 16, 12, 14, 9, 6]
# A table row for one page's worth of data: 64 rows fill 2 A4 pages, 330 rows fill 10.
ROWS_2_PAGES = 64
ROWS_10_PAGES = 325


def staff_rows(n: int, seed: int = 7) -> list[list]:
    rnd = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))
        rows.append(
            [
                i,
                name,
                rnd.choice("男女"),
                f"{rnd.choice(TOWNS)}便民服务中心",
                rnd.choice(POSTS),
                rnd.choice(CATEGORIES),
                f"1{rnd.randint(3, 9)}{rnd.randint(0, 999999999):09d}",
                Decimal(rnd.randint(600, 1000)) / 10,
                "",
            ]
        )
    return rows


def staff_table_html(rows: list[list], title: str = "便民服务中心工作人员花名册", fixed: bool = False) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in COLUMNS)
    cols = "".join(f'<col style="width: {w}%">' for w in COLUMN_WIDTHS) if fixed else ""
    body = "\n".join(
        "<tr>"
        + "".join(f"<td{' class=num' if isinstance(v, (int, Decimal)) else ''}>{escape(str(v))}</td>" for v in row)
        + "</tr>"
        for row in rows
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title></head>
<body>
<h1>{escape(title)}</h1>
<p class="meta">制表日期：2026年11月22日　　共 {len(rows)} 人</p>
<table{' class="fixed"' if fixed else ""}>
<colgroup>{cols}</colgroup>
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</body></html>
"""


XLSX_HEADER = [
    "序号",
    "姓名",
    "性别",
    "所在单位",
    "岗位",
    "人员类别",
    "联系电话",
    "入职日期",
    "考核得分",
    "加分",
    "是否党员",
    "备注",
]


def xlsx_rows(n: int, seed: int = 11):
    """n rows × 12 columns (int, text, date, Decimal, bool), generated lazily."""
    rnd = random.Random(seed)
    start = date(2015, 1, 1)
    for i in range(1, n + 1):
        yield [
            i,
            rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN),
            rnd.choice("男女"),
            f"{rnd.choice(TOWNS)}便民服务中心",
            rnd.choice(POSTS),
            rnd.choice(CATEGORIES),
            f"1{rnd.randint(3, 9)}{rnd.randint(0, 999999999):09d}",
            start + timedelta(days=rnd.randint(0, 3650)),
            Decimal(rnd.randint(600, 1000)) / 10,
            Decimal(rnd.randint(0, 500)) / 100,
            rnd.random() < 0.4,
            "",
        ]
