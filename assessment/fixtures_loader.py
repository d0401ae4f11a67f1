"""`manage.py load_fixtures` part: every rubric in fixtures/rubrics/, loaded and published; unchanged ones skipped."""

from django.conf import settings

from assessment.rubrics import RUBRICS
from core.definitions import import_definition


def load_all(stdout) -> None:
    for path in sorted((settings.FIXTURES_DIR / "rubrics").glob("*.y*ml")) + sorted(
        (settings.FIXTURES_DIR / "rubrics").glob("*.json")
    ):
        outcome = import_definition(RUBRICS, path.read_bytes(), source_name=path.name, publish=True)
        stdout.write(f"考核细则 {outcome.message}")
