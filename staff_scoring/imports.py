"""The XLSX template for importing events (duty logs kept on paper, typed into Excel). Reading it: services."""

from __future__ import annotations

from django.utils import timezone

from centers.models import ServiceCentre
from core.xlsx import Sheet
from staff_scoring.reports import post_text
from staff_scoring.schemes import POST_OF, points_text, published_staff_versions, scheme_of, version_in_force
from staff_scoring.selectors import board_staff
from staff_scoring.services import IMPORT_COLUMNS

HELP = [
    ["第一张表“扣分加分记录”：第 1 行是表头，从第 2 行起每行一条记录；不要改动表头，也不要在这张表里留示例行。"],
    ["人员编号：见“人员名单”表（只能填本中心及所属便民服务站的人员）；姓名可不填，填了须与编号一致。"],
    ["日期：如 2026-10-03；不能晚于导入当天。"],
    ["细则编号：见“细则”表，须是该人员岗位适用的方案中的细则（中心窗口人员用附件3，便民服务站人员用附件4）。"],
    ["次数：默认 1；按天计的细则（旷工）填“天数”不填次数，半天填 0.5。"],
    ["级别：按级别计分的细则填写，如 本地、市(州)级、省级、国家级、便民服务中心、县(市、区)级。"],
    ["造成不良影响：填“是”时须在“分值”中填写细则规定范围内的每次扣分。"],
    ["事迹/事项：媒体报道、信息采用必填（同一事迹按最高级别认定一次）；锦旗与表扬信为同一件事时填同一标识。"],
    ["对应细则：回访查实的问题（细则27）填写按哪条细则扣分。"],
    ["导入是“全部成功或全部不导入”：任何一行有错，会列出每个错误的行号和列名，一条也不保存。"],
    ["示例：1024 | 张三 | 2026-10-03 | 1 | 2 |  |  |  |  |  |  | 迟到两次"],
]


def template_sheets(centre: ServiceCentre) -> list[Sheet]:
    people = list(board_staff(centre))
    versions = published_staff_versions()
    today = timezone.localdate()
    in_force = {post: version_in_force(versions, post, today) for post in POST_OF}
    staff_rows, rule_rows = [], []
    for person in people:
        version = in_force.get(person.post_type)
        staff_rows.append([person.pk, person.name, person.category, post_text(person),
                           version.title if version else "（尚无计分方案）"])
    for version in dict.fromkeys(v for v in in_force.values() if v is not None):
        scheme = scheme_of(version)
        for rule in scheme.rules.values():
            rule_rows.append([version.title, rule.code, "扣分" if rule.kind == "deduction" else "加分",
                              scheme.categories[rule.category].title, rule.text, points_text(rule, scheme)])
    return [
        Sheet(title="扣分加分记录", header=IMPORT_COLUMNS, rows=[],
              widths=[10, 10, 12, 10, 6, 6, 12, 12, 8, 16, 10, 30]),
        Sheet(title="人员名单", header=["人员编号", "姓名", "人员类别", "岗位所在", "适用方案"], rows=staff_rows,
              widths=[10, 10, 14, 22, 36]),
        Sheet(title="细则", header=["方案", "细则编号", "类型", "类别", "内容", "分值"], rows=rule_rows,
              widths=[30, 8, 6, 10, 60, 30]),
        Sheet(title="填写说明", header=["说明"], rows=HELP, widths=[120]),
    ]
