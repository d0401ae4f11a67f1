"""Template helpers: the staff member's score card on their home page, and Chinese labels for audit fields."""

from django import template
from django.utils import timezone

from staff_scoring import scoring
from staff_scoring.periods import period_containing
from staff_scoring.selectors import active_duties
from staff_scoring.services import FIELD_LABELS

register = template.Library()

AUDIT_LABELS = {**FIELD_LABELS, "staff": "工作人员", "staff_id": "人员编号", "kind": "类型", "status": "状态",
                "scheme": "计分方案", "appeal": "申诉", "photo": "照片", "published": "已发布", "active": "有效",
                "code": "编码", "version": "版本", "hash": "摘要", "centre": "中心"}


@register.inclusion_tag("staff_scoring/_my_scores.html", takes_context=True)
def my_scores(context, person):
    """This month as it stands for the staff member on their home page, and the centres where they are on duty."""
    user = context.get("user")
    month = period_containing(timezone.localdate())
    return {
        "person": person,
        "score": scoring.score_one(person, month) if person is not None else None,
        "duties": list(active_duties(user)) if user is not None else [],
    }


@register.filter
def field_label(name: str) -> str:
    return AUDIT_LABELS.get(name, name)
