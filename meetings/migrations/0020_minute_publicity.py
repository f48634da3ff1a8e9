"""A minute is public or exempt in its own right (issue 13, point 4).

``Minute.exempt`` (a flag ORed with the agenda item's) becomes ``Minute.publicity``: "" follows
the agenda item (the default), "public" publishes the minute of a private item as a public
summary, "exempt" keeps the minute of a public item private. ``exempt_annex`` holds the detail
of a public summary that stays exempt. A minute marked exempt stays exempt ("exempt"); the others
follow their item, as they did. The audit trail's copies are migrated the same way. The proxy
``MinuteExemptAnnex`` gives an exempt annex its own search entry (exempt, for councillors).

Reversed, "exempt" becomes exempt=True and the rest exempt=False: a public summary of a private
item is then exempt again through its item, which withholds more, never less.
"""

from django.db import migrations, models

PUBLICITY_CHOICES = [("", "As its agenda item"), ("public", "Public"), ("exempt", "Exempt (not for publication)")]
PUBLICITY_HELP = (
    "“As its agenda item”: the public read this minute if the item was taken in public, and only "
    "councillors and officers if it was taken in private. Choose “Public” to publish the minute of a "
    "private item as a public summary (its text and decisions), keeping any detail that must stay private "
    "in the exempt annex below. Choose “Exempt” to keep the minute of a public item private."
)
ANNEX_HELP = (
    "Detail that is not for publication, for a minute published as a public summary of a private item. "
    "Only councillors and officers see it, marked as exempt with the item’s paragraph of Schedule 12A; the "
    "public see only the text and decisions above. Leave blank if there is none."
)


def exempt_to_publicity(apps, schema_editor):
    for name in ("Minute", "HistoricalMinute"):
        model = apps.get_model("meetings", name)
        model.objects.filter(exempt=True).update(publicity="exempt")


def publicity_to_exempt(apps, schema_editor):
    for name in ("Minute", "HistoricalMinute"):
        model = apps.get_model("meetings", name)
        model.objects.filter(publicity="exempt").update(exempt=True)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0019_attendance_as_minuted")]

    operations = [
        migrations.AddField(
            model_name="minute",
            name="publicity",
            field=models.CharField(
                "who may read it",
                blank=True,
                choices=PUBLICITY_CHOICES,
                default="",
                help_text=PUBLICITY_HELP,
                max_length=6,
            ),
        ),
        migrations.AddField(
            model_name="historicalminute",
            name="publicity",
            field=models.CharField(
                "who may read it",
                blank=True,
                choices=PUBLICITY_CHOICES,
                default="",
                help_text=PUBLICITY_HELP,
                max_length=6,
            ),
        ),
        migrations.AddField(
            model_name="minute",
            name="exempt_annex",
            field=models.TextField("exempt annex", blank=True, help_text=ANNEX_HELP),
        ),
        migrations.AddField(
            model_name="historicalminute",
            name="exempt_annex",
            field=models.TextField("exempt annex", blank=True, help_text=ANNEX_HELP),
        ),
        migrations.RunPython(exempt_to_publicity, publicity_to_exempt),
        migrations.RemoveField(model_name="minute", name="exempt"),
        migrations.RemoveField(model_name="historicalminute", name="exempt"),
        migrations.AddConstraint(
            model_name="minute",
            constraint=models.CheckConstraint(
                condition=models.Q(("publicity__in", ["", "public", "exempt"])), name="minute_publicity_valid"
            ),
        ),
        migrations.CreateModel(
            name="MinuteExemptAnnex",
            fields=[],
            options={
                "verbose_name": "exempt annex of a minute",
                "verbose_name_plural": "exempt annexes of minutes",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("meetings.minute",),
        ),
    ]
