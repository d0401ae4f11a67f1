"""Checklist rubrics: fixture format, validation, versioning, scoring (docs/rubrics.md). No Django here.

    rubric = load_rubric(path.read_bytes())          # DefinitionError lists every problem
    result = score(rubric, {"1.1.1": True, ...})     # AnswerError lists every bad answer
    result_to_json(result) / result_to_text(result)

The parts of a rubric (``Section``, ``Item``, ``Criterion`` …) and the rule names are in ``scoring.rubric.model``.
"""

from .canonical import canonical_json, content_hash, rubric_to_data
from .cli import find_rubric_file, read_answers, run_score_rubric
from .engine import AnswerError, CriterionResult, ItemResult, PartResult, RubricResult, SectionResult, score
from .facts import FACTS, Fact, prefill
from .loader import load_rubric
from .model import Rubric
from .output import result_to_json, result_to_text
from .ranking import Ranked, RankEntry, apply_ranking

__all__ = [
    "FACTS",
    "AnswerError", "CriterionResult", "Fact", "ItemResult", "PartResult", "RankEntry", "Ranked", "Rubric",
    "RubricResult", "SectionResult",
    "apply_ranking", "canonical_json", "content_hash", "find_rubric_file", "load_rubric", "prefill",
    "read_answers", "result_to_json", "result_to_text", "rubric_to_data", "run_score_rubric", "score",
]
