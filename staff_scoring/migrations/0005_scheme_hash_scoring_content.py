"""Scheme versions: the stored content hash covers the scoring content only (citations, notes, description left out).

D8: a version's scoring content never changes, its provenance may be corrected in place (core.definitions). The hash
of every stored version is recomputed from its stored text with ``scoring.ledger.content_hash``; backwards, the former
hash of the whole mapping is restored. A text the engine no longer reads keeps its hash.
"""

from django.db import migrations

from scoring.checker import json_hash
from scoring.common import DefinitionError, parse_fixture_text
from scoring.ledger import content_hash, load_scheme


def _whole_mapping_hash(data) -> str:
    return json_hash(data, tagged=True)


def _rehash(apps, digest):
    for version in apps.get_model("staff_scoring", "SchemeVersion").objects.all():
        try:
            data = parse_fixture_text(version.source_text)
            load_scheme(data)
        except DefinitionError:
            continue
        new = digest(data)
        if new != version.content_hash:
            version.content_hash = new
            version.save(update_fields=["content_hash"])


def forwards(apps, schema_editor):
    _rehash(apps, content_hash)


def backwards(apps, schema_editor):
    _rehash(apps, _whole_mapping_hash)


class Migration(migrations.Migration):
    dependencies = [("staff_scoring", "0004_appeal_attachment")]
    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
