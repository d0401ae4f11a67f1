"""The director's board, the period report and the annual summary as report objects: rows + context, formatted as a
page, a PDF or an XLSX. Scores come from ``scoring.score_staff`` (a fixed number of queries)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from django.utils import timezone

from centers.models import ServiceCentre, Staff
from core.exports import export_name
from core.texts import without_decisions
from core.xlsx import Sheet
from scoring.common import SIGNED_XLSX_FORMAT, fmt, signed
from scoring.ledger import Period, parse_period
from staff_scoring import scoring
from staff_scoring.periods import previous
from staff_scoring.schemes import published_staff_versions, scheme_of
from staff_scoring.selectors import board_staff, pending_appeal_counts


def post_text(person: Staff) -> str:
    if person.station_id:
        return person.station.name
    return str(person.window) if person.window_id else "中心"


@dataclass
class BoardRow:
    staff: Staff
    current: scoring.StaffScore
    previous: scoring.StaffScore
    appeals: int = 0

    @property
    def change(self) -> Decimal | None:
        if self.current.score is None or self.previous.score is None:
            return None
        return self.current.score - self.previous.score

    @property
    def post(self) -> str:
        return post_text(self.staff)


@dataclass(kw_only=True)
class CentreReport:
    """What the board and the annual summary share: a centre's staff over a ``span`` (a period's title, 2025年度),
    named the same way on the page, in the PDF and in the file name; ``made_on`` is the day the table was made."""

    centre: ServiceCentre
    made_on: dt.date = field(default_factory=timezone.localdate)
    FILE_WORDS = ""  # the file name's middle part
    HEADERS: ClassVar[list[str]] = []
    POINTS: ClassVar[frozenset[str]] = frozenset()  # the columns of points (scores, deductions, bonuses)
    SIGNED: ClassVar[frozenset[str]] = frozenset()  # the columns of changes in points
    NOWRAP: ClassVar[frozenset[str]] = frozenset()  # short words the PDF never breaks (江雷 / 燕, 不合 / 格)

    def table_rows(self) -> list[list[Any]]:
        raise NotImplementedError

    @property
    def pdf_header(self) -> list[tuple[str, str]]:
        """(header, CSS class) of each column of the PDF table: "nowrap" for names and grades."""
        return [(h, "nowrap" if h in self.NOWRAP else "") for h in self.HEADERS]

    def pdf_rows(self) -> list[list[tuple[str, str]]]:
        """The table as the PDF prints it, each cell as (text, CSS class): every points column in the one points
        format of the pages and exports (``scoring.common.fmt``: "79", "79.5", never "79.0"), a change signed
        ("+6", "−0.5"), counts as integers, "—" where there is no value (no scheme, no period before)."""
        writers = [fmt if h in self.POINTS else signed if h in self.SIGNED else str for h in self.HEADERS]
        classes = [cls for _, cls in self.pdf_header]
        return [[("—" if cell is None else "" if cell == "" else write(cell), cls)
                 for cell, write, cls in zip(row, writers, classes, strict=True)] for row in self.table_rows()]

    @property
    def span(self) -> str:
        raise NotImplementedError

    @property
    def title(self) -> str:
        return f"{self.centre.name}工作人员{self.span}考评结果"

    @property
    def filename(self) -> str:
        return export_name(self.centre.name, self.FILE_WORDS, self.span)


@dataclass(kw_only=True)
class Board(CentreReport):
    """Every staff member of a centre (and its stations) for one period, beside the period before."""

    period: Period
    previous: Period
    rows: list[BoardRow]
    FILE_WORDS = "工作人员考评"

    @property
    def span(self) -> str:
        return self.period.title

    @property
    def appeals_waiting(self) -> int:
        return sum(row.appeals for row in self.rows)

    @property
    def grade_counts(self) -> list[tuple[str, int]]:
        return Counter(row.current.grade or "无" for row in self.rows).most_common()

    HEADERS = ["序号", "姓名", "人员类别", "岗位所在", "扣分", "加分", "得分", "等次", "较上期", "年度标记", "待处理申诉"]
    POINTS = frozenset({"扣分", "加分", "得分"})
    SIGNED = frozenset({"较上期"})
    NOWRAP = frozenset({"姓名", "等次"})

    def table_rows(self) -> list[list[Any]]:
        out = []
        for number, row in enumerate(self.rows, start=1):
            cur = row.current
            out.append([
                number, row.staff.name, row.staff.category, row.post, cur.deductions, cur.bonus, cur.score,
                cur.grade or "", row.change, "、".join(cur.flag_texts), row.appeals or "",
            ])
        return out

    def sheets(self) -> list[Sheet]:
        change = self.HEADERS.index("较上期")
        return [Sheet(title=self.period.title, header=self.HEADERS, rows=self.table_rows(),
                      widths=[6, 10, 14, 20, 8, 8, 8, 10, 8, 24, 10],
                      number_formats=[SIGNED_XLSX_FORMAT if i == change else None for i in range(len(self.HEADERS))])]


def board(centre: ServiceCentre, period: Period | str) -> Board:
    """The board of ``centre`` for ``period``: a fixed number of queries for any number of staff."""
    period = parse_period(period) if isinstance(period, str) else period
    before = previous(period)
    people_qs = board_staff(centre)
    people = list(people_qs)
    versions = published_staff_versions()
    current = scoring.score_staff(people, period, versions=versions)
    earlier = scoring.score_staff(people, before, versions=versions)
    appeals = pending_appeal_counts(people_qs)
    rows = [BoardRow(p, current[p.pk], earlier[p.pk], appeals.get(p.pk, 0)) for p in people]
    return Board(centre=centre, period=period, previous=before, rows=rows)


@dataclass
class AnnualRow:
    staff: Staff
    year: scoring.StaffScore
    quarters: list[scoring.StaffScore]

    @property
    def post(self) -> str:
        return post_text(self.staff)

    @property
    def eligibility(self) -> str:
        """评优资格 in Chinese: 可评优秀 / 已取消（reason） / 未达优秀分数线."""
        if self.year.score is None:
            return "无计分方案"
        if self.year.excellent:
            return "可评优秀"
        blocking = [f for f in self.year.flags if f.blocks_top_grade]
        if blocking:
            return f"已取消（{without_decisions(blocking[0].why)}）"
        return "未达优秀分数线"


@dataclass(kw_only=True)
class AnnualSummary(CentreReport):
    """The year of every staff member of a centre: quarter and year scores, the annual grade, 优秀 eligibility, and
    the grades counted by employment category (附件6 grades by category)."""

    year: int
    rows: list[AnnualRow]
    FILE_WORDS = "工作人员年度考评汇总"

    @property
    def span(self) -> str:
        return f"{self.year}年度"

    @property
    def excellent_count(self) -> int:
        return sum(1 for row in self.rows if row.year.excellent)

    @property
    def by_category(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """[(employment category, [(grade, count) in band order])] for the categories present."""
        groups: dict[str, Counter] = {}
        order: dict[str, list[str]] = {}
        for row in self.rows:
            groups.setdefault(row.staff.category, Counter())[row.year.grade or "无"] += 1
            if row.year.version is not None and row.staff.category not in order:
                bands = scheme_of(row.year.version).bands_for(row.staff.category) or ()
                order[row.staff.category] = [band.label for band in bands]
        result = []
        for category, counts in groups.items():
            labels = order.get(category, []) + [g for g in counts if g not in order.get(category, [])]
            result.append((category, [(label, counts.get(label, 0)) for label in labels]))
        return result

    HEADERS = ["序号", "姓名", "人员类别", "岗位所在", "第一季度", "第二季度", "第三季度", "第四季度", "年度扣分",
               "年度加分", "年度得分", "年度等次", "评优资格", "年度标记"]
    POINTS = frozenset({"第一季度", "第二季度", "第三季度", "第四季度", "年度扣分", "年度加分", "年度得分"})
    NOWRAP = frozenset({"姓名", "年度等次"})

    def table_rows(self) -> list[list[Any]]:
        out = []
        for number, row in enumerate(self.rows, start=1):
            out.append([
                number, row.staff.name, row.staff.category, row.post, *[q.score for q in row.quarters],
                row.year.deductions, row.year.bonus, row.year.score, row.year.grade or "", row.eligibility,
                "、".join(row.year.flag_texts),
            ])
        return out

    def sheets(self) -> list[Sheet]:
        summary = [[category, "、".join(f"{label} {n} 人" for label, n in counts)]
                   for category, counts in self.by_category]
        return [
            Sheet(title=f"{self.year}年度", header=self.HEADERS, rows=self.table_rows(),
                  widths=[6, 10, 14, 20, 9, 9, 9, 9, 9, 9, 9, 10, 30, 24]),
            Sheet(title="等次统计", header=["人员类别", "等次人数"], rows=summary, widths=[16, 60]),
        ]


def annual(centre: ServiceCentre, year: int) -> AnnualSummary:
    people = list(board_staff(centre))
    versions = published_staff_versions()
    events = scoring.year_rows(people, year, versions=versions)  # the year's events, read once for all five
    year_scores = scoring.score_staff(people, str(year), versions=versions, year=events)
    quarters = [scoring.score_staff(people, f"{year}-Q{q}", versions=versions, year=events) for q in range(1, 5)]
    rows = [AnnualRow(p, year_scores[p.pk], [q[p.pk] for q in quarters]) for p in people]
    return AnnualSummary(centre=centre, year=year, rows=rows)
