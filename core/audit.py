"""Recording score-changing actions (who, when, before, after). One function, called from services.

It is also the services' last line against a read-only role (the supervisor): every audited write runs in its
service's transaction and passes here, so a supervisor's write is refused and rolled back even if a view let it
through."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext

from core.access import user_role
from core.models import AuditEntry
from core.roles import READ_ONLY


def _jsonable(value: Any) -> Any:
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def record(*, actor, action: str, target, before: Any = None, after: Any = None, summary: str = "", reason: str = "") -> AuditEntry:
    if actor is not None and user_role(actor) in READ_ONLY:
        raise PermissionDenied(gettext("上级监管人员只能查看，不能修改数据"))
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
