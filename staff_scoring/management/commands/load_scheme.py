"""`manage.py load_scheme FILE [--check]`: validate a scheme file; without --check, store and publish it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.definitions import import_definition
from scoring.common import DefinitionError
from staff_scoring.schemes import SCHEMES


class Command(BaseCommand):
    help = "载入计分方案文件（YAML/JSON）并发布；--check 只校验不保存。同一版本内容相同则跳过。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="方案文件路径")
        parser.add_argument("--check", action="store_true", help="只校验，不写入数据库")

    def handle(self, *args, file: str, check: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件「{file}」")
        data = path.read_bytes()
        try:
            if check:
                _, scheme = SCHEMES.parse(data)
                rules = len(scheme.rules)
                self.stdout.write(f"{path.name}：校验通过 — {scheme.title}（{scheme.code} 第{scheme.version}版），{rules} 条细则")
                return
            outcome = import_definition(SCHEMES, data, source_name=path.name, publish=True)
        except DefinitionError as exc:
            raise CommandError(f"方案文件「{path.name}」有 {len(exc.problems)} 处问题，未保存：\n{exc}") from None
        self.stdout.write(outcome.message)
