"""Where each fixture element sits in the scraped text of its official document, for the tests that compare the
fixtures with that text word for word and number for number.

The fixtures cite the official documents by short name, annex and article (docs/domain.md §10). The scraped texts
the fixtures were transcribed from are numbered by line and are not part of the repository; a checkout with the team's
seeds beside it (``../shared/seeds``, or ``SEEDS_DIR``) runs these comparisons, any other skips them.
``tests/data/seed_lines.json`` holds ``places``: per fixture file and element (a rubric's section, item or criterion
code, ``"<criterion> <tier label>"``, a scheme's rule code) the seed and lines it was transcribed from; and
``citations``: per seed, the line ranges each citation of the official document covers in the scraped text.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("SEEDS_DIR") or ROOT.parent / "shared" / "seeds")
TABLE = json.loads((Path(__file__).parent / "data" / "seed_lines.json").read_text(encoding="utf-8"))

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the scraped seed texts are not beside this checkout")


@cache
def seed_lines(seed: str) -> tuple[str, ...]:
    [path] = SEEDS.glob(f"{seed}_*.txt")
    return tuple(path.read_text(encoding="utf-8").split("\n"))


def place(fixture: str, element: str) -> tuple[str, int, int]:
    """(seed, first line, last line) of one element of a fixture file (by its file name)."""
    seed, first, last = TABLE["places"][fixture][element]
    return seed, first, last


def text(seed: str, first: int, last: int | None = None) -> str:
    """The lines ``first``…``last`` (1-based, inclusive) joined as they are."""
    return "".join(seed_lines(seed)[first - 1:last or first])


def squeeze(value: str) -> str:
    return re.sub(r"\s+", "", value)


def cited(fixture: str, element: str) -> str:
    """The element's lines, joined without whitespace (the scrape splits titles over lines)."""
    return squeeze(text(*place(fixture, element)))


def citation_of(seed: str, line: int) -> str:
    """The citation of the official document that a line of the scraped text belongs to (its smallest part)."""
    return next(c for first, last, c in TABLE["citations"][seed] if first <= line <= last)


def covers(citation: str, seed: str, first: int, last: int) -> bool:
    """Whether a fixture's citation names the place the lines ``first``…``last`` belong to: each line's own citation
    is the cited one or a part of it ("宝林镇方案 附件1 组织领导" covers "宝林镇方案 附件1 组织领导·…"); a citation
    of several places ("A、B") covers what each of them covers."""
    head = citation.split("、")[0]
    prefix = head[: head.rfind(" ") + 1] if " " in head else ""
    parts = [head] + [p if p.startswith(prefix.split(" ")[0]) else prefix + p for p in citation.split("、")[1:]]
    return all(any(citation_of(seed, n) == p or citation_of(seed, n).startswith(p) for p in parts)
               for n in range(first, last + 1))
