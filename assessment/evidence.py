"""Evidence from the document library on an evaluation (issue #16 item 4): which library items a rubric offers,
and the documents tagged to each item of an evaluation. Reads ``library.selectors`` only (the library is a floor
below and never reads assessment)."""

from __future__ import annotations

from assessment.rubrics import rubric_of
from assessment.selectors import rubrics_in_force
from library import keys
from library.catalogue import ItemChoice


def library_items(subject_kind: str) -> list[ItemChoice]:
    """The items of every rubric in force for ``subject_kind``, as the library's tag choices."""
    choices = []
    for version in rubrics_in_force():
        if subject_kind not in version.subjects.split(","):
            continue
        rubric = rubric_of(version)
        for section, item in rubric.iter_items():
            basis = item.basis or next((c.basis for c in item.criteria if c.basis), "") or ""
            choices.append(ItemChoice(key=keys.key_of(rubric, section, item), rubric_title=rubric.title,
                                      code=item.code, title=item.title, basis=basis))
    return choices
