"""Load every rubric and scheme fixture in fixtures/ (used by `make demo`). Safe to re-run: unchanged files are skipped."""

from django.core.management.base import BaseCommand

import assessment.fixtures_loader
import staff_scoring.fixtures_loader

# Each loader module has `load_all(stdout) -> None`; rubrics first, then staff schemes.
LOADERS = [assessment.fixtures_loader, staff_scoring.fixtures_loader]


class Command(BaseCommand):
    help = "载入 fixtures/ 下的全部考核细则与计分方案（已载入且未改动的文件跳过）"

    def handle(self, *args, **options):
        for module in LOADERS:
            module.load_all(self.stdout)
