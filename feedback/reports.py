"""The ratings export (XLSX) with the fields a province 好差评 platform asks for: channel, matter code, window,
staff rated, level, time. Rows are produced here; ``core.xlsx`` formats them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from core.exports import export_name, zh_date
from core.xlsx import Sheet
from feedback.models import Rating, vote_of

HEADERS = [
    "评价编号", "评价时间", "评价渠道", "渠道代码", "事项编码", "事项名称", "办件编号", "区划代码", "便民服务中心",
    "窗口/站点", "被评价人员", "评价等级", "等级代码", "好差评类别", "评价内容", "差评核实状态",
]
WIDTHS = [9, 18, 22, 11, 16, 22, 16, 12, 26, 18, 10, 11, 8, 10, 40, 14]


def rating_row(rating: Rating) -> list:
    followup = getattr(rating, "followup", None) if rating.is_bad else None
    return [
        rating.pk,
        timezone.localtime(rating.rated_at).strftime("%Y-%m-%d %H:%M:%S"),
        rating.get_channel_display(),
        rating.channel,
        rating.matter_code,
        rating.matter_name,
        rating.case_no,
        rating.centre.region.code,
        rating.centre.name,
        str(rating.window) if rating.window_id else rating.station.name,
        rating.staff.name if rating.staff_id else "",
        rating.get_level_display(),
        rating.level,
        vote_of(rating.level),
        rating.comment,
        followup.get_state_display() if followup else "",
    ]


@dataclass
class RatingReport:
    ratings: QuerySet
    made_on: date
    owner: str = ""  # whose ratings: the centre filtered on, or the user's centre or county

    @property
    def filename(self) -> str:
        return export_name(self.owner, "好差评记录", zh_date(self.made_on))

    def rows(self) -> Iterator[list]:
        queryset = self.ratings.select_related(
            "centre", "centre__region", "window", "station", "staff", "followup"
        ).order_by("rated_at", "pk")
        for rating in queryset.iterator(chunk_size=2000):
            yield rating_row(rating)

    def sheets(self):
        return [Sheet(title="好差评", header=HEADERS, rows=self.rows(), widths=WIDTHS)]


def rating_report(ratings: QuerySet, owner: str = "") -> RatingReport:
    return RatingReport(ratings=ratings, made_on=timezone.localdate(), owner=owner)
