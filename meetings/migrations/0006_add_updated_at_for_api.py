"""When committees, people, memberships and agenda items last changed: the API's modified_since."""

import django.utils.timezone
from django.db import migrations, models


def field():
    return models.DateTimeField(
        auto_now=True,
        default=django.utils.timezone.now,
        help_text="When this record last changed (API modified_since).",
    )


class Migration(migrations.Migration):

    dependencies = [("meetings", "0005_add_email_alerts_and_calendar_sequences")]

    operations = [
        migrations.AddField(model_name=name, name="updated_at", field=field(), preserve_default=False)
        for name in ("committee", "person", "membership", "agendaitem")
    ]
