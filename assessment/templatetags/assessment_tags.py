"""Display helpers for assessment pages: points as the engine prints them, and the evaluation summaries other
apps' pages include (a centre's latest evaluations and open rectification items). Reads go through selectors."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.translation import gettext

from core.templatetags import numbers
from scoring.common import fmt

register = template.Library()


@register.filter
def pts(value) -> str:
    """Points as the engine writes them: ``Decimal("93.50")`` → ``93.5``, ``-0`` → ``0``; empty for None."""
    if value is None or value == "":
        return ""
    try:
        return fmt(value if isinstance(value, Decimal) else Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return str(value)


register.filter("signed", numbers.signed)


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


SUMMARY_ROWS = 8
RECENT_WINDOW = 50  # rows read at once for the summary


@register.inclusion_tag("assessment/_centre_summary.html", takes_context=True)
def centre_evaluation_summary(context, centre):
    """The centre's (and its stations' and windows') latest evaluations and its open rectification items.

    The centre's own latest self-assessment and latest inspection come first whatever its stations and windows
    did since, then the newest of the rest up to ``SUMMARY_ROWS``; ``total`` says how many there are in all.
    """
    from assessment import selectors
    from assessment.models import INSPECTION_KINDS, EvaluationKind, EvaluationSubject

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or centre is None:
        return {"show": False}
    today = timezone.localdate()
    order = ("-period", "-evaluated_on", "-pk")
    base = selectors.evaluation_list(user).filter(centre=centre)
    # One query in the usual case: the newest rows hold the centre's own latest ones; older ones only when not.
    recent = list(base.order_by(*order)[:RECENT_WINDOW])
    complete = len(recent) < RECENT_WINDOW
    total = len(recent) if complete else base.count()
    own = base.filter(subject_kind=EvaluationSubject.CENTRE).order_by(*order)
    pinned = []
    for kinds in ({EvaluationKind.SELF}, set(INSPECTION_KINDS)):
        found = next((e for e in recent if e.subject_kind == EvaluationSubject.CENTRE and e.kind in kinds), None)
        if found is None and not complete:
            found = own.filter(kind__in=kinds).first()
        if found is not None:
            pinned.append(found)
    rest = [e for e in recent if e not in pinned][:SUMMARY_ROWS - len(pinned)]
    evaluations = pinned + rest
    items = list(selectors.open_rectifications(user).filter(record__centre=centre).order_by("due_on", "pk")[:20])
    return {"show": True, "centre": centre, "evaluations": evaluations, "total": total,
            "truncated": total > len(evaluations), "items": items, "today": today,
            "role": context.get("role"), "year": today.year,
            "overdue": sum(1 for i in items if i.is_overdue(today))}


@register.inclusion_tag("assessment/_inspector_summary.html", takes_context=True)
def inspector_evaluation_summary(context):
    """The inspector's home: drafts in progress, submissions awaiting finalisation, overdue rectifications."""
    from assessment import selectors
    from assessment.models import EvaluationState

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"show": False}
    today = timezone.localdate()
    base = selectors.evaluation_list(user)
    return {
        "show": True,
        "drafts": list(base.filter(state=EvaluationState.DRAFT).order_by("-updated_at")[:10]),
        "submitted": list(base.filter(state=EvaluationState.SUBMITTED).order_by("-submitted_at")[:10]),
        "overdue": list(selectors.overdue_rectifications(user, today)[:10]),
        "today": today,
    }


@register.filter
def dom(code: str) -> str:
    """A criterion, item or section code as an HTML id part ("1.2.3" → "1-2-3")."""
    return str(code).replace(".", "-")


@register.filter
def fact_text(name) -> str:
    """A criterion's fact binding in plain Chinese: where the system reads it and what it is, never the code name
    (``matters.required_missing`` → "系统根据事项目录自动计算：对照本镇进驻事项目录，未进驻…的事项数")."""
    from scoring.rubric.facts import FACTS

    fact = FACTS.get(str(name or ""))
    if fact is None:
        return gettext("系统根据本地数据自动计算")
    label = fact.description.replace(",", "，").replace("(", "（").replace(")", "）")
    return gettext("系统根据%(origin)s自动计算：%(label)s") % {"origin": fact.origin, "label": label}
