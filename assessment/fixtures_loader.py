"""`manage.py load_fixtures` part: every rubric in fixtures/rubrics/, loaded and published; unchanged ones skipped."""

from assessment.rubrics import RUBRICS
from core.definitions import load_fixture_folder


def load_all(stdout) -> None:
    load_fixture_folder(RUBRICS, "rubrics", stdout, "考核细则 {message}")
