"""`manage.py load_fixtures` hook: load and publish every scheme in fixtures/schemes/ (unchanged files are skipped)."""

from core.definitions import load_fixture_folder
from staff_scoring.schemes import SCHEMES


def load_all(stdout) -> None:
    load_fixture_folder(SCHEMES, "schemes", stdout, "{name}：{message}")
