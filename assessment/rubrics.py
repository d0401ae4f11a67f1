"""Rubrics as a definition kind: parsed by the pure engine, stored as versions (core.definitions)."""

from dataclasses import dataclass

from assessment.models import RubricVersion
from core.definitions import DefinitionKind
from scoring import rubric as engine
from scoring.common import DefinitionError, Problem

RUBRICS = DefinitionKind(
    model=RubricVersion,
    noun="考核细则",
    load=engine.load_rubric,
    content_hash=lambda data, parsed: engine.content_hash(parsed),
    extra_fields=lambda parsed: {"subjects": ",".join(parsed.subjects), "max_total": parsed.points},
)


def rubric_of(version: RubricVersion) -> engine.Rubric:
    return RUBRICS.engine_object(version)


@dataclass(frozen=True)
class CheckOutcome:
    rubric: engine.Rubric
    existing: RubricVersion | None  # the stored version with the same code, version and content, if any
    message: str


def check_rubric(data: bytes | str, *, source_name: str = "") -> CheckOutcome:
    """Every check that loading the file (``core.definitions.import_definition(RUBRICS, …)``) makes, read-only.

    The engine's validation; then, against the database, the same code+version stored with other content (refused,
    with the version to use instead) and the model's own checks (field lengths, the code+version constraint) on the
    version that would be created. Only SELECT queries; nothing is written. Raises ``DefinitionError`` (engine and
    conflict) or ``django.core.exceptions.ValidationError`` (model checks), exactly as the load would.
    """
    parsed_data, rubric = RUBRICS.parse(data)
    digest = RUBRICS.content_hash(parsed_data, rubric)
    stored = RubricVersion.objects.filter(code=rubric.code, version=rubric.version).first()
    if stored is not None:
        if stored.content_hash != digest:
            latest = RubricVersion.objects.filter(code=rubric.code).order_by("-version").values_list(
                "version", flat=True).first()
            raise DefinitionError([Problem("version", (
                f"{RUBRICS.noun}「{rubric.code}」第 {rubric.version} 版已存在且内容不同；"
                f"修改内容后请把 version 改为 {(latest or 0) + 1}"))])
        then = "" if stored.is_published else "，载入时将发布该版本"
        return CheckOutcome(rubric, stored, f"{stored}：已存在，内容相同，载入时不会改动{then}")
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data  # parse() above proved it decodes
    RubricVersion(code=rubric.code, version=rubric.version, title=rubric.title, source_text=text,
                  content_hash=digest, source_name=source_name[:200], **RUBRICS.extra_fields(rubric)).full_clean()
    return CheckOutcome(rubric, None, f"{rubric.code} 第{rubric.version}版《{rubric.title}》，满分 {rubric.points}，"
                                      "载入时将作为新版本保存并发布")
