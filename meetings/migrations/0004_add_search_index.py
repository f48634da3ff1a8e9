"""The search index (SearchEntry) and, on PostgreSQL only, the GIN index over its tsvector."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

GIN_INDEX = "meetings_searchentry_vector_gin"


def create_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON meetings_searchentry USING gin (search_vector)"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0003_add_minutes_decisions_work_programme"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(help_text="What this is, e.g. meeting, agenda_item, paper.", max_length=40)),
                ("object_id", models.PositiveBigIntegerField()),
                ("title", models.CharField(max_length=500)),
                ("body", models.TextField(blank=True)),
                ("url", models.CharField(blank=True, max_length=500)),
                ("date", models.DateField(blank=True, null=True)),
                ("exempt", models.BooleanField(default=False, help_text="Only for people allowed to see exempt papers.")),
                ("published", models.BooleanField(default=True, help_text="False for draft material (officers only).")),
                ("fingerprint", models.CharField(blank=True, help_text="Identifies the source file, so rebuilds can reuse extracted text.", max_length=200)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ("committee", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="meetings.committee")),
                ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype")),
                ("meeting", models.ForeignKey(blank=True, help_text="The meeting whose publication decides visibility, if any.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="meetings.meeting")),
            ],
            options={
                "verbose_name_plural": "search entries",
                "ordering": ["-date", "-id"],
                "indexes": [
                    models.Index(fields=["kind", "date"], name="meetings_se_kind_34f0b3_idx"),
                    models.Index(fields=["committee", "date"], name="meetings_se_committ_2291d8_idx"),
                    models.Index(fields=["-date", "-id"], name="search_entry_newest"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("content_type", "object_id"), name="search_entry_one_per_object"),
                ],
            },
        ),
        migrations.RunPython(create_gin_index, drop_gin_index, elidable=False),
    ]
