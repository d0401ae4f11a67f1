"""Which rubric items a centre or station can tag documents to.

The rubrics live in ``assessment``, a floor above the library; the library must not import it. So the floor above
registers a provider at start-up (``assessment.apps``) and the library asks it: dependency inversion, no upward
import. A provider takes a subject kind ("centre" or "station") and returns the items of the rubrics in force for
it as ``ItemChoice`` rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemChoice:
    key: str  # library.keys: rubric code + official label
    rubric_title: str
    code: str  # the position code in the version in force ("3.2"), for display only
    title: str
    basis: str = ""  # 考核方式: 有关文件资料, 现场查看…

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"


_providers: list[Callable[[str], list[ItemChoice]]] = []


def register(provider: Callable[[str], list[ItemChoice]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def subject_kind(subject) -> str:
    from centers.models import Station

    return "station" if isinstance(subject, Station) else "centre"


def items_for(subject) -> list[ItemChoice]:
    """Every taggable item for a centre or station (empty when no rubric is loaded)."""
    kind = subject_kind(subject)
    return [choice for provider in _providers for choice in provider(kind)]


def item_for(subject, key: str) -> ItemChoice | None:
    return next((choice for choice in items_for(subject) if choice.key == key), None)


def rubric_titles() -> dict[str, str]:
    """Rubric code → title, of the rubrics in force that centres or stations tag to."""
    from library.keys import rubric_code_of

    return {rubric_code_of(c.key): c.rubric_title for kind in ("centre", "station")
            for provider in _providers for c in provider(kind)}
