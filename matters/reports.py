"""Exports of the matter catalogues: the catalogue workbook (the same format the import reads), its blank template,
and the change log. Each is rows + context; ``core.exports`` formats them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from centers.models import ServiceCentre
from core.exports import export_name, zh_date
from core.xlsx import Sheet
from matters.choices import Category, HandlingType, Level, MaterialForm, Mode
from matters.imports import (
    HELP_SHEET,
    LIST_COLUMNS,
    MATERIAL_COLUMNS,
    MATERIAL_SHEET,
    MATTER_COLUMNS,
    MATTER_SHEET,
    matter_sheet_columns,
    target_kind,
)
from matters.models import CatalogueChange, CatalogueEntry, Material, Matter, ReferenceCatalogue, ReferenceItem

MATTER_WIDTHS = [16, 24, 12, 18, 10, 10, 12, 40, 40, 40, 10, 10, 14, 24, 20, 8, 8, 10, 8]
MATERIAL_WIDTHS = [16, 6, 36, 12, 6, 8, 30]


def _listed(target) -> QuerySet:
    """The catalogue's rows (reference items or list entries) in the list's order."""
    if isinstance(target, ReferenceCatalogue):
        return ReferenceItem.objects.filter(catalogue=target).order_by("position", "pk")
    field_name = "centre" if isinstance(target, ServiceCentre) else "station"
    return CatalogueEntry.objects.filter(**{field_name: target}).order_by("position", "pk")


def _cell(model, name: str, kind: str):
    """How one exported value is written (as ``export_value`` writes it from an instance)."""
    if kind == "choice":
        labels = {value: str(label) for value, label in model._meta.get_field(name).choices}
        return lambda value: labels.get(value, value)
    if kind == "bool":
        return lambda value: "是" if value else "否"
    return None


def _values(listed: QuerySet, fields: list[tuple], chunk: int = 2000) -> Iterator[list]:
    """One ``values_list`` over ``fields`` (lookup, model, name, kind), joins in SQL, each value written as the
    instance path writes it; no model instances."""
    cells = [_cell(model, name, kind) for _, model, name, kind in fields]
    for values in listed.values_list(*[lookup for lookup, *_ in fields]).iterator(chunk_size=chunk):
        yield [value if cell is None else cell(value) for cell, value in zip(cells, values, strict=True)]


def _matter_fields(kind: str) -> list[tuple]:
    listing = ReferenceItem if kind == "reference" else CatalogueEntry
    return [(f"matter__{name}", Matter, name, k) for name, _, k in MATTER_COLUMNS] + [
        ("window__number" if name == "window" else name, listing, name, k) for name, _, k in LIST_COLUMNS[kind]
    ]


def _material_fields() -> list[tuple]:
    return [("matter__code", Matter, "code", "text")] + [
        (f"matter__materials__{name}", Material, name, k) for name, _, k in MATERIAL_COLUMNS[1:]
    ]


@dataclass
class CatalogueWorkbook:
    target: object
    made_on: date

    @property
    def kind(self) -> str:
        return target_kind(self.target)

    @property
    def filename(self) -> str:
        return export_name(getattr(self.target, "name", str(self.target)), "事项目录", zh_date(self.made_on))

    def count(self) -> int:
        """How many matters the workbook lists (a background job's total)."""
        return _listed(self.target).count()

    def sheets(self, progress=None) -> list[Sheet]:
        """The matters sheet and the materials sheet, each read with one ``values_list`` (issue #15 P4)."""
        columns = matter_sheet_columns(self.kind)
        listed = _listed(self.target)
        matter_rows = _values(listed, _matter_fields(self.kind))
        materials = listed.filter(matter__materials__isnull=False).order_by(
            "position", "pk", "matter__materials__position", "matter__materials__pk")
        return [
            Sheet(title=MATTER_SHEET, header=[h for _, h, _ in columns],
                  rows=progress.each(matter_rows) if progress is not None else matter_rows, widths=MATTER_WIDTHS),
            Sheet(title=MATERIAL_SHEET, header=[h for _, h, _ in MATERIAL_COLUMNS], rows=_values(materials, _material_fields()),
                  widths=MATERIAL_WIDTHS),
        ]


def catalogue_workbook(target) -> CatalogueWorkbook:
    return CatalogueWorkbook(target=target, made_on=timezone.localdate())


def _labels(choices) -> str:
    return "、".join(c.label for c in choices)


EXAMPLE_MATTER = [
    "LOCAL-0001", "农村宅基地使用审批（示例）", "土地流转", "XX镇人民政府", "行政权力", "承诺件", "乡镇（街道）级",
    "《中华人民共和国土地管理法》第六十二条", "本集体经济组织成员，符合“一户一宅”和村庄规划",
    "申请\n村级审查\n镇级审批\n发放批准书", 20, 15, "不收费", "", "《农村宅基地批准书》", "否", "是",
]
EXAMPLE_LIST = {"reference": ["是"], "centre": ["授权办理", 1], "station": ["帮办代办"]}
EXAMPLE_MATERIALS = [
    ["LOCAL-0001", 1, "农村宅基地和建房（规划许可）申请表", "原件", 1, "是", "可在窗口领取空白表格"],
    ["LOCAL-0001", 2, "居民身份证", "复印件", 1, "是", ""],
]


def template_sheets(kind: str) -> list[Sheet]:
    columns = matter_sheet_columns(kind)
    help_rows = [
        ["事项编码", "必填。参考目录事项用其编码；本中心事项自编，不能与参考目录编码重复。"],
        ["事项类别", _labels(Category)],
        ["办件类型", _labels(HandlingType) + "。即办件的承诺时限填 0。"],
        ["行使层级", _labels(Level)],
        ["法定时限（工作日）", "法律法规未规定的留空；承诺时限不能超过法定时限。"],
        ["网上可办、可村级代办、应进必进、必要材料", "填“是”或“否”。"],
        ["办理流程", "每个步骤一行（单元格内换行：Alt+Enter）。"],
        ["材料形式", _labels(MaterialForm)],
    ]
    if kind != "reference":
        help_rows += [
            ["进驻方式", _labels(Mode)],
            ["参考目录事项", "只需填事项编码和本目录的列；其余列留空或与参考目录一致（内容由管理员维护）。"],
        ]
    if kind == "centre":
        help_rows.append(["窗口号", "本中心已设立的窗口号，可留空。"])
    if kind == "station":
        help_rows.append(["代办事项", "只能列入已有的参考目录事项或本中心事项，且须标注“可村级代办”。"])
    help_rows += [
        ["导入规则", "全部校验通过才保存，任何一处错误都不会改动数据；只新增或更新，不删除（移除请在目录页面操作）。"],
        ["申请材料", "有此工作表时，它列出的即为相关事项的全部材料；“事项目录”中有而这里没有列出材料的事项视为无材料。"],
    ]
    return [
        Sheet(title=MATTER_SHEET, header=[h for _, h, _ in columns], rows=[EXAMPLE_MATTER + EXAMPLE_LIST[kind]],
              widths=MATTER_WIDTHS),
        Sheet(title=MATERIAL_SHEET, header=[h for _, h, _ in MATERIAL_COLUMNS], rows=EXAMPLE_MATERIALS,
              widths=MATERIAL_WIDTHS),
        Sheet(title=HELP_SHEET, header=["列", "填写要求"], rows=help_rows, widths=[28, 90]),
    ]


CHANGE_HEADERS = ["调整日期", "目录", "操作", "中心/站/参考目录", "事项", "调整内容", "调整理由", "调整人", "记录时间"]


@dataclass
class ChangeLogReport:
    title: str
    changes: list[CatalogueChange]
    made_on: date
    slug: str

    @property
    def filename(self) -> str:
        return export_name(self.title, zh_date(self.made_on))

    def rows(self):
        for change in self.changes:
            yield [
                change.on, change.get_list_kind_display(), change.get_action_display(), change.owner_name,
                change.matter_name, change.summary, change.reason, str(change.actor) if change.actor_id else "",
                timezone.localtime(change.at),
            ]

    def sheets(self) -> list[Sheet]:
        return [Sheet(title="动态调整记录", header=CHANGE_HEADERS, rows=self.rows(), widths=[12, 14, 8, 28, 24, 50, 40, 12, 18])]


def change_log_report(title: str, changes, slug: str) -> ChangeLogReport:
    return ChangeLogReport(title=title, changes=list(changes), made_on=timezone.localdate(), slug=slug)
