"""Rubrics as a definition kind: parsed by the pure engine, stored as versions (core.definitions)."""

from dataclasses import dataclass

from assessment.models import RubricVersion
from core.definitions import DefinitionKind, check_definition
from scoring import rubric as engine
from scoring.rubric.loader import TOP_KEYS

RUBRICS = DefinitionKind(
    model=RubricVersion,
    noun="考核细则",
    load=engine.load_rubric,
    content_hash=lambda data, parsed: engine.content_hash(parsed),
    extra_fields=lambda parsed: {"subjects": ",".join(parsed.subjects), "max_total": parsed.points},
    top_keys=frozenset(TOP_KEYS), upload_page="assessment:rubric_upload",
)


def rubric_of(version: RubricVersion) -> engine.Rubric:
    return RUBRICS.engine_object(version)


@dataclass(frozen=True)
class CheckOutcome:
    rubric: engine.Rubric
    existing: RubricVersion | None  # the stored version with the same code, version and content, if any
    message: str


def check_rubric(data: bytes | str, *, source_name: str = "") -> CheckOutcome:
    """Every check that loading the file makes, read-only (``core.definitions.check_definition``)."""
    outcome = check_definition(RUBRICS, data, source_name=source_name)
    rubric, stored = outcome.parsed, outcome.existing
    if stored is not None:
        then = "" if stored.is_published else "，载入时将发布该版本"
        if outcome.provenance_changed:
            return CheckOutcome(rubric, stored, f"{stored}：已存在，计分内容相同，载入时将更新其出处说明{then}")
        return CheckOutcome(rubric, stored, f"{stored}：已存在，内容相同，载入时不会改动{then}")
    return CheckOutcome(rubric, None, f"{rubric.code} 第{rubric.version}版《{rubric.title}》，满分 {rubric.points}，"
                                      "载入时将作为新版本保存并发布")
