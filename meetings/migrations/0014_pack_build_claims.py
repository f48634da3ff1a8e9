from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0013_decision_kinds_procedural_untracked"),
    ]

    operations = [
        migrations.CreateModel(
            name="BuildClaim",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, unique=True)),
                ("token", models.CharField(max_length=32)),
                ("claimed_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "pack build claim",
            },
        ),
        migrations.AlterField(
            model_name="packbuild",
            name="path",
            field=models.CharField(blank=True, help_text="The file's name in the packs storage.", max_length=300),
        ),
    ]
