"""`manage.py fact_coverage RUBRIC [--centre CODE | --station CODE] [--format json|text]` — a public contract
(docs/trainings.md § Coverage): each criterion fact-bound, evidence-tagged or manual, and the shares."""

import json

from django.core.management.base import CommandError

from assessment.coverage import CoverageError, coverage, text_report
from centers.models import ServiceCentre, Station
from core.commands import QuietCommand


class Command(QuietCommand):
    help = "考核细则的系统预填与佐证覆盖情况：每项标准为系统预填、有佐证资料或人工评定，并给出占比"

    def add_arguments(self, parser):
        parser.add_argument("rubric", help="考核细则编码，如 baolin-centre")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--centre", help="便民服务中心编码（默认：演示县全部中心和站点）")
        group.add_argument("--station", help="便民服务站编码")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, rubric: str, centre: str | None, station: str | None, format: str, **options):
        subject = None
        if centre:
            subject = ServiceCentre.objects.filter(code=centre).first()
            if subject is None:
                raise CommandError(f"找不到编码为「{centre}」的便民服务中心", returncode=2)
        elif station:
            subject = Station.objects.filter(code=station).first()
            if subject is None:
                raise CommandError(f"找不到编码为「{station}」的便民服务站", returncode=2)
        try:
            result = coverage(rubric, subject)
        except CoverageError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if format == "json":
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(text_report(result))
