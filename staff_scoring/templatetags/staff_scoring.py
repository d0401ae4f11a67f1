"""Template helpers: the staff member's score card on their home page and Chinese labels for audit fields (a scheme's
name and texts without decision numbers: ``core.templatetags.definitions``)."""

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from staff_scoring.models import AppealStatus, EventKind, EventStatus
from staff_scoring.services import FIELD_LABELS

register = template.Library()

AUDIT_LABELS = {**FIELD_LABELS, "staff": "工作人员", "staff_id": "人员编号", "kind": "类型", "status": "状态",
                "scheme": "计分方案", "appeal": "申诉", "photo": "照片", "published": "已发布", "active": "有效",
                "code": "编码", "version": "版本", "hash": "摘要", "centre": "中心",
                "attachment": "附件", "type": "附件类型", "size": "附件大小"}  # an appeal's proof (file_appeal)


@register.inclusion_tag("staff_scoring/_my_scores.html")
def my_scores(card):
    """Renders the staff member's card on their home page from what the page read with ``selectors.home_scores``."""
    return card or {}


@register.filter
def field_label(name: str) -> str:
    return AUDIT_LABELS.get(name, name)


AUDIT_HIDDEN = frozenset({"staff_id", "scheme", "hash", "appeal"})  # internal ids and codes: the page names them elsewhere
AUDIT_VALUES = {"kind": dict(EventKind.choices), "status": {**dict(AppealStatus.choices), **dict(EventStatus.choices)}}
AUDIT_FORMATS = {"size": filesizeformat}  # bytes as 1.6 KB
# Shown in the label table's order: PostgreSQL's jsonb keeps a snapshot's keys in its own order, not as written.
AUDIT_ORDER = {name: position for position, name in enumerate(AUDIT_LABELS)}


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


@register.filter
def audit_items(snapshot, other=None) -> list[tuple[str, object]]:
    """An audit snapshot as (Chinese label, readable value) pairs, without internal ids and scheme codes, in the
    same order on every database. Empty values are left out (a record's snapshot holds every field, most of them
    unused by its rule), except where ``other`` — the other side of a change (``entry.after|audit_items:entry.before``)
    — has a value for the field: a value changed to or from nothing shows as 「（空）」."""
    if not isinstance(snapshot, dict):
        return []
    other = other if isinstance(other, dict) else {}
    items = []
    for name, value in sorted(snapshot.items(), key=lambda item: AUDIT_ORDER.get(item[0], len(AUDIT_ORDER))):
        if name in AUDIT_HIDDEN:
            continue
        if _empty(value):
            if _empty(other.get(name)):
                continue
            value = gettext("（空）")
        elif isinstance(value, bool):
            value = "是" if value else "否"
        elif name in AUDIT_FORMATS:
            value = AUDIT_FORMATS[name](value)
        else:
            value = AUDIT_VALUES.get(name, {}).get(value, value)
        items.append((AUDIT_LABELS.get(name, name), value))
    return items
