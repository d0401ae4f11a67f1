"""Load every rubric and scheme fixture in fixtures/ (used by `make demo`). Safe to re-run: unchanged files are skipped."""

import importlib

from django.core.management.base import BaseCommand

# Each loader module has `load_all(stdout) -> None`; an app that is not there yet is skipped.
LOADERS = ["assessment.fixtures_loader", "staff_scoring.fixtures_loader"]


class Command(BaseCommand):
    help = "载入 fixtures/ 下的全部考核细则与计分方案（已载入且未改动的文件跳过）"

    def handle(self, *args, **options):
        for module_name in LOADERS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            module.load_all(self.stdout)
