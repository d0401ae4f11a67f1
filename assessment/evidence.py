"""Evidence from the document library on an evaluation (issue #16 item 4): which library items a rubric offers,
and the documents tagged to each item of an evaluation. Reads ``library.selectors`` only (the library is a floor
below and never reads assessment)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Subquery
from django.db.models.functions import Length

from assessment.models import (
    Evaluation,
    EvaluationDocument,
    EvaluationState,
    EvaluationSubject,
    Evidence,
    EvidenceVerdict,
    RubricVersion,
)
from assessment.rubrics import rubric_of
from assessment.selectors import rubrics_in_force
from library import keys
from library import selectors as library_selectors
from library.catalogue import ItemChoice
from library.keys import key_of, keys_of
from library.models import Document


def library_items(subject_kind: str) -> list[ItemChoice]:
    """The items of every rubric in force for ``subject_kind``, as the library's tag choices. One light query (no
    rubric text) per call; the choices of a version are built once per process and content."""
    versions = rubrics_in_force().annotate(text_length=Length("source_text")).values_list(
        "pk", "subjects", "content_hash", "text_length")
    choices: list[ItemChoice] = []
    for pk, subjects, content_hash, text_length in versions:
        if subject_kind in subjects.split(","):
            choices += _version_items(pk, content_hash, text_length)
    return choices


@lru_cache(maxsize=64)
def _version_items(pk: int, content_hash: str, text_length: int) -> tuple[ItemChoice, ...]:
    rubric = rubric_of(RubricVersion.objects.get(pk=pk))
    return tuple(
        ItemChoice(key=keys.key_of(rubric, section, item), rubric_title=rubric.title, code=item.code,
                   title=item.title, basis=item.basis or next((c.basis for c in item.criteria if c.basis), "") or "")
        for section, item in rubric.iter_items())


# ------------------------------------------------------------------------------------------ on the form


@dataclass
class DocumentRow:
    """One library document beside an item of an evaluation, with the inspector's verdict if given."""

    document: Document
    verdict: str = ""
    note: str = ""
    seen: bool = False  # stored with the evaluation (judged, or submitted/finalised with it)

    @property
    def verdict_label(self) -> str:
        return EvidenceVerdict(self.verdict).label if self.verdict else ""


def library_subject(evaluation: Evaluation):
    """Whose library an evaluation reads: its station's or its centre's (a window evaluation has none)."""
    if evaluation.subject_kind == EvaluationSubject.WINDOW:
        return None
    return evaluation.station or evaluation.centre


def _rows_by_key(evaluation: Evaluation, keys: dict[str, str]) -> dict[str, dict[int, DocumentRow]]:
    rows: dict[str, dict[int, DocumentRow]] = {}
    for seen in evaluation.documents_seen.select_related("document").order_by("pk"):
        rows.setdefault(seen.item_key, {})[seen.document_id] = DocumentRow(seen.document, seen.verdict, seen.note,
                                                                          seen=True)
    subject = library_subject(evaluation)
    if not evaluation.is_finalised and subject is not None:
        live = library_selectors.documents_by_item(subject, evaluation.period, keys.values())
        for key, documents in live.items():
            for document in documents:
                rows.setdefault(key, {}).setdefault(document.pk, DocumentRow(document))
    return rows


def documents_on_form(evaluation: Evaluation, rubric) -> dict[str, list[DocumentRow]]:
    """item code → the documents shown beside it: for a finalised evaluation exactly those it stored; before that,
    also every document tagged to the item and valid in the evaluated year. Two queries, whatever the library's
    size."""
    keys = keys_of(rubric)
    by_key = {key: code for code, key in keys.items()}
    return {by_key[key]: list(found.values()) for key, found in _rows_by_key(evaluation, keys).items()
            if key in by_key}


def _on_site(item) -> bool:
    return any("现场" in (basis or "") for basis in (item.basis, *(c.basis for c in item.criteria)))


def last_photos(evaluation: Evaluation, rubric) -> dict[str, list]:
    """item code → the photos of the subject's last finalised evaluation with the same rubric, for on-site
    (现场查看) items, matched by stable item key (so a new rubric version still finds them). One query."""
    on_site = {key_of(rubric, s, i): i.code for s, i in rubric.iter_items() if _on_site(i)}
    if not on_site:
        return {}
    previous = (Evaluation.objects.filter(subject_kind=evaluation.subject_kind, centre=evaluation.centre,
                                          station=evaluation.station, window=evaluation.window,
                                          rubric__code=evaluation.rubric.code, state=EvaluationState.FINALISED,
                                          period__lte=evaluation.period)
                .exclude(pk=evaluation.pk).order_by("-period", "-evaluated_on", "-pk").values("pk")[:1])
    found = list(Evidence.objects.filter(evaluation=Subquery(previous), content_type__startswith="image/")
                 .select_related("evaluation__rubric").order_by("code", "pk"))
    if not found:
        return {}
    old_rubric = rubric_of(found[0].evaluation.rubric)
    key_of_criterion = {c.code: key_of(old_rubric, s, i) for s, i, c in old_rubric.iter_criteria()}
    photos: dict[str, list] = {}
    for photo in found:
        code = on_site.get(key_of_criterion.get(photo.code, ""))
        if code is not None:
            photos.setdefault(code, []).append(photo)
    return photos


def seen_documents(evaluation: Evaluation) -> list[EvaluationDocument]:
    """Every document an evaluation stored, with its item key, for the score sheet's annex (one query)."""
    return list(evaluation.documents_seen.select_related("document", "document__centre", "document__station")
                .order_by("document__issued_on", "document__pk", "item_key"))
