"""A base for the project's file-reading management commands: from a shell they never show a traceback.

Django prints a ``CommandError`` as ``CommandError: …`` (an English prefix) and any other exception as a traceback.
Run from the command line, :class:`QuietCommand` writes the Chinese message alone on stderr and exits non-zero; an
unexpected exception becomes one Chinese line naming it (``--traceback`` still shows the traceback, for
developers). Called through ``call_command`` (tests, other code) it behaves like any command: exceptions propagate.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError


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
