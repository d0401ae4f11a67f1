"""`manage.py load_scheme FILE [--check]`: validate a scheme file; without --check, store and publish it."""


from core.commands import LoadDefinitionCommand
from core.definitions import check_definition
from staff_scoring.schemes import SCHEMES


class Command(LoadDefinitionCommand):
    help = "载入计分方案文件（YAML/JSON）并发布；--check 只校验不保存。同一版本内容相同则跳过。"
    kind = SCHEMES
    file_argument = {"help": "方案文件路径"}
    via = "manage.py load_scheme"

    def checked(self, data: bytes, source_name: str) -> str:
        outcome = check_definition(SCHEMES, data, source_name=source_name)
        scheme, stored = outcome.parsed, outcome.existing
        if stored is None:
            then = "载入时将作为新版本保存并发布"
        elif outcome.provenance_changed:
            then = "已存在且计分内容相同，载入时将更新其出处说明"
        else:
            then = "已存在且内容相同，载入时不会改动"
        if stored is not None and not stored.is_published:
            then += "（将发布该版本）"
        return f"{source_name}：校验通过 — {scheme.title}（{scheme.code} 第{scheme.version}版），{len(scheme.rules)} 条细则；{then}"
