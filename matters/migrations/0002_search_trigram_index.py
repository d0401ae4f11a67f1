"""On PostgreSQL: pg_trgm and a GIN trigram index on Matter.search_text, so the public catalogue's Chinese search
(ILIKE '%…%' and trigram word similarity) uses an index. Nothing on SQLite, where search is a plain icontains.

If the extension cannot be created (no privilege), the index is skipped and search still works, unindexed.
"""

from django.db import DatabaseError, migrations, transaction


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                "CREATE INDEX IF NOT EXISTS matter_search_trgm ON matters_matter USING gin (search_text gin_trgm_ops)"
            )
    except DatabaseError:  # pragma: no cover - depends on the server's privileges
        pass


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS matter_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("matters", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
