"""Rubric versions: the stored content hash covers the scoring content only (citations and notes left out).

D8: a version's scoring content never changes, its provenance may be corrected in place (core.definitions). The hash
of every stored version is recomputed from its stored text with ``scoring.rubric.content_hash``; backwards, the
former hash of the whole canonical form (``canonical_json``) is restored. A text the engine no longer reads keeps
its hash.
"""

import hashlib

from django.db import migrations

from scoring.common import DefinitionError
from scoring.rubric import canonical_json, content_hash, load_rubric


def _rehash(apps, digest):
    for version in apps.get_model("assessment", "RubricVersion").objects.all():
        try:
            new = digest(load_rubric(version.source_text))
        except DefinitionError:
            continue
        if new != version.content_hash:
            version.content_hash = new
            version.save(update_fields=["content_hash"])


def forwards(apps, schema_editor):
    _rehash(apps, content_hash)


def backwards(apps, schema_editor):
    _rehash(apps, lambda rubric: hashlib.sha256(canonical_json(rubric).encode("utf-8")).hexdigest())


class Migration(migrations.Migration):
    dependencies = [("assessment", "0002_evaluations")]
    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
