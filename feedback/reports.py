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
from feedback.models import BAD_LEVELS, Channel, FollowUpState, Level, vote_of

HEADERS = [
    "评价编号", "评价时间", "评价渠道", "渠道代码", "事项编码", "事项名称", "办件编号", "区划代码", "便民服务中心",
    "窗口/站点", "被评价人员", "评价等级", "等级代码", "好差评类别", "评价内容", "差评核实状态",
]
WIDTHS = [9, 18, 22, 11, 16, 22, 16, 12, 26, 18, 10, 11, 8, 10, 40, 14]


# The columns read for a row, joins done by the database (no model instances: P4, docs/performance.md).
FIELDS = (
    "pk", "rated_at", "channel", "matter_code", "matter_name", "case_no", "centre__region__code", "centre__name",
    "window_id", "window__number", "window__name", "station__name", "staff__name", "level", "comment",
    "followup__state",
)


def rating_rows(ratings: QuerySet) -> Iterator[list]:
    """The export's rows of ``ratings`` (already scoped and filtered), oldest first, streamed in chunks."""
    channels = dict(Channel.choices)
    levels = {value: str(label) for value, label in Level.choices}
    votes = {value: vote_of(value) for value in levels}
    states = {value: str(label) for value, label in FollowUpState.choices}
    bad = frozenset(BAD_LEVELS)
    zone = timezone.get_current_timezone()
    rows = ratings.order_by("rated_at", "pk").values_list(*FIELDS)
    for (pk, rated_at, channel, matter_code, matter_name, case_no, region_code, centre, window_id, window_number,
         window_name, station, staff, level, comment, state) in rows.iterator(chunk_size=5000):
        yield [
            pk,
            rated_at.astimezone(zone).isoformat(" ", "seconds")[:19],  # "%Y-%m-%d %H:%M:%S", twice as fast
            channels.get(channel, channel),
            channel,
            matter_code,
            matter_name,
            case_no,
            region_code,
            centre,
            f"{window_number}号窗口 {window_name}" if window_id else station,
            staff or "",
            levels.get(level, level),
            level,
            votes.get(level, ""),
            comment,
            states.get(state, "") if state and level in bad else "",
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
        return rating_rows(self.ratings)

    def sheets(self):
        return [Sheet(title="好差评", header=HEADERS, rows=self.rows(), widths=WIDTHS)]


def rating_report(ratings: QuerySet, owner: str = "") -> RatingReport:
    return RatingReport(ratings=ratings, made_on=timezone.localdate(), owner=owner)
