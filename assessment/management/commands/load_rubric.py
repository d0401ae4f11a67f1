"""`manage.py load_rubric FILE [--check]`: validate a rubric file; without --check, store and publish it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.rubrics import RUBRICS
from core.definitions import import_definition
from scoring.common import DefinitionError


class Command(BaseCommand):
    help = "校验并载入考核细则文件（--check 只校验，不写入）"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--check", action="store_true", help="只校验，不写入数据库")

    def handle(self, *args, file: Path, check: bool, **options):
        if not file.is_file():
            raise CommandError(f"找不到文件：{file}")
        data = file.read_bytes()
        try:
            if check:
                _, rubric = RUBRICS.parse(data)
                self.stdout.write(f"校验通过：{rubric.code} 第{rubric.version}版《{rubric.title}》，满分 {rubric.points}")
                return
            outcome = import_definition(RUBRICS, data, source_name=file.name, publish=True)
        except DefinitionError as exc:
            raise CommandError(f"{file} 校验未通过，未写入任何数据：\n{exc}") from exc
        self.stdout.write(outcome.message)
