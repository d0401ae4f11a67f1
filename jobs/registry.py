"""What a job can make. Apps register their producers in ``AppConfig.ready()``; the runner looks a job's kind up
here, so this floor imports no app (docs/architecture.md § Layers).

A producer is ``make(params, user, progress, out) -> filename``: it writes the file to ``out`` (a binary file
opened by the runner), reports ``progress.start(total)`` and ``progress.add(n)`` as it goes, and returns the name
the download gets (with its extension). It reads only what ``user`` may see (the same selectors as the pages). A
``JobError`` it raises is shown to the user as it is (Chinese); any other exception as a general failure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO


class JobError(Exception):
    """A failure the user can understand (a Chinese message shown on the job's page)."""


@dataclass(frozen=True)
class Producer:
    kind: str
    make: Callable[[dict, Any, Any, BinaryIO], str]
    ext: str  # the stored file's extension: "xlsx", "zip"


_PRODUCERS: dict[str, Producer] = {}


def register(kind: str, make: Callable[[dict, Any, Any, BinaryIO], str], *, ext: str) -> None:
    _PRODUCERS[kind] = Producer(kind, make, ext)


def producer(kind: str) -> Producer | None:
    return _PRODUCERS.get(kind)


def kinds() -> list[str]:
    return sorted(_PRODUCERS)
