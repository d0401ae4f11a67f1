"""`manage.py load_fixtures` part: every rubric in fixtures/rubrics/, loaded and published; unchanged ones skipped."""

from django.conf import settings

from assessment.rubrics import RUBRICS
from core.definitions import import_definition
from scoring.common import DefinitionError, Problem


def load_all(stdout) -> None:
    for path in sorted((settings.FIXTURES_DIR / "rubrics").glob("*.y*ml")) + sorted(
        (settings.FIXTURES_DIR / "rubrics").glob("*.json")
    ):
        try:
            outcome = import_definition(RUBRICS, path.read_bytes(), source_name=path.name, publish=True,
                                        via="manage.py load_fixtures")
        except DefinitionError as exc:  # name the file: the command shows the problems in one line each
            raise DefinitionError([Problem(f"fixtures/rubrics/{path.name}", str(p)) for p in exc.problems]) from exc
        stdout.write(f"考核细则 {outcome.message}")
