"""The database cache's table (config/settings.py CACHES), made by `migrate` so that every way the project is set up
— the README's production steps, `make demo`, the benchmarks, the test databases — has it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
