"""`manage.py score_ledger SCHEME EVENTS.json --period P [--format json|text]` — a thin wrapper over the pure
``scoring.ledger.run_score_ledger`` (docs/schemes.md §8): its output and exit code are passed through unchanged."""

import sys
from pathlib import Path

from django.conf import settings

from core.commands import QuietCommand
from scoring.ledger import run_score_ledger


class Command(QuietCommand):
    help = "按计分方案计算一个考评期的得分（事件来自 JSON 文件），输出 JSON 或中文文本。"
    requires_system_checks = []  # a pure computation: no database, no URLs

    def add_arguments(self, parser):
        parser.add_argument("scheme", help="方案文件路径，或 fixtures/schemes/ 中方案的 code")
        parser.add_argument("events", help="事件 JSON 文件")
        parser.add_argument("--period", required=True, help="2026-10（月）、2026-Q4、2026-H2 或 2026")
        parser.add_argument("--format", default="json", dest="fmt", help="json（默认）或 text")

    def handle(self, *args, scheme: str, events: str, period: str, fmt: str, **options):
        code, output = run_score_ledger(scheme, events, period, fmt, Path(settings.FIXTURES_DIR) / "schemes")
        if code == 0:
            self.stdout.write(output, ending="")
            return
        self.stderr.write(output, ending="")
        sys.exit(code)
