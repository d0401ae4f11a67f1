"""Recording score-changing actions (who, when, before, after). One function, called from services."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder

from core.models import AuditEntry


def _jsonable(value: Any) -> Any:
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def record(*, actor, action: str, target, before: Any = None, after: Any = None, summary: str = "", reason: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        summary=summary[:300],
        before=_jsonable(before),
        after=_jsonable(after),
        reason=reason,
    )


def history(target):
    """The audit entries of one object, newest first."""
    return (
        AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk))
        .select_related("actor")
    )
