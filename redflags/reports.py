"""The monthly 通报 of a centre's windows (rows + context; thin PDF and XLSX formatters).

From the published month when there is one; before publication, from the live ledger and marked 预览 (preview).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from centers.models import ServiceCentre
from core.exports import export_name
from core.xlsx import Sheet
from redflags.models import LastPlaceNotice, MonthPublication
from redflags.selectors import CURRENT, ENDED, FUTURE, month_page, publication_of, published_month_rows


@dataclass(frozen=True)
class ReportRow:
    rank: int
    window: str
    categories: tuple[Decimal | None, ...]  # in the order of ``MonthReport.categories``
    bonus: Decimal
    severe: Decimal
    score: Decimal
    red_flag: bool
    last: bool
    eligible: bool

    @property
    def remark(self) -> str:
        parts = []
        if self.red_flag:
            parts.append("流动红旗")
        if not self.eligible:
            parts.append("取消当月和年度评先资格")
        if self.last:
            parts.append("排名末位")
        return "；".join(parts)


@dataclass
class MonthReport:
    centre: ServiceCentre
    year: int
    month: int
    publication: MonthPublication | None
    categories: list[tuple[str, str, str]]  # (code, title, max)
    rows: list[ReportRow]
    red_flags: int
    notices: list[LastPlaceNotice] = field(default_factory=list)
    made_on: object = None
    status: str = ENDED  # selectors.month_status: a month not over is not ranked

    @property
    def unranked_reason(self) -> str:
        """Why the 通报 names no red flag and no last place (a month not over), or ""."""
        if self.status == FUTURE:
            return gettext("该月尚未开始，暂无排名")
        if self.status == CURRENT:
            return gettext("本月尚未结束，月底后审定发布时评定红旗窗口和排名末位")
        return ""

    @property
    def preview(self) -> bool:
        return self.publication is None

    @property
    def title(self) -> str:
        return f"{self.centre.name}{self.year}年{self.month}月窗口服务考核情况通报"

    @property
    def filename(self) -> str:
        return export_name(self.centre.name, "窗口服务考核通报", f"{self.year}年{self.month}月",
                           "预览" if self.preview else "")

    @property
    def header(self) -> list[str]:
        return (["名次", "窗口"] + [f"{title}（{maximum}）" for _, title, maximum in self.categories]
                + ["附加分（5）", "倒扣分", "总分", "备注"])

    def table(self) -> list[list]:
        return [
            [row.rank, row.window, *row.categories, row.bonus, -row.severe if row.severe else Decimal(0), row.score,
             row.remark]
            for row in self.rows
        ]

    @property
    def red_flag_windows(self) -> list[str]:
        return [row.window for row in self.rows if row.red_flag]

    @property
    def last_windows(self) -> list[str]:
        return [row.window for row in self.rows if row.last]

    def sheets(self) -> list[Sheet]:
        widths = [6, 22] + [10] * len(self.categories) + [10, 8, 8, 26]
        title_row = [self.title + ("（预览，未发布）" if self.preview else "")
                     + (f"（{self.unranked_reason}）" if self.unranked_reason else "")]
        notice_rows = [[f"{n.window}", n.get_level_display(), n.reason] for n in self.notices]
        sheets = [Sheet(title="月度考核", header=[title_row, self.header], rows=self.table(), widths=widths)]
        sheets.append(Sheet(title="末位通报", header=["窗口", "通报类别", "依据"], rows=notice_rows, widths=[22, 20, 60]))
        return sheets

    def context(self) -> dict:
        return {"report": self, "table": self.table()}


def month_report(centre: ServiceCentre, year: int, month: int) -> MonthReport:
    """The month's 通报: published results when published, else a preview from the live ledger (may raise
    ``ledger.NoScheme`` then)."""
    publication = publication_of(centre, year, month)
    made_on = timezone.localdate()
    if publication is not None:
        results = published_month_rows(publication)
        first = results[0].categories if results else []
        categories = [(c["code"], c["title"], _short(c["max"])) for c in first]
        rows = [
            ReportRow(
                rank=r.rank, window=str(r.window),
                categories=tuple(Decimal(c["score"]) for c in r.categories), bonus=r.bonus, severe=r.severe,
                score=r.score, red_flag=r.red_flag, last=r.last, eligible=r.eligible,
            )
            for r in results
        ]
        red_flags = publication.red_flags
        status = ENDED
    else:
        page = month_page(centre, year, month, made_on)
        status = page.status
        first = page.rows[0].ledger.base_categories if page.rows else []
        categories = [(c.code, c.title, _short(c.max)) for c in first]
        rows = [
            ReportRow(
                rank=r.placing.rank, window=str(r.window),
                categories=tuple(c.score for c in r.ledger.base_categories), bonus=r.ledger.bonus,
                severe=r.ledger.severe, score=r.ledger.score, red_flag=r.placing.red_flag, last=r.placing.last,
                eligible=r.ledger.eligible,
            )
            for r in page.rows
        ] if not page.not_started else []  # a month not started has nothing to report: every window at 100
        red_flags = page.policy.monthly_red_flags
    notices = list(LastPlaceNotice.objects.filter(centre=centre, year=year, month=month, status="active")
                   .select_related("window").order_by("window__number"))
    return MonthReport(centre, year, month, publication, categories, rows, red_flags, notices, made_on, status)


def _short(value) -> str:
    return f"{Decimal(str(value)).normalize():f}" if value is not None else ""
