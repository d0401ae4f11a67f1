"""`manage.py load_fixtures` hook: load and publish every scheme in fixtures/schemes/ (unchanged files are skipped)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from core.definitions import import_definition
from scoring.common import DefinitionError, Problem
from staff_scoring.schemes import SCHEMES

SUFFIXES = (".yaml", ".yml", ".json")


def scheme_files(directory: Path | None = None) -> list[Path]:
    directory = directory or Path(settings.FIXTURES_DIR) / "schemes"
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def load_all(stdout) -> None:
    for path in scheme_files():
        try:
            outcome = import_definition(SCHEMES, path.read_bytes(), source_name=path.name, publish=True,
                                        via="manage.py load_fixtures")
        except DefinitionError as exc:  # name the file: the command shows the problems in one line each
            raise DefinitionError([Problem(f"fixtures/schemes/{path.name}", str(p)) for p in exc.problems]) from exc
        stdout.write(f"{path.name}：{outcome.message}")
