"""`manage.py export_scores --period P (--centre CODE | --county CODE | --region CODE) --format json|xlsx|pdf
[--output FILE]`.

JSON (stdout by default) lists each staff member of the centre and its stations with ``score``, ``deductions``,
``bonus``, ``grade`` and ``flags``; XLSX and PDF are the same reports as the board's export buttons (a year gives
the annual summary).

``--county`` / ``--region`` (a region code: a county, a city, the province) export every staff member of the region
at once (``staff_scoring.exports``, set-based scores, streamed): JSON ``{"region", "region_name", "level", "period",
"staff": [...]}`` whose staff entries carry the centre's fields (``id``, ``name``, ``category``, ``post``, ``scheme``,
``score``, ``deductions``, ``bonus``, ``grade``, ``grade_note``, ``flags``, ``pending_appeals``, ``problems``) plus
``centre``, ``centre_name`` and ``region_code``; or XLSX, one row per staff member. No PDF for a region."""

import json
from pathlib import Path

from django.core.management.base import CommandError
from django.template.loader import render_to_string
from django.utils.translation import gettext

from centers.models import Region, RegionLevel, ServiceCentre
from core.commands import QuietCommand
from scoring.common import fmt
from scoring.ledger import PeriodError, parse_period
from staff_scoring import exports, reports


def score_json(board: reports.Board) -> dict:
    return {
        "centre": board.centre.code,
        "centre_name": board.centre.name,
        "period": board.period.label,
        "staff": [
            {
                "id": row.staff.pk,
                "name": row.staff.name,
                "category": row.staff.category,
                "post": row.post,
                "scheme": f"{row.current.version.code}@{row.current.version.version}" if row.current.version else None,
                "score": fmt(row.current.score) if row.current.score is not None else None,
                "deductions": fmt(row.current.deductions),
                "bonus": fmt(row.current.bonus),
                "grade": row.current.grade,
                "grade_note": row.current.grade_note,
                "flags": list(row.current.flag_texts),
                "pending_appeals": row.appeals,
                "problems": list(row.current.problems),
            }
            for row in board.rows
        ],
    }


def _write(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        reason = "没有写入权限" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        raise CommandError(gettext("无法写入输出文件「%(path)s」：%(reason)s") % {"path": path, "reason": reason}) from None


class Command(QuietCommand):
    help = "导出一个中心某考评期的工作人员得分：JSON、XLSX 或 PDF。"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2026-10、2026-Q4、2026-H2 或 2026")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--centre", help="便民服务中心编码")
        which.add_argument("--county", help="县（市、区）的区划代码：全县所有工作人员")
        which.add_argument("--region", help="任一级区划代码（省、市、县）：区域内所有工作人员")
        parser.add_argument("--format", default="json", choices=["json", "xlsx", "pdf"], dest="fmt")
        parser.add_argument("--output", help="输出文件（xlsx、pdf 默认为 scores-编码-考评期.扩展名；json 默认输出到屏幕）")

    def handle(self, *args, period: str, centre: str | None, fmt: str, output: str | None, **options):
        try:
            the_period = parse_period(period)
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        if output and Path(output).is_dir():
            raise CommandError(gettext("输出文件「%(output)s」是目录，请写出文件名，如 %(example)s.%(fmt)s")
                               % {"output": output, "example": Path(output) / "scores", "fmt": fmt})
        if centre is None:
            return self.region(options.get("county"), options.get("region"), the_period, fmt, output)
        obj = ServiceCentre.objects.filter(code=centre).first()
        if obj is None:
            raise CommandError(gettext("找不到编码为「%(centre)s」的便民服务中心") % {"centre": centre})
        board = reports.board(obj, the_period)
        if fmt == "json":
            self._json(score_json(board), output)
            return
        report = reports.annual(obj, the_period.year) if the_period.kind == "year" else board
        if fmt == "xlsx":
            from core.xlsx import write_xlsx

            data = write_xlsx(report.sheets())
        else:
            from core.pdf import render_pdf

            template = "staff_scoring/annual_pdf.html" if the_period.kind == "year" else "staff_scoring/board_pdf.html"
            data = render_pdf(render_to_string(template, {"report": report, "centre": obj}))
        path = output or f"{report.filename}.{fmt}"
        _write(path, data)
        self.stdout.write(f"已导出 {path}（{len(board.rows)} 人，{the_period.title}）")

    def _json(self, data: dict, output: str | None) -> None:
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if output:
            _write(output, text.encode("utf-8"))
        else:
            self.stdout.write(text, ending="")

    def region(self, county: str | None, code: str | None, period, fmt: str, output: str | None) -> None:
        region = Region.objects.filter(code=county or code).first()
        if region is None or (county and region.level != RegionLevel.COUNTY):
            raise CommandError(f"找不到区划代码为「{county or code}」的{'县（市、区）' if county else '区划'}")
        if fmt == "pdf":
            raise CommandError("区域导出只支持 json 和 xlsx 格式（PDF 请按中心导出）")
        report = exports.region_scores(region, period)
        if fmt == "json":
            self._json(report.json(), output)
            return
        from core.xlsx import stream_xlsx

        path = output or f"{report.filename}.xlsx"
        try:
            stream_xlsx(report.sheets(), path)
        except OSError as exc:
            reason = "没有写入权限" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
            raise CommandError(f"无法写入输出文件「{path}」：{reason}") from None
        self.stdout.write(f"已导出 {path}（{report.count()} 人，{period.title}）")
