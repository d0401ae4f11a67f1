"""Where each fixture element sits in the scraped text of its official document, for the tests that compare the
fixtures with that text word for word and number for number.

The fixtures cite the official documents by short name, annex and article (docs/domain.md §10). The scraped texts
the fixtures were transcribed from are numbered by line and are not part of the repository; a checkout with the team's
seeds beside it (``SEEDS_DIR``; by default ``seeds`` in the ``shared`` folder next to the checkout) runs these
comparisons, any other skips them.
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
    """Whether a fixture's citation names the place the lines ``first``…``last`` belong to: for each line, the cited
    place contains the line's own place ("宝林镇方案 附件1 组织领导" contains "宝林镇方案 附件1 组织领导·组织机构落实")
    or is a finer or annotated part of it ("上虞细则 二1(1)" of "上虞细则 二1"); a citation of several places
    ("宝林镇方案 附件1 A、B", the head written once) covers what each of them covers."""
    first_part, *more = citation.split("、")
    head = " ".join(first_part.split(" ")[:2]) + " " if first_part.count(" ") >= 2 else first_part.split(" ")[0] + " "
    parts = [first_part] + [p if p.split(" ")[0] == head.split(" ")[0] else head + p for p in more]

    items = re.fullmatch(r"(.* 第)(\d+)–(\d+)(项)", first_part)
    if items:  # "眉山意见 附件1 第1–17项": each item's row, after the heading of the category they make up
        parts = [f"{items[1]}{n}{items[4]}" for n in range(int(items[2]), int(items[3]) + 1)]

    def within(line_place: str) -> bool:
        return any(line_place == p or line_place.startswith(p) or p.startswith(line_place) for p in parts)

    named = [within(citation_of(seed, n)) for n in range(first, last + 1)]
    if items and True in named:
        named = named[named.index(True):]
    return all(named) and len([n for n in named if n]) >= (len(parts) if items else 1)
