"""Rubrics as a definition kind: parsed by the pure engine, stored as versions (core.definitions)."""

from assessment.models import RubricVersion
from core.definitions import DefinitionKind
from scoring import rubric as engine

RUBRICS = DefinitionKind(
    model=RubricVersion,
    noun="考核细则",
    load=engine.load_rubric,
    content_hash=lambda data, parsed: engine.content_hash(parsed),
    extra_fields=lambda parsed: {"subjects": ",".join(parsed.subjects), "max_total": parsed.points},
)


def rubric_of(version: RubricVersion) -> engine.Rubric:
    return RUBRICS.engine_object(version)
