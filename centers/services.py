"""Writes to the organisation. Each validates in full, saves in a transaction and records who did it."""

from django.db import transaction

from core import audit


@transaction.atomic
def save_with_audit(*, obj, actor, action: str, fields: list[str]):
    """Full-clean and save a model instance edited through a form; record the changed fields."""
    before = None
    if obj.pk:
        old = type(obj).objects.get(pk=obj.pk)
        before = {f: str(getattr(old, f)) for f in fields}
    obj.full_clean()
    obj.save()
    after = {f: str(getattr(obj, f)) for f in fields}
    if before != after:
        audit.record(actor=actor, action=action, target=obj, before=before, after=after, summary=str(obj))
    return obj
