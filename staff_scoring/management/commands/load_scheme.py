"""`manage.py load_scheme FILE [--check]`: validate a scheme file; without --check, store and publish it."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.utils.translation import gettext

from core.commands import QuietCommand
from core.definitions import check_definition, import_definition
from scoring.common import DefinitionError, problem_lines
from staff_scoring.schemes import SCHEMES


class Command(QuietCommand):
    help = "载入计分方案文件（YAML/JSON）并发布；--check 只校验不保存。同一版本内容相同则跳过。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="方案文件路径")
        parser.add_argument("--check", action="store_true", help="只校验（含与数据库中已有版本的比对），不写入数据库")

    def handle(self, *args, file: str, check: bool, **options):
        path = Path(file)
        if path.is_dir():
            raise CommandError(gettext("「%(file)s」是目录，不是计分方案文件") % {"file": file})
        if not path.is_file():
            raise CommandError(gettext("找不到文件「%(file)s」") % {"file": file})
        data = path.read_bytes()
        try:
            if check:
                try:
                    outcome = check_definition(SCHEMES, data, source_name=path.name)
                except DatabaseError as exc:  # the file itself passed: only the comparison with stored versions failed
                    raise CommandError(
                        gettext("「%(name)s」文件本身校验通过，但无法读取数据库中已有的计分方案版本，未能完成与已有版本的比对（数据库未建立或未迁移？请先运行 manage.py migrate）：%(exc)s") % {"name": path.name, "exc": exc}) from exc
                scheme, stored = outcome.parsed, outcome.existing
                if stored is None:
                    then = "载入时将作为新版本保存并发布"
                elif outcome.provenance_changed:
                    then = "已存在且计分内容相同，载入时将更新其出处说明"
                else:
                    then = "已存在且内容相同，载入时不会改动"
                if stored is not None and not stored.is_published:
                    then += "（将发布该版本）"
                self.stdout.write(f"{path.name}：校验通过 — {scheme.title}（{scheme.code} 第{scheme.version}版），"
                                  f"{len(scheme.rules)} 条细则；{then}")
                return
            outcome = import_definition(SCHEMES, data, source_name=path.name, publish=True, via="manage.py load_scheme")
        except DefinitionError as exc:
            raise CommandError(gettext("方案文件「%(name)s」有 %(count)s 处问题，未保存：%(problems)s") % {"name": path.name, "count": len(exc.problems), "problems": problem_lines(exc.problems)}) from None
        except ValidationError as exc:
            problems = "\n".join(f"{field}: {msg}" for field, msgs in exc.message_dict.items() for msg in msgs)
            raise CommandError(gettext("方案文件「%(name)s」未通过校验，未保存：\n%(problems)s") % {"name": path.name, "problems": problems}) from None
        self.stdout.write(outcome.message)
