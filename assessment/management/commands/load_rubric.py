"""`manage.py load_rubric FILE [--check]`: validate a rubric file; without --check, store and publish it.

--check runs every check of the real load (``assessment.rubrics.check_rubric``), the database ones included (the
same code+version already stored with other content, the model's field checks), and writes nothing.
"""

from pathlib import Path

from assessment.rubrics import RUBRICS, check_rubric
from core.commands import LoadDefinitionCommand


class Command(LoadDefinitionCommand):
    help = "校验并载入考核细则文件（--check 只校验，不写入）"
    kind = RUBRICS
    file_argument = {"type": Path}
    via = "manage.py load_rubric"

    def checked(self, data: bytes, source_name: str) -> str:
        return f"校验通过：{check_rubric(data, source_name=source_name).message}"
