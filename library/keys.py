"""The stable key of a rubric item (评估项目) that documents are tagged to.

A key is the rubric's code and the item's official label — the document's own number where the rubric gives one
(眉山 "25", 成都 "第九条(一)"), else the section and item titles as the document names them (宝林镇方案 附件1
"组织领导·组织机构落实"). Positional codes ("1.1") and version numbers are left out on purpose: a tag made against
one version of a rubric still finds its item in the next version, and in the next year.
"""

from __future__ import annotations

SEPARATOR = ":"
MAX_LENGTH = 200


def item_label(section, item) -> str:
    """The item's official label (engine types ``scoring.rubric.model.Section`` / ``Item``)."""
    return item.label or f"{section.title}·{item.title}"


def item_key(rubric_code: str, label: str) -> str:
    return f"{rubric_code}{SEPARATOR}{label}"[:MAX_LENGTH]


def key_of(rubric, section, item) -> str:
    """The key of ``item`` in ``rubric`` (an engine ``scoring.rubric.Rubric``)."""
    return item_key(rubric.code, item_label(section, item))


def rubric_code_of(key: str) -> str:
    return key.split(SEPARATOR, 1)[0]


def keys_of(rubric) -> dict[str, str]:
    """Every item of a rubric: position code ("1.1") → stable key."""
    return {item.code: key_of(rubric, section, item) for section, item in rubric.iter_items()}
