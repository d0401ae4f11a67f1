"""`manage.py load_rubric FILE [--check]`: validate a rubric file; without --check, store and publish it.

--check runs every check of the real load (``assessment.rubrics.check_rubric``), the database ones included (the
same code+version already stored with other content, the model's field checks), and writes nothing.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.utils.translation import gettext

from assessment.rubrics import RUBRICS, check_rubric
from core.commands import QuietCommand
from core.definitions import import_definition
from scoring.common import DefinitionError, problem_lines


class Command(QuietCommand):
    help = "校验并载入考核细则文件（--check 只校验，不写入）"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--check", action="store_true", help="只校验（含与数据库中已有版本的比对），不写入数据库")

    def handle(self, *args, file: Path, check: bool, **options):
        if file.is_dir():
            raise CommandError(gettext("%(file)s 是目录，不是考核细则文件") % {"file": file})
        if not file.is_file():
            raise CommandError(gettext("找不到文件：%(file)s") % {"file": file})
        data = file.read_bytes()
        try:
            if check:
                try:
                    outcome = check_rubric(data, source_name=file.name)
                except DatabaseError as exc:  # the file itself passed: only the database part could not run
                    raise CommandError(
                        gettext("%(file)s 文件本身校验通过，但无法读取数据库中已有的考核细则版本，未能完成与已有版本的比对（数据库未建立或未迁移？请先运行 manage.py migrate）：%(exc)s") % {"file": file, "exc": exc}) from exc
                self.stdout.write(f"校验通过：{outcome.message}")
                return
            outcome = import_definition(RUBRICS, data, source_name=file.name, publish=True, via="manage.py load_rubric")
        except DefinitionError as exc:
            raise CommandError(gettext("%(file)s 校验未通过，未写入任何数据：%(problems)s") % {"file": file, "problems": problem_lines(exc.problems)}) from exc
        except ValidationError as exc:
            problems = "\n".join(f"{field}: {msg}" for field, msgs in exc.message_dict.items() for msg in msgs)
            raise CommandError(gettext("%(file)s 校验未通过，未写入任何数据：\n%(problems)s") % {"file": file, "problems": problems}) from exc
        self.stdout.write(outcome.message)
