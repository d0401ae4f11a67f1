"""The catalogue workbook: its columns, reading an uploaded file, and checking every cell before anything is saved.

One format for the three kinds of list (a reference catalogue, a centre's stationed list, a station's proxy list):

* sheet 「事项目录」: one row per matter — the nine disclosures and the classification, then the list's own columns
  (reference: 应进必进; centre: 进驻方式, 窗口号; station: 进驻方式; a station's list takes only known matters marked
  可村级代办);
* sheet 「申请材料」 (optional): one row per material, tied to its matter by 事项编码. When the sheet is there it is the
  whole materials list of every matter it names; a matter it does not name keeps its materials.

``parse_catalogue`` returns a plan (``ImportPlan``) or raises ``ImportErrors`` naming each bad cell as
"第 N 行「列名」列：…". ``matters.services.catalogue_import`` applies a plan in one transaction. Rows are added or
updated, never removed (removals are done on the list page, with a reason each).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from centers.models import ServiceCentre
from matters.choices import Category, HandlingType, Level, MaterialForm, Mode
from matters.models import (
    CatalogueEntry,
    Material,
    Matter,
    ReferenceCatalogue,
    ReferenceItem,
    not_proxy_eligible_message,
)

MATTER_SHEET = "事项目录"
MATERIAL_SHEET = "申请材料"
HELP_SHEET = "填写说明"
MAX_ROWS = 3000
MAX_ERRORS = 100

# (model field, header, kind)
MATTER_COLUMNS: list[tuple[str, str, str]] = [
    ("code", "事项编码", "text"),
    ("name", "事项名称", "text"),
    ("area", "所属领域", "text"),
    ("department", "实施主体", "text"),
    ("category", "事项类别", "choice"),
    ("handling_type", "办件类型", "choice"),
    ("level", "行使层级", "choice"),
    ("legal_basis", "设定依据", "text"),
    ("conditions", "受理条件", "text"),
    ("process", "办理流程", "text"),
    ("legal_days", "法定时限（工作日）", "int_or_blank"),
    ("promised_days", "承诺时限（工作日）", "int"),
    ("fee_standard", "收费标准", "text"),
    ("fee_basis", "收费依据", "text"),
    ("result", "办理结果", "text"),
    ("online", "网上可办", "bool"),
    ("proxy_eligible", "可村级代办", "bool"),
]
LIST_COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "reference": [("required", "应进必进", "bool")],
    "centre": [("mode", "进驻方式", "choice"), ("window", "窗口号", "int_or_blank")],
    "station": [("mode", "进驻方式", "choice")],
}
MATERIAL_COLUMNS: list[tuple[str, str, str]] = [
    ("code", "事项编码", "text"),
    ("position", "序号", "int"),
    ("name", "材料名称", "text"),
    ("form", "材料形式", "choice"),
    ("copies", "份数", "int"),
    ("required", "必要材料", "bool"),
    ("note", "要求说明", "text"),
]
CHOICES = {
    "category": Category, "handling_type": HandlingType, "level": Level, "mode": Mode, "form": MaterialForm,
}
HEADER = {name: header for name, header, _ in MATTER_COLUMNS + sum(LIST_COLUMNS.values(), [])}
MATERIAL_HEADER = {name: header for name, header, _ in MATERIAL_COLUMNS}
DISCLOSURES = [name for name, _, _ in MATTER_COLUMNS if name != "code"]


def target_kind(target) -> str:
    if isinstance(target, ReferenceCatalogue):
        return "reference"
    return "centre" if isinstance(target, ServiceCentre) else "station"


def matter_sheet_columns(kind: str) -> list[tuple[str, str, str]]:
    return MATTER_COLUMNS + LIST_COLUMNS[kind]


# --- reading --------------------------------------------------------------------------------------------------------

class ImportErrors(Exception):
    """Every problem found in an uploaded workbook, as Chinese lines naming the row and the column."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class SheetData:
    headers: list[str]
    rows: list[tuple[int, dict[str, Any]]]


def read_workbook(upload) -> dict[str, SheetData]:
    """The sheets of an uploaded .xlsx (header row 1, blank rows skipped). ImportErrors for an unreadable file."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from core.uploads import UploadRefused, check_xlsx
    from core.xlsx import READ_ERRORS

    data = upload.read() if hasattr(upload, "read") else bytes(upload)
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportErrors([gettext("不支持旧版 Excel 97-2003 格式（.xls），请另存为 .xlsx 后重新上传")])
    if not data.startswith(b"PK"):
        raise ImportErrors([gettext("文件不是有效的 Excel 工作簿（.xlsx），请使用本页提供的模板")])
    try:
        check_xlsx(data)
    except UploadRefused as exc:
        raise ImportErrors([str(exc)]) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SyntaxError:  # openpyxl looks through each sheet for its size when it opens the workbook
        raise ImportErrors([gettext("Excel 工作簿已损坏或内容格式不正确（工作表内容不是完整的 XML），"
                            "请用 Excel 或 WPS 打开后另存为 .xlsx 再上传")]) from None
    except (InvalidFileException, *READ_ERRORS):
        raise ImportErrors([gettext("文件不是有效的 Excel 工作簿（.xlsx），请使用本页提供的模板")]) from None
    sheets: dict[str, SheetData] = {}
    try:
        for worksheet in workbook.worksheets:
            if worksheet.title not in (MATTER_SHEET, MATERIAL_SHEET):
                continue
            rows = worksheet.iter_rows(values_only=True)
            header_values = next(rows, ()) or ()
            headers = [str(v).strip() if v is not None else "" for v in header_values]
            found = []
            for number, values in enumerate(rows, start=2):
                if number > MAX_ROWS + 1:
                    raise ImportErrors([gettext("工作表「%(title)s」超过 %(max_rows)s 行，请分批导入") % {"title": worksheet.title, "max_rows": MAX_ROWS}])
                record = {h: values[i] if i < len(values) else None for i, h in enumerate(headers) if h}
                if any(v not in (None, "") and not (isinstance(v, str) and not v.strip()) for v in record.values()):
                    found.append((number, record))
            sheets[worksheet.title] = SheetData(headers=[h for h in headers if h], rows=found)
    except READ_ERRORS:
        raise ImportErrors([gettext("Excel 工作簿已损坏或内容格式不正确，请用 Excel 或 WPS 打开后另存为 .xlsx 再上传")]) from None
    finally:
        workbook.close()
    return sheets


# --- cell values ----------------------------------------------------------------------------------------------------

class CellError(Exception):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError(gettext("应为不小于 0 的整数"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 9:
        value = int(value.strip())  # isdecimal, not isdigit: "²" is a digit that int() refuses
    if not isinstance(value, int) or value < 0 or value > 32767:
        raise CellError(gettext("应为不小于 0 的整数"))
    return value


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value)
    if text in ("是", "√", "Y", "y"):
        return True
    if text in ("否", "×", "N", "n"):
        return False
    raise CellError(gettext("应填“是”或“否”"))


def _choice(name: str, value: Any) -> str:
    text = _text(value)
    choices = CHOICES[name]
    for choice in choices:
        if text in (choice.label, choice.value):
            return choice.value
    raise CellError(gettext("应为以下之一：") + "、".join(c.label for c in choices))


def cell(name: str, kind: str, value: Any) -> Any:
    """The model value of one cell, or CellError with a Chinese message."""
    blank = value is None or (isinstance(value, str) and not value.strip())
    if kind == "text":
        return _text(value)
    if blank and kind == "int_or_blank":
        return None
    if blank:
        raise CellError(gettext("不能为空"))
    if kind in ("int", "int_or_blank"):
        return _int(value)
    if kind == "bool":
        return _bool(value)
    return _choice(name, value)


def export_value(obj, name: str, kind: str) -> Any:
    """What the export writes for one field (the inverse of ``cell``)."""
    value = getattr(obj, name)
    if kind == "choice":
        return getattr(obj, f"get_{name}_display")()
    if kind == "bool":
        return "是" if value else "否"
    return value


# --- the plan -------------------------------------------------------------------------------------------------------

@dataclass
class MaterialRow:
    row: int
    position: int
    name: str
    form: str
    copies: int
    required: bool
    note: str

    def key(self) -> tuple:
        return (self.position, self.name, self.form, self.copies, self.required, self.note)


@dataclass
class PlanRow:
    row: int
    matter: Matter  # unsaved changes applied; pk None for a new matter
    new_matter: bool
    matter_changed: list[str]  # names of the changed disclosure fields
    materials: list[MaterialRow] | None  # None: keep the matter's materials as they are
    materials_changed: bool
    list_values: dict[str, Any]
    existing: CatalogueEntry | ReferenceItem | None


@dataclass
class ImportPlan:
    kind: str
    target: Any
    rows: list[PlanRow] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "new_matters": sum(1 for r in self.rows if r.new_matter),
            "changed_matters": sum(1 for r in self.rows if not r.new_matter and (r.matter_changed or r.materials_changed)),
            "rows": len(self.rows),
        }


def _material_rows(sheet: SheetData | None, codes: set[str], errors: list[str]) -> dict[str, list[MaterialRow]] | None:
    if sheet is None:
        return None
    missing = [header for _, header, _ in MATERIAL_COLUMNS if header not in sheet.headers]
    if missing:
        errors.append(f"工作表「{MATERIAL_SHEET}」缺少列：{'、'.join(missing)}")
        return None
    grouped: dict[str, list[MaterialRow]] = {}
    for number, record in sheet.rows:
        values: dict[str, Any] = {}
        bad = False
        for name, header, kind in MATERIAL_COLUMNS:
            try:
                values[name] = cell(name, kind, record.get(header))
            except CellError as exc:
                errors.append(f"「{MATERIAL_SHEET}」第 {number} 行「{header}」列：{exc}")
                bad = True
        if bad:
            continue
        if not values["code"]:
            errors.append(f"「{MATERIAL_SHEET}」第 {number} 行「事项编码」列：不能为空")
            continue
        if values["code"] not in codes:
            errors.append(f"「{MATERIAL_SHEET}」第 {number} 行「事项编码」列：「{values['code']}」不在「{MATTER_SHEET}」工作表中")
            continue
        material = Material(**{k: v for k, v in values.items() if k != "code"})
        try:
            material.full_clean(exclude=["matter", "sample", "blank_form"])
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                header = MATERIAL_HEADER.get(field_name, "")
                errors.append(f"「{MATERIAL_SHEET}」第 {number} 行{'「' + header + '」列' if header else ''}：{'；'.join(messages)}")
            continue
        grouped.setdefault(values["code"], []).append(MaterialRow(row=number, **{k: v for k, v in values.items() if k != "code"}))
    for code, rows in grouped.items():
        names = {}
        for row in rows:
            if row.name in names:
                errors.append(f"「{MATERIAL_SHEET}」第 {row.row} 行「材料名称」列：事项「{code}」的材料「{row.name}」与第 {names[row.name]} 行重复")
            names.setdefault(row.name, row.row)
    return grouped


def current_materials(matter: Matter) -> list[MaterialRow]:
    return [
        MaterialRow(row=0, position=m.position, name=m.name, form=m.form, copies=m.copies, required=m.required, note=m.note)
        for m in matter.materials.order_by("position", "pk")
    ]


def _plan_matter(kind, number, code, values, present, bad, references, locals_, existing, materials, centre_id,
                 errors) -> PlanRow | None:
    """The matter part of one row: a shared matter (cells must be empty or equal) or a new or updated own matter."""
    where = f"第 {number} 行"
    shared = references.get(code) if kind != "reference" else None
    if shared is not None or (kind == "station" and code in locals_):
        # A matter kept elsewhere (the admin's, or the centre's for a station): cells must be empty or equal.
        matter = shared or locals_[code]
        owner = "参考目录" if shared is not None else "本中心事项"
        for name in DISCLOSURES:
            if name in present and name in values and values[name] != getattr(matter, name):
                errors.append(f"{where}「{HEADER[name]}」列：「{code}」是{owner}的事项，内容不能在此修改，请留空或与{owner}一致")
        rows = (materials or {}).get(code)
        if rows is not None and [r.key() for r in rows] != [r.key() for r in current_materials(matter)]:
            errors.append(f"「{MATERIAL_SHEET}」第 {rows[0].row} 行：「{code}」是{owner}的事项，申请材料不能在此修改，请删去这些行或与{owner}一致")
        if kind == "station" and not matter.proxy_eligible and matter.pk not in existing:
            errors.append(f"{where}「事项编码」列：{not_proxy_eligible_message(matter)}")
            return None
        return PlanRow(row=number, matter=matter, new_matter=False, matter_changed=[], materials=None,
                       materials_changed=False, list_values={}, existing=existing.get(matter.pk))
    if kind == "station":
        errors.append(f"{where}「事项编码」列：找不到编码为「{code}」的参考事项或本中心事项")
        return None
    matter = references.get(code) if kind == "reference" else locals_.get(code)
    new = matter is None
    if new:
        matter = Matter(code=code, centre_id=centre_id)
    before = {name: getattr(matter, name) for name in DISCLOSURES}
    for name in DISCLOSURES:
        if name in values:
            setattr(matter, name, values[name])
    try:
        matter.full_clean(exclude=["search_text", *bad])
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            header = HEADER.get(field_name)
            place = f"「{header}」列" if header else ""
            errors.append(f"{where}{place}：{'；'.join(messages)}")
        return None
    rows = (materials or {}).get(code)
    if materials is not None and rows is None:
        rows = []  # the sheet is there and names no material for this matter: it has none
    materials_changed = rows is not None and (
        new or [r.key() for r in rows] != [r.key() for r in current_materials(matter)]
    )
    return PlanRow(
        row=number, matter=matter, new_matter=new,
        matter_changed=[] if new else [n for n in DISCLOSURES if before[n] != getattr(matter, n)],
        materials=rows, materials_changed=materials_changed, list_values={},
        existing=None if new else existing.get(matter.pk),
    )


def parse_catalogue(upload, target) -> ImportPlan:
    """Read and check an uploaded workbook against ``target`` (a ReferenceCatalogue, a ServiceCentre or a Station).
    Nothing is saved. Raises ImportErrors listing every problem."""
    kind = target_kind(target)
    sheets = read_workbook(upload)
    errors: list[str] = []
    sheet = sheets.get(MATTER_SHEET)
    if sheet is None:
        raise ImportErrors([gettext("找不到工作表「%(matter_sheet)s」，请使用本页提供的模板") % {"matter_sheet": MATTER_SHEET}])
    columns = matter_sheet_columns(kind)
    needed = [h for _, h, _ in columns] if kind == "reference" else ["事项编码", *[h for _, h, _ in LIST_COLUMNS[kind]]]
    missing = [h for h in needed if h not in sheet.headers]
    if missing:
        raise ImportErrors([gettext("工作表「%(matter_sheet)s」缺少列：%(items)s") % {"matter_sheet": MATTER_SHEET, "items": '、'.join(missing)}])
    if not sheet.rows:
        raise ImportErrors([gettext("工作表「%(matter_sheet)s」没有数据行") % {"matter_sheet": MATTER_SHEET}])

    centre_id = None
    windows: dict[int, Any] = {}
    if kind == "centre":
        centre_id = target.pk
        windows = {w.number: w for w in target.windows.all()}
    elif kind == "station":
        centre_id = target.centre_id
    codes = [cell("code", "text", record.get("事项编码")) for _, record in sheet.rows]
    references = {m.code: m for m in Matter.objects.filter(centre__isnull=True, code__in=codes)}
    locals_ = {m.code: m for m in Matter.objects.filter(centre_id=centre_id, code__in=codes)} if centre_id else {}
    if kind == "reference":
        existing = {i.matter_id: i for i in ReferenceItem.objects.filter(catalogue=target)}
    else:
        field_name = "centre" if kind == "centre" else "station"
        existing = {e.matter_id: e for e in CatalogueEntry.objects.filter(**{field_name: target})}

    materials = _material_rows(sheets.get(MATERIAL_SHEET), {c for c in codes if c}, errors)
    plan = ImportPlan(kind=kind, target=target)
    seen: dict[str, int] = {}
    for number, record in sheet.rows:
        where = f"第 {number} 行"
        values: dict[str, Any] = {}
        present: set[str] = set()
        bad: set[str] = set()
        for name, header, column_kind in columns:
            if header not in sheet.headers:
                continue
            raw = record.get(header)
            blank = raw is None or (isinstance(raw, str) and not raw.strip())
            if not blank:
                present.add(name)
            try:
                values[name] = cell(name, column_kind, raw)
            except CellError as exc:
                if blank and kind != "reference" and name in DISCLOSURES:
                    continue  # a short list file may leave a known matter's disclosures empty
                errors.append(f"{where}「{header}」列：{exc}")
                bad.add(name)
        code = values.get("code", "")
        if not code:
            errors.append(f"{where}「事项编码」列：不能为空")
            continue
        if code in seen:
            errors.append(f"{where}「事项编码」列：「{code}」与第 {seen[code]} 行重复")
            continue
        seen[code] = number

        plan_row = _plan_matter(kind, number, code, values, present, bad, references, locals_, existing, materials,
                                centre_id, errors)
        list_values = {}
        for name, header, _ in LIST_COLUMNS[kind]:
            if name not in values:
                continue
            value = values[name]
            if name == "window" and value is not None:
                if value not in windows:
                    errors.append(f"{where}「{header}」列：本中心没有 {value} 号窗口")
                    continue
                value = windows[value]
            list_values[name] = value
        if plan_row is not None and not bad:
            plan_row.list_values = list_values
            plan.rows.append(plan_row)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise ImportErrors(errors[:MAX_ERRORS] + ([f"……错误超过 {MAX_ERRORS} 处，未全部列出"] if len(errors) > MAX_ERRORS else []))
    return plan


__all__ = [
    "HELP_SHEET", "ImportErrors", "ImportPlan", "LIST_COLUMNS", "MATERIAL_COLUMNS", "MATERIAL_SHEET",
    "MATTER_COLUMNS", "MATTER_SHEET", "export_value", "matter_sheet_columns", "parse_catalogue",
]
