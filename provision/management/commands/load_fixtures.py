"""Load every rubric and scheme fixture in fixtures/ (used by `make demo`). Safe to re-run: unchanged files are skipped,
a file whose citations or notes changed (same version, same scoring content) updates its stored version in place."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

import assessment.fixtures_loader
import library.fixtures_loader
import staff_scoring.fixtures_loader
from core.commands import QuietCommand
from scoring.common import DefinitionError, problem_lines

# Each loader module has `load_all(stdout) -> None`; rubrics first, then staff schemes, then the library's built-in
# official texts.
LOADERS = [assessment.fixtures_loader, staff_scoring.fixtures_loader, library.fixtures_loader]


class Command(QuietCommand):
    help = "载入 fixtures/ 下的全部考核细则与计分方案（已载入且未改动的文件跳过）"

    def handle(self, *args, **options):
        for module in LOADERS:
            try:
                module.load_all(self.stdout)
            except DefinitionError as exc:
                raise CommandError(f"未能载入，之后的文件未载入：{problem_lines(exc.problems)}") from None
            except ValidationError as exc:
                problems = "；".join(f"{field}: {msg}" for field, msgs in exc.message_dict.items() for msg in msgs)
                raise CommandError(f"未能载入，之后的文件未载入：{problems}") from None
