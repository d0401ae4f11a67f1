"""A base for the project's file-reading management commands: from a shell they never show a traceback.

Django prints a ``CommandError`` as ``CommandError: …`` (an English prefix) and any other exception as a traceback.
Run from the command line, :class:`QuietCommand` writes the Chinese message alone on stderr and exits non-zero; an
unexpected exception becomes one Chinese line naming it (``--traceback`` still shows the traceback, for
developers). Called through ``call_command`` (tests, other code) it behaves like any command: exceptions propagate.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

from core.definitions import DefinitionKind, import_definition
from scoring.common import DefinitionError, problem_lines


class QuietCommand(BaseCommand):
    def execute(self, *args, **options):
        if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
            return super().execute(*args, **options)
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            self.stderr.write(str(exc))
            sys.exit(exc.returncode or 1)
        except (OSError, UnicodeError, ValueError, RecursionError, MemoryError) as exc:
            self.stderr.write(f"无法处理：{_describe(exc)}")
            sys.exit(1)


class LoadDefinitionCommand(QuietCommand):
    """``manage.py load_<kind> FILE [--check]``: validate a definition file; without --check, store and publish it.

    A subclass names its ``kind``, how its ``file`` argument is read, ``via`` (the command, for the audit trail) and
    ``checked``, the line ``--check`` prints. The messages are the same for every kind, naming it by its ``noun``.
    """

    kind: DefinitionKind
    file_argument: dict = {}
    via: str
    texts = {
        "is_dir": _("「%(file)s」是目录，不是%(noun)s文件"),
        "missing": _("找不到文件「%(file)s」"),
        "no_database": _("「%(name)s」文件本身校验通过，但无法读取数据库中已有的%(noun)s版本，未能完成与已有版本的比对"
                         "（数据库未建立或未迁移？请先运行 manage.py migrate）：%(exc)s"),
        "invalid": _("%(noun)s文件「%(name)s」校验未通过（%(count)s 处问题），未写入任何数据：%(problems)s"),
        "refused": _("%(noun)s文件「%(name)s」校验未通过，未写入任何数据：\n%(problems)s"),
    }

    def add_arguments(self, parser):
        parser.add_argument("file", **self.file_argument)
        parser.add_argument("--check", action="store_true", help="只校验（含与数据库中已有版本的比对），不写入数据库")

    def checked(self, data: bytes, source_name: str) -> str:
        raise NotImplementedError

    def handle(self, *args, file, check: bool, **options):
        path = Path(file)
        words = {"file": file, "name": path.name, "noun": self.kind.noun}
        if path.is_dir():
            raise CommandError(self.texts["is_dir"] % words)
        if not path.is_file():
            raise CommandError(self.texts["missing"] % words)
        data = path.read_bytes()
        try:
            if check:
                try:
                    line = self.checked(data, path.name)
                except DatabaseError as exc:  # the file itself passed: only the comparison with stored versions failed
                    raise CommandError(self.texts["no_database"] % {**words, "exc": exc}) from exc
                self.stdout.write(line)
                return
            outcome = import_definition(self.kind, data, source_name=path.name, publish=True, via=self.via)
        except DefinitionError as exc:
            raise CommandError(self.texts["invalid"] % {
                **words, "count": len(exc.problems), "problems": problem_lines(exc.problems)}) from exc
        except ValidationError as exc:
            problems = "\n".join(f"{field}: {msg}" for field, msgs in exc.message_dict.items() for msg in msgs)
            raise CommandError(self.texts["refused"] % {**words, "problems": problems}) from exc
        self.stdout.write(outcome.message)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, IsADirectoryError):
        return f"“{exc.filename}”是目录，不是文件"
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件“{exc.filename}”"
    if isinstance(exc, PermissionError):
        return f"没有权限读写“{exc.filename}”"
    if isinstance(exc, OSError):
        return f"读写文件出错（{exc.strerror or exc}）"
    if isinstance(exc, UnicodeError):
        return "文件不是 UTF-8 编码，请另存为 UTF-8 后重试"
    if isinstance(exc, RecursionError):
        return "文件嵌套过深"
    if isinstance(exc, MemoryError):
        return "文件过大"
    return "文件内容有误（数字过大或格式不正确）"
