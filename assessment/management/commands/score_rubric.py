"""`manage.py score_rubric CODE ANSWERS.json [--format json|text]` — a public contract (docs/rubrics.md §8).

Scores an answers file against the rubric fixture CODE (or a rubric file path) without touching the database.
"""

import sys

from django.conf import settings

from core.commands import QuietCommand
from scoring.rubric import run_score_rubric


class Command(QuietCommand):
    help = "用考核细则为答卷文件计分（不读写数据库）；CODE 为 fixtures/rubrics 中的细则编码或文件路径"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("answers")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, code: str, answers: str, format: str, **options):
        status, output = run_score_rubric(code, answers, format, settings.FIXTURES_DIR / "rubrics")
        (self.stdout if status == 0 else self.stderr).write(output)
        if status:
            sys.exit(status)
