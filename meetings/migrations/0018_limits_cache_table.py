"""The table of Django's database cache that holds abuse-limit counters when no shared cache
(Redis) is configured (settings CACHES["limits"], meetings/limits.py), so that every web process
counts the same. Created here so that `migrate` is all a deployment runs."""

from django.core.management import call_command
from django.db import migrations

TABLE = "scrutiny_limits_cache"


def create(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0017_flag_untagged_papers"),
    ]

    operations = [migrations.RunPython(create, drop)]
