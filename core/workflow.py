"""Status workflows as tables (docs/architecture.md § Workflows): the one machine every app's table runs on.

A table is a ``Workflow`` of ``Move`` rows. Each move names the states it leaves from, the state it goes to (None:
the state stays, e.g. an extension), who may make it — roles ("director") or sides ("owner", "county"), whatever the
table's users are — and ``guards``: conditions beyond the state and the person, each a function of the record and
what the caller knows (``declarer=True`` …) that returns a Chinese refusal or None (four eyes, "only once", "only a
verified complaint"). ``Workflow.move()`` is the one place a state change is checked; an illegal move raises
``IllegalMove`` (a ValidationError, so a form shows it in Chinese). ``allowed()`` gives the buttons of a page: the
moves that ``move()`` would accept, guards included, so a page never offers what the service would refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

Guard = Callable[..., "str | None"]  # guard(obj, **context) -> a Chinese refusal, or None to let the move pass


class IllegalMove(ValidationError):
    """A move the table does not allow from this state, to this person, or that one of its guards refuses."""


@dataclass(frozen=True)
class Move:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change
    who: tuple[str, ...]  # roles or sides that may make it
    style: str = "primary"  # the button's colour
    guards: tuple[Guard, ...] = ()
    needs_note: bool = False  # the move asks for a reason
    by_form: bool = False  # made by saving the record's form, not by a button

    def after(self, state: str) -> str:
        """The state after this move from ``state``."""
        return self.target if self.target is not None else state

    def refusal(self, obj: Any, context: dict) -> str | None:
        for guard in self.guards:
            reason = guard(obj, **context)
            if reason:
                return reason
        return None


def _people(who: str | Iterable[str]) -> set[str]:
    return {who} if isinstance(who, str) else set(who)


class Workflow:
    def __init__(self, name: str, labels: dict[str, str], moves: Iterable[Move]):
        self.name = name
        self.labels = labels
        self.moves = {m.action: m for m in moves}

    def get(self, action: str) -> Move:
        found = self.moves.get(action)
        if found is None:
            raise IllegalMove(gettext("未知的操作：%(action)s") % {"action": action})
        return found

    def move(self, state: str, action: str, who: str | Iterable[str], obj: Any = None, **context) -> Move:
        """The move ``action`` from ``state`` by someone who is ``who`` (a role, or a set of roles or sides);
        IllegalMove if the table or a guard does not allow it."""
        found = self.get(action)
        if state not in found.sources:
            raise IllegalMove(gettext("%(name)s当前状态为「%(state)s」，不能执行「%(label)s」") % {"name": self.name, "state": self.labels.get(state, state), "label": found.label})
        if not _people(who) & set(found.who):
            raise IllegalMove(gettext("您不能对该%(name)s执行「%(label)s」") % {"name": self.name, "label": found.label})
        reason = found.refusal(obj, context)
        if reason:
            raise IllegalMove(reason)
        return found

    def allowed(self, state: str, who: str | Iterable[str], obj: Any = None, **context) -> list[Move]:
        """The moves a page offers (by button: moves made by a form are left out)."""
        people = _people(who)
        return [m for m in self.moves.values() if not m.by_form and state in m.sources and people & set(m.who)
                and not m.refusal(obj, context)]

    def can(self, state: str, action: str, who: str | Iterable[str], obj: Any = None, **context) -> bool:
        try:
            self.move(state, action, who, obj, **context)
        except IllegalMove:
            return False
        return True
