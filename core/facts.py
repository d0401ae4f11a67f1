"""The registry of fact providers (docs/trainings.md § Facts): how ``assessment`` reads facts that apps on other
floors compute, without importing them.

The names and kinds of facts are fixed in ``scoring.rubric.facts.FACTS``; which app computes which is registered
here. An app registers its provider in ``AppConfig.ready()``::

    facts.register(Provider("feedback", compute=rating_facts, names=frozenset({"feedback.satisfaction_rate", …})))

``compute(subject, year)`` gets a centre or a station and a year and answers ``{name: Fact value}`` for the facts it
knows (a name it cannot answer for this subject is left out), in a fixed, small number of queries whatever the data
size. ``rows(name, subject, year)`` (optional) is the address of a page listing the rows behind a value — the
provenance a form shows next to the number. ``assessment`` asks only the providers of facts a rubric binds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Provider:
    app: str
    compute: Callable[[Any, int], dict[str, Any]]
    names: frozenset[str]
    rows: Callable[[str, Any, int], str | None] | None = None


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    """Add (or replace, on a second ``ready()``) the provider of an app."""
    _PROVIDERS[provider.app] = provider


def providers(names: Iterable[str] | None = None) -> list[Provider]:
    """The providers of any of ``names`` (all when None)."""
    wanted = None if names is None else set(names)
    return [p for p in _PROVIDERS.values() if wanted is None or p.names & wanted]


def compute(subject: Any, year: int, names: Iterable[str]) -> dict[str, Any]:
    """The values of ``names`` that the registered providers know for ``subject`` in ``year``."""
    wanted = set(names)
    found: dict[str, Any] = {}
    for provider in providers(wanted):
        found.update({k: v for k, v in provider.compute(subject, year).items() if k in wanted})
    return found


def rows_link(name: str, subject: Any, year: int) -> str | None:
    """Where the rows behind a fact's value are listed, if its provider says."""
    for provider in _PROVIDERS.values():
        if name in provider.names and provider.rows is not None:
            return provider.rows(name, subject, year)
    return None


def registered_names() -> set[str]:
    return {name for p in _PROVIDERS.values() for name in p.names}
