"""`manage.py export_scores --period P --centre CODE --format json|xlsx|pdf [--output FILE]`.

JSON (stdout by default) lists each staff member of the centre and its stations with ``score``, ``deductions``,
``bonus``, ``grade`` and ``flags``; XLSX and PDF are the same reports as the board's export buttons (a year gives
the annual summary)."""

import json
from pathlib import Path

from django.core.management.base import CommandError
from django.template.loader import render_to_string
from django.utils.translation import gettext

from centers.models import ServiceCentre
from core.commands import QuietCommand
from scoring.common import fmt
from scoring.ledger import PeriodError, parse_period
from staff_scoring import reports


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
        parser.add_argument("--centre", required=True, help="便民服务中心编码")
        parser.add_argument("--format", default="json", choices=["json", "xlsx", "pdf"], dest="fmt")
        parser.add_argument("--output", help="输出文件（xlsx、pdf 默认为 scores-编码-考评期.扩展名；json 默认输出到屏幕）")

    def handle(self, *args, period: str, centre: str, fmt: str, output: str | None, **options):
        try:
            the_period = parse_period(period)
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        obj = ServiceCentre.objects.filter(code=centre).first()
        if obj is None:
            raise CommandError(gettext("找不到编码为「%(centre)s」的便民服务中心") % {"centre": centre})
        board = reports.board(obj, the_period)
        if output and Path(output).is_dir():
            raise CommandError(gettext("输出文件「%(output)s」是目录，请写出文件名，如 %(example)s.%(fmt)s") % {"output": output, "example": Path(output) / "scores", "fmt": fmt})
        if fmt == "json":
            text = json.dumps(score_json(board), ensure_ascii=False, indent=2) + "\n"
            if output:
                _write(output, text.encode("utf-8"))
            else:
                self.stdout.write(text, ending="")
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
