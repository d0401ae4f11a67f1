"""`manage.py load_rubric FILE [--check]`: validate a rubric file; without --check, store and publish it.

--check runs every check of the real load (``assessment.rubrics.check_rubric``), the database ones included (the
same code+version already stored with other content, the model's field checks), and writes nothing.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from assessment.rubrics import RUBRICS, check_rubric
from core.commands import LoadDefinitionCommand


class Command(LoadDefinitionCommand):
    help = "校验并载入考核细则文件（--check 只校验，不写入）"
    kind = RUBRICS
    file_argument = {"type": Path}
    via = "manage.py load_rubric"
    texts = {
        "is_dir": _("%(file)s 是目录，不是考核细则文件"),
        "missing": _("找不到文件：%(file)s"),
        "no_database": _("%(file)s 文件本身校验通过，但无法读取数据库中已有的考核细则版本，未能完成与已有版本的比对（数据库未建立或未迁移？请先运行 manage.py migrate）：%(exc)s"),
        "invalid": _("%(file)s 校验未通过，未写入任何数据：%(problems)s"),
        "refused": _("%(file)s 校验未通过，未写入任何数据：\n%(problems)s"),
    }

    def checked(self, data: bytes, source_name: str) -> str:
        return f"校验通过：{check_rubric(data, source_name=source_name).message}"
