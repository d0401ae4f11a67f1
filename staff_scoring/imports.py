"""Importing events from XLSX (duty logs kept on paper, typed into Excel): the template to fill in, and reading it
back all or nothing (``import_events``: every row checked by ``services.check_event``, each created event audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from centers.models import ServiceCentre, Staff
from core import audit
from core.imports import ImportErrors, read_import_rows
from core.params import parse_id
from core.xlsx import Sheet
from core.xlsx import cell_text as _cell_text
from scoring.common import number_problem
from staff_scoring.models import EventSource, SchemeVersion, StaffEvent
from staff_scoring.reports import post_text
from staff_scoring.schemes import (
    POST_OF,
    first_day,
    points_text,
    published_staff_versions,
    scheme_of,
    version_for_staff,
    version_in_force,
)
from staff_scoring.selectors import board_staff
from staff_scoring.services import MAX_DAYS, MAX_OCCURRENCES, _normalise, _snapshot, check_event

IMPORT_COLUMNS = ["人员编号", "姓名", "日期", "细则编号", "次数", "天数", "级别", "造成不良影响", "分值", "事迹/事项",
                  "对应细则", "情况说明"]
COLUMN_OF = {"staff": "人员编号", "name": "姓名", "date": "日期", "rule": "细则编号", "occurrences": "次数",
             "days": "天数", "level": "级别", "aggravated": "造成不良影响", "points": "分值", "deed": "事迹/事项",
             "refers_to": "对应细则", "note": "情况说明", "__all__": ""}
MAX_IMPORT_ROWS = 5000
# 次数 and 天数 beyond what one record may carry are refused by ``check_event`` with the form's words
# (services.MAX_OCCURRENCES, MAX_DAYS): 第 5 行「次数」列：次数不能超过 31…
MAX_POINTS = Decimal("9999.9")  # StaffEvent.points: max_digits=5, decimal_places=1
_YES = {"是", "y", "yes", "true", "1", "√", "✓"}
_NO = {"否", "n", "no", "false", "0", ""}


def _row_values(row: dict[str, Any], add: Callable[[str, str], None], levels: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {"rule": _cell_text(row.get("细则编号")), "deed": _cell_text(row.get("事迹/事项")),
                              "refers_to": _cell_text(row.get("对应细则")), "note": _cell_text(row.get("情况说明"))}
    raw_date = row.get("日期")
    if isinstance(raw_date, dt.datetime):
        values["date"] = raw_date.date()
    elif isinstance(raw_date, dt.date):
        values["date"] = raw_date
    elif raw_date is None:
        add("date", "不能为空")
    else:
        try:
            values["date"] = dt.date.fromisoformat(_cell_text(raw_date).replace("/", "-").replace(".", "-"))
        except ValueError:
            add("date", f"应为日期（如 2026-10-03），填写的是「{raw_date}」")
    for key, column, integer in (("occurrences", "次数", True), ("days", "天数", False), ("points", "分值", False)):
        raw = row.get(column)
        if raw is None:
            continue
        text = _cell_text(raw)
        try:
            number = Decimal(text) if len(text) <= 40 else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            add(key, f"应为数字，填写的是「{text[:40]}」")
            continue
        if number_problem(number):
            add(key, f"{number_problem(number)}，填写的是「{text[:40]}」")
            continue
        if integer:
            if number != number.to_integral_value() or number < 1:
                add(key, f"应为不小于 1 的整数，填写的是「{raw}」")
                continue
            values[key] = int(number)
        elif key == "days":
            if number != number.quantize(Decimal("0.1"), rounding=ROUND_DOWN):
                add(key, f"应为最多 1 位小数的数字，填写的是「{text}」")
                continue
            values[key] = number
        else:
            if abs(number) > MAX_POINTS or number != number.quantize(Decimal("0.1"), rounding=ROUND_DOWN):
                add(key, f"应为不超过 {MAX_POINTS} 、最多 1 位小数的数字，填写的是「{text}」")
                continue
            values[key] = number
    level = _cell_text(row.get("级别"))
    if level:
        by_label = {label: code for code, label in levels.items()}
        if level in levels or level in by_label:
            values["level"] = level if level in levels else by_label[level]
        else:
            add("level", f"应为{'、'.join(levels.values())}之一，填写的是「{level}」")
    flag = _cell_text(row.get("造成不良影响")).lower()
    if flag in _YES:
        values["aggravated"] = True
    elif flag not in _NO:
        add("aggravated", f"应填“是”或留空，填写的是「{row.get('造成不良影响')}」")
    return values


def import_events(*, file, staff: Iterable[Staff], actor, today: dt.date | None = None) -> list[StaffEvent]:
    """Import events from an XLSX file made from ``template_sheets`` — all or nothing.

    ``staff`` are the people the actor may record for (others are refused by row). Raises ``ImportErrors`` listing
    every problem as "第 5 行「日期」列：…"; nothing is saved then. Each created event is audited.
    """
    people = {p.pk: p for p in staff}
    errors: list[str] = []
    parsed: list[tuple[Staff, SchemeVersion, dict[str, Any]]] = []
    versions: dict[str, SchemeVersion | None] = {}
    published = published_staff_versions()
    rows = read_import_rows(file, max_rows=MAX_IMPORT_ROWS, columns=("人员编号", "日期", "细则编号"))
    for number, row in rows:
        def add(key: str, message: str, number: int = number) -> None:
            column = COLUMN_OF.get(key, key)
            errors.append(f"第 {number} 行" + (f"「{column}」列" if column else "") + f"：{message}")

        raw_id = _cell_text(row.get("人员编号"))
        person = people.get(parse_id(raw_id))  # "²".isdigit() is true and int("²") fails
        if person is None:
            add("staff", f"找不到编号为「{raw_id}」的工作人员（只能导入本中心及所属站点的人员，见模板“人员名单”表）"
                if raw_id else "不能为空")
            continue
        name = _cell_text(row.get("姓名"))
        if name and name != person.name:
            add("name", f"编号 {person.pk} 的工作人员是「{person.name}」，与填写的「{name}」不一致")
            continue
        post = person.post_type
        if post not in versions:
            versions[post] = version_for_staff(person)
        version = versions[post]
        if version is None:
            add("staff", "尚未发布适用于该岗位的计分方案")
            continue
        before = len(errors)
        values = _row_values(row, add, dict(scheme_of(version).levels))
        if len(errors) > before:
            continue
        values = _normalise(values)
        since = first_day(published, post)
        for key, messages in check_event(person, version, values, today=today, since=since).items():
            for message in messages:
                add(key, message)
        if len(errors) == before:
            parsed.append((person, version, values))
    if errors:
        raise ImportErrors(errors)
    created = []
    with transaction.atomic():
        now = timezone.now()
        for person, version, values in parsed:
            event = StaffEvent.objects.create(
                staff=person, scheme_version=version, kind=scheme_of(version).rules[values["rule"]].kind,
                recorded_by=actor if actor is not None and actor.is_authenticated else None, recorded_at=now,
                source=EventSource.IMPORT, **values)
            audit.record(actor=actor, action="导入扣分加分记录", target=event, after=_snapshot(event),
                         summary=str(event))
            created.append(event)
    return created


HELP = [
    ["第一张表“扣分加分记录”：第 1 行是表头，从第 2 行起每行一条记录；不要改动表头，也不要在这张表里留示例行。"],
    ["人员编号：见“人员名单”表（只能填本中心及所属便民服务站的人员）；姓名可不填，填了须与编号一致。"],
    ["日期：如 2026-10-03；不能晚于导入当天，也不能早于本岗位计分方案开始适用的年份。"],
    ["细则编号：见“细则”表，须是该人员岗位适用的方案中的细则（中心窗口人员用附件3，便民服务站人员用附件4）。"],
    [f"次数：默认 1，最多 {MAX_OCCURRENCES}（一行只记一个日期的情况）；按天计的细则（旷工）填“天数”不填次数，半天填 0.5，"
     f"最多 {MAX_DAYS} 天。"],
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
