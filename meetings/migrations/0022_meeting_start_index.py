from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0021_committee_names"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["start"], name="meeting_start_idx"),
        ),
    ]
