"""Exports of the feedback app that may be large, as background jobs (jobs/): the ratings and complaints lists'
Excel files.

The page and the job read the same rows: ``filtered_ratings`` / ``filtered_complaints`` are the lists' filters over
the user's scoped querysets, replayed in the worker from the query string the export was started with. Rows come
from one ``values_list`` each, joins in SQL (no model instances)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from core.exports import export_name, zh_date
from core.xlsx import Sheet, stream_xlsx
from feedback import selectors
from feedback.filters import ComplaintFilter, RatingFilter
from feedback.models import ComplaintCategory, ComplaintMode, ComplaintSource, ComplaintState, Finding
from feedback.reports import rating_report
from jobs.replay import ReplayedRequest

RATINGS = "feedback.ratings"
COMPLAINTS = "feedback.complaints"


def filtered_ratings(request) -> RatingFilter:
    """The ratings list's filter (a centre chosen by typed search, level, channel, dates, sort)."""
    return RatingFilter(request, selectors.ratings_for(request.user))


def owner_name(ratings: RatingFilter, user) -> str:
    """Whose ratings: the centre filtered on, or the user's centre or county."""
    owner = ratings.chosen_centre or user.centre or (user.staff.centre if user.staff_id else None) or user.region
    return str(owner) if owner else ""


def make_ratings(params: dict, user, progress, out) -> str:
    ratings = filtered_ratings(ReplayedRequest(user, params.get("query", "")))
    report = rating_report(ratings.qs, owner=owner_name(ratings, user))
    progress.start(ratings.qs.count())
    sheets = report.sheets()
    for sheet in sheets:
        sheet.rows = progress.each(sheet.rows)
    stream_xlsx(sheets, out)
    return report.filename + ".xlsx"


# ------------------------------------------------------------------------------------------------- complaints

COMPLAINT_HEADERS = ["投诉编号", "回执编号", "受理日期", "区划代码", "便民服务中心", "被投诉窗口", "被投诉人员", "投诉方式",
                     "投诉来源", "投诉类别", "涉及事项", "投诉内容", "状态", "调查结论", "核实日期", "答复日期"]
COMPLAINT_WIDTHS = [9, 14, 12, 12, 26, 18, 10, 10, 10, 16, 20, 40, 12, 12, 12, 12]
COMPLAINT_FIELDS = ("pk", "receipt_no", "received_on", "centre__region__code", "centre__name", "window_id",
                    "window__number", "window__name", "staff__name", "mode", "source", "category", "matter_name",
                    "summary", "state", "finding", "found_on", "replied_on")


def filtered_complaints(request) -> ComplaintFilter:
    """The complaints list's filter (a state, 未办结 or 已超期, the deadlines worked out in SQL): the list and its
    export read the same rows."""
    return ComplaintFilter(request, selectors.complaints_for(request.user))


def complaint_rows(complaints: QuerySet) -> Iterator[list]:
    """The export's rows; no complainant's name or phone (their identity is kept confidential)."""
    labels = {field: dict(choices) for field, choices in (
        ("mode", ComplaintMode.choices), ("source", ComplaintSource.choices), ("category", ComplaintCategory.choices),
        ("state", ComplaintState.choices), ("finding", Finding.choices))}
    modes, sources, categories, states, findings = (labels[k] for k in ("mode", "source", "category", "state",
                                                                          "finding"))
    rows = complaints.order_by("received_on", "pk").values_list(*COMPLAINT_FIELDS)
    for (pk, receipt, received, region_code, centre, window_id, window_number, window_name, staff, mode, source,
         category, matter, summary, state, finding, found_on, replied_on) in rows.iterator(chunk_size=5000):
        yield [pk, receipt or "", received, region_code, centre,
               f"{window_number}号窗口 {window_name}" if window_id else "", staff or "", modes.get(mode, mode),
               sources.get(source, source), categories.get(category, category), matter, summary,
               states.get(state, state), findings.get(finding, finding or ""), found_on, replied_on]


def complaint_sheets(complaints: QuerySet, rows=None) -> list[Sheet]:
    return [Sheet(title="投诉", header=COMPLAINT_HEADERS, rows=complaint_rows(complaints) if rows is None else rows,
                  widths=COMPLAINT_WIDTHS)]


def complaints_name(user) -> str:
    owner = user.centre or user.region
    return export_name(str(owner) if owner else "", "投诉记录", zh_date(timezone.localdate()))


def make_complaints(params: dict, user, progress, out) -> str:
    complaints = filtered_complaints(ReplayedRequest(user, params.get("query", ""))).qs
    progress.start(complaints.count())
    stream_xlsx(complaint_sheets(complaints, progress.each(complaint_rows(complaints))), out)
    return complaints_name(user) + ".xlsx"


def register() -> None:
    from jobs import registry

    registry.register(RATINGS, make_ratings, ext="xlsx")
    registry.register(COMPLAINTS, make_complaints, ext="xlsx")
