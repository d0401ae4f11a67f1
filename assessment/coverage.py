"""How much of a rubric the system answers (docs/trainings.md § Coverage): each criterion is fact-bound (pre-filled
from data, ``scoring.rubric.facts``), evidence-tagged (documents in the library tagged to its item by the subject),
or manual. A criterion both fact-bound and evidenced counts as fact-bound.

The subject is a centre or a station; without one, the demo county (every centre and station under it). The JSON
form is a public contract (``manage.py fact_coverage``)::

    {"rubric", "criteria": N, "fact_bound": N, "evidence_tagged": N, "manual": N,
     "items": [{"code", "status", "facts": [...], "documents": N}]}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from assessment.rubrics import RUBRICS, rubric_of
from centers.demo import DEMO_COUNTIES
from centers.models import Region
from core.definitions import latest_published
from library.keys import keys_of
from library.selectors import document_counts
from scoring.rubric.facts import FACTS

FACT_BOUND, EVIDENCE_TAGGED, MANUAL = "fact_bound", "evidence_tagged", "manual"
STATUS_LABELS = {FACT_BOUND: "系统预填", EVIDENCE_TAGGED: "有佐证资料", MANUAL: "人工评定"}


class CoverageError(LookupError):
    """An unknown rubric or subject; ``str()`` is the Chinese reason."""


@dataclass
class CoverageItem:
    code: str
    status: str
    facts: list[str]
    documents: int
    text: str = ""

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def fact_descriptions(self) -> list[str]:
        """What each bound fact reads, in Chinese (the page shows these; the JSON keeps the names)."""
        return [FACTS[name].description if name in FACTS else name for name in self.facts]


@dataclass
class Coverage:
    rubric: str
    version: int
    subject: str
    items: list[CoverageItem] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(item.status == status for item in self.items)

    def share(self, status: str | None = None) -> Decimal:
        """The share of criteria with ``status`` (None: fact-bound or evidence-tagged), as a percentage."""
        if not self.items:
            return Decimal(0)
        n = self.count(FACT_BOUND) + self.count(EVIDENCE_TAGGED) if status is None else self.count(status)
        return (Decimal(100) * n / len(self.items)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def as_json(self) -> dict:
        return {
            "rubric": self.rubric, "criteria": len(self.items), "fact_bound": self.count(FACT_BOUND),
            "evidence_tagged": self.count(EVIDENCE_TAGGED), "manual": self.count(MANUAL),
            "items": [{"code": i.code, "status": i.status, "facts": i.facts, "documents": i.documents}
                      for i in self.items],
        }


def demo_county() -> Region | None:
    return Region.objects.filter(code=DEMO_COUNTIES[0][0]).first()


def coverage(code: str, subject=None, *, version=None) -> Coverage:
    """The coverage of the published rubric ``code`` (its newest version, or ``version``) for ``subject`` (a centre,
    a station, or None: the demo county). Three queries."""
    version = version or latest_published(RUBRICS, code)
    if version is None:
        raise CoverageError(gettext("没有已发布的考核细则「%(code)s」（先运行 manage.py load_fixtures）") % {"code": code})
    if subject is None:
        subject = demo_county()
        if subject is None:
            raise CoverageError(gettext("没有演示县的数据（先运行 manage.py seed_demo），或用 --centre / --station 指定对象"))
    rubric = rubric_of(version)
    keys = keys_of(rubric)
    counts = document_counts(subject, rubric_code=rubric.code)
    result = Coverage(rubric=rubric.code, version=rubric.version, subject=getattr(subject, "name", str(subject)))
    for _, item, criterion in rubric.iter_criteria():
        documents = counts.get(keys[item.code], 0)
        facts = [criterion.fact] if criterion.fact else []
        status = FACT_BOUND if facts else EVIDENCE_TAGGED if documents else MANUAL
        result.items.append(CoverageItem(criterion.code, status, facts, documents, criterion.text))
    return result


def text_report(result: Coverage) -> str:
    lines = [f"考核细则 {result.rubric}（第{result.version}版） · {result.subject}"]
    for item in result.items:
        extra = "、".join(item.facts) if item.facts else ""
        lines.append(f"{item.code:<8} {item.label:<6} 资料 {item.documents:>3} 份  {extra}")
    total = len(result.items)
    lines.append(
        f"共 {total} 项：系统预填 {result.count(FACT_BOUND)} 项（{result.share(FACT_BOUND)}%），"
        f"有佐证资料 {result.count(EVIDENCE_TAGGED)} 项（{result.share(EVIDENCE_TAGGED)}%），"
        f"人工评定 {result.count(MANUAL)} 项（{result.share(MANUAL)}%）；"
        f"预填或有佐证合计 {result.share()}%")
    return "\n".join(lines)
