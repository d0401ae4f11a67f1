"""Importing trainings and their attendance from XLSX (sign-in sheets kept on paper, typed into Excel), all or
nothing, like the staff events import: the file is bounded before parsing (core.uploads via
``core.xlsx.read_xlsx_rows``), every row is checked and every problem named by row and column; nothing is saved
unless every row is right. One row is one person at one training; rows with the same 日期, 类型, 主题 and 组织者
are one training (a row without 人员编号 records a training with nobody listed yet). A training the centre has
recorded already (by hand or by an earlier sheet) is refused, so a sheet imported twice never deducts twice; two
imports at the same moment meet the database's unique constraint, which answers with the same message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from centers.models import ServiceCentre, Staff
from core.imports import ImportErrors, read_import_rows, written
from core.params import parse_id
from core.xlsx import Sheet
from core.xlsx import cell_text as _text
from trainings import services
from trainings.models import Presence, Training, TrainingKind

COLUMNS = ["日期", "类型", "主题", "组织者", "人员编号", "姓名", "出席情况"]
MAX_ROWS = 3000
KIND_OF = {label: value for value, label in TrainingKind.choices}
PRESENCE_OF = {label: value for value, label in Presence.choices} | {"请假（批准）": Presence.LEAVE_APPROVED,
                                                                     "请假（未批准）": Presence.LEAVE_REFUSED}


def _date(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(_text(raw)[:10].replace("/", "-").replace(".", "-"))
    except ValueError:
        return None


def import_trainings(*, file, centre: ServiceCentre, staff: Iterable[Staff], actor,
                     today: dt.date | None = None) -> list[Training]:
    """Create the trainings of the file for ``centre`` with their attendance; ``staff`` is the centre's roster.
    Raises ``ImportErrors`` listing every problem ("第 5 行「出席情况」列：…"); nothing is saved then."""
    today = today or timezone.localdate()
    people = {p.pk: p for p in staff}
    rows = read_import_rows(file, max_rows=MAX_ROWS, columns=("日期", "类型", "主题", "组织者"))
    errors: list[str] = []
    groups: dict[tuple, dict[int, str]] = {}
    first_row: dict[tuple, int] = {}  # a training's first row, which names it in a refusal

    def already(key: tuple) -> str:
        return gettext("第 %(number)s 行：%(message)s") % {"number": first_row[key],
                                                          "message": services.DuplicateTraining(key).messages[0]}
    for number, row in rows:
        def add(column: str, message: str, number: int = number) -> None:
            errors.append(gettext("第 %(number)s 行「%(column)s」列：%(message)s") % {"number": number, "column": column, "message": message})

        before = len(errors)
        day = _date(row.get("日期"))
        if day is None:
            add("日期", gettext("应为日期（如 2026-03-05），%(written)s") % {"written": written(_text(row.get("日期")))})
        kind = KIND_OF.get(_text(row.get("类型")))
        if kind is None:
            add("类型", gettext("应为%(items)s之一，%(written)s") % {"items": "、".join(KIND_OF), "written": written(_text(row.get("类型")))})
        topic, organiser = _text(row.get("主题")), _text(row.get("组织者"))
        values = {"date": day or dt.date(2000, 1, 1), "kind": kind or TrainingKind.MEETING, "topic": topic,
                  "organiser": organiser}
        for field, messages in services.check_training(values, centre=centre, station=None).items():
            for message in messages:
                add({"topic": "主题", "organiser": "组织者"}.get(field, "日期"), message)
        raw_id = _text(row.get("人员编号"))
        status = _text(row.get("出席情况"))
        person = None
        if raw_id:
            person = people.get(parse_id(raw_id))
            if person is None:
                add("人员编号", gettext("找不到编号为「%(raw_id)s」的工作人员（只能填本中心及所属站点的人员，见模板“人员名单”表）") % {"raw_id": raw_id[:20]})
            elif _text(row.get("姓名")) and _text(row.get("姓名")) != person.name:
                add("姓名", gettext("编号 %(pk)s 的工作人员是「%(name)s」，与填写的「%(text)s」不一致") % {"pk": person.pk, "name": person.name, "text": _text(row.get('姓名'))[:40]})
            if status not in PRESENCE_OF:
                add("出席情况", gettext("应为%(items)s之一，%(written)s") % {"items": "、".join(Presence.labels), "written": written(status)})
            elif day is not None and day > today:
                add("日期", gettext("培训尚未举行，不能登记出席情况"))
        elif status:
            add("人员编号", gettext("填写了出席情况，但没有填写人员编号"))
        if len(errors) > before:
            continue
        first_row.setdefault((day, kind, topic, organiser), number)
        attendance = groups.setdefault((day, kind, topic, organiser), {})
        if person is not None:
            if person.pk in attendance:
                add("人员编号", gettext("%(name)s 在同一培训中重复出现") % {"name": person.name})
                continue
            attendance[person.pk] = PRESENCE_OF[status]
    # A training already recorded (the same sheet again, or recorded by hand) is refused with the rest: importing
    # it again would propose every deduction twice. Its attendance is changed on its page.
    twice = services.recorded(centre, first_row)
    errors += [already(key) for key in first_row if key in twice]
    if errors:
        raise ImportErrors(errors)
    created = []
    with transaction.atomic():
        for (day, kind, topic, organiser), presence in groups.items():
            try:
                training = services.create_training(centre=centre, date=day, kind=kind, topic=topic,
                                                    organiser=organiser, actor=actor)
            except services.DuplicateTraining as exc:  # another import recorded it since the check: roll back all
                raise ImportErrors([already(exc.key)]) from None
            if presence:
                training = services.save_attendance(training, presence=presence, revision=training.revision,
                                                    actor=actor, today=today)
            created.append(training)
    return created


HELP = [
    ["第一张表“培训与会议”：第 1 行是表头，从第 2 行起每行是一位人员参加一次培训或会议的情况。"],
    ["日期、类型、主题、组织者都相同的行属于同一次培训或会议；只登记培训、暂不登记人员时，人员编号和出席情况留空。"],
    ["已登记的培训或会议（日期、类型、主题、组织者都相同）不能再导入一次：请在该培训的页面上修改出席情况。"],
    [f"类型：{'、'.join(KIND_OF)}。"],
    [f"出席情况：{'、'.join(Presence.labels)}。迟到、早退、请假(未批准)、缺席会生成扣分建议，由中心主任确认或不予扣分。"],
    ["人员编号：见“人员名单”表；姓名可不填，填了须与编号一致。"],
    ["导入是“全部成功或全部不导入”：任何一行有错，会列出每个错误的行号和列名，一条也不保存。"],
]


def template_sheets(roster: Iterable[Staff]) -> list[Sheet]:
    return [
        Sheet(title="培训与会议", header=COLUMNS, rows=[], widths=[12, 10, 30, 16, 10, 10, 12]),
        Sheet(title="人员名单", header=["人员编号", "姓名", "岗位所在"],
              rows=[[p.pk, p.name, p.station.name if p.station_id else "便民服务中心"] for p in roster],
              widths=[10, 10, 30]),
        Sheet(title="填写说明", header=["说明"], rows=HELP, widths=[120]),
    ]
