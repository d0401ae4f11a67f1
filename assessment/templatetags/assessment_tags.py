"""Display helpers for assessment pages: points as the engine prints them, and the evaluation summaries other
apps' pages include (a centre's latest evaluations and open rectification items). They only render: the page's view
reads the rows with ``assessment.selectors`` and passes them in."""

from django import template
from django.utils.translation import gettext

from core.templatetags import numbers
from scoring.common import fmt

register = template.Library()


@register.filter
def pts(value) -> str:
    """Points as the engine writes them: ``Decimal("93.50")`` → ``93.5``, ``-0`` → ``0``; empty for None."""
    return numbers.written(value, fmt)


register.filter("signed", numbers.signed)


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.inclusion_tag("assessment/_centre_summary.html", takes_context=True)
def centre_evaluation_summary(context, summary):
    """Renders a centre's evaluation summary from what its page read with ``selectors.centre_summary``."""
    if not summary:
        return {"show": False}
    return {"show": True, "role": context.get("role"), **summary}


@register.inclusion_tag("assessment/_inspector_summary.html")
def inspector_evaluation_summary(summary):
    """Renders the inspector's home summary from what the page read with ``selectors.inspector_summary``."""
    if not summary:
        return {"show": False}
    return {"show": True, **summary}


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
    return gettext("系统根据%(origin)s自动计算：%(label)s") % {"origin": fact.origin, "label": fact.description}
