"""Optimistic locking of edit forms: a record edited through a form carries a ``revision`` number.

The form sends the revision it was loaded at (a hidden field); the service locks the row, compares, and refuses a
stale edit with ``StaleEdit`` (a Chinese ``ValidationError`` carrying the current row), so that of two people editing
the same record the second never silently overwrites the first (no last-write-wins). The view then shows the
current values with the message. Evaluations (``assessment.services.evaluation_save``) follow the same rule with a
conditional UPDATE; ``locked_at`` is the row-lock form of it for the other records::

    obj = revisions.locked_at(StaffEvent.objects.all(), pk=event.pk, revision=revision, what="这条记录")
    ...  # validate and change obj
    obj.revision += 1
    obj.save()
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone


def expected(value: Any) -> int | None:
    """The revision a form posted (0: loaded before the record existed), or None when it is missing or unreadable."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < 2**31 else None


class StaleEdit(ValidationError):
    """The record changed since the form was loaded (or the form carried no revision): nothing was saved."""

    def __init__(self, current: Model, *, what: str = "这条记录", unknown: bool = False, who=None, at=None):
        if who is None and at is None:
            who, at = last_change(current)
        if unknown:
            message = (f"保存未成功：表单缺少有效的版本号（页面可能未完整加载）。下方显示的是{what}当前的内容"
                       f"（第 {current.revision} 版），请核对后重新修改并保存。")
        else:
            when = f"于 {timezone.localtime(at):%m-%d %H:%M} " if at else ""
            message = (f"保存未成功：{what}已被 {who or '他人'} {when}修改（现为第 {current.revision} 版），您的修改未保存。"
                       f"下方显示的是当前的内容，请核对后重新修改并保存。")
        super().__init__(message)
        self.current = current


def last_change(obj: Model) -> tuple[Any, Any]:
    """(who, when) of the latest audit entry of ``obj``, or (None, None)."""
    from core.audit import history

    entry = history(obj).first()
    return (entry.actor, entry.at) if entry is not None else (None, None)


def locked_at(queryset: QuerySet, *, pk: Any, revision: Any, what: str = "这条记录") -> Model:
    """The row ``pk`` of ``queryset``, locked until the transaction ends (call inside ``atomic``), provided it is
    still at ``revision``; otherwise ``StaleEdit`` with the current row."""
    return check(queryset.select_for_update(of=("self",)).get(pk=pk), revision, what=what)


def check(current: Model, revision: Any, *, what: str = "这条记录") -> Model:
    """``current`` (read under a lock) if it is still at the posted ``revision``; otherwise ``StaleEdit``."""
    number = expected(revision)
    if number is None or number != current.revision:
        raise StaleEdit(current, what=what, unknown=number is None)
    return current
