"""Writes to the organisation. Each validates in full, saves in a transaction and records who did it."""

from typing import Any

from django.db import transaction

from core import audit, revisions

UNREVISED = object()  # a record without a revision (centres, stations, windows)


@transaction.atomic
def save_with_audit(*, obj, actor, action: str, fields: list[str], revision: Any = UNREVISED, what: str = "这条记录"):
    """Full-clean and save a model instance edited through a form; record the changed fields.

    ``revision``: for a record that carries one (staff), the one the form was loaded at; the row is locked and a
    record changed since is not overwritten (``core.revisions.StaleEdit`` naming ``what``, the current row attached).
    """
    before = None
    if obj.pk:
        if revision is UNREVISED:
            old = type(obj).objects.get(pk=obj.pk)
        else:
            old = revisions.locked_at(type(obj).objects.all(), pk=obj.pk, revision=revision, what=what)
            obj.revision = old.revision + 1
        before = {f: str(getattr(old, f)) for f in fields}
    obj.full_clean()
    obj.save()
    after = {f: str(getattr(obj, f)) for f in fields}
    if before != after:
        audit.record(actor=actor, action=action, target=obj, before=before, after=after, summary=str(obj))
    return obj
