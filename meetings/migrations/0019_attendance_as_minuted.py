"""Attendance and declarations keep the names as minuted at the time, so a later change to a
person's record (a corrected spelling, a new title) does not change minutes already written.

Existing lines are filled from their people, in the wording the minutes printed until now:
attendance 'Councillor T Judge' / 'Mrs B Kellner' (meetings.minutes.selectors.name_as_minuted),
declarations the person's full name. The formatting is copied here, as it was, so that this
migration does not change if that function does.
"""

from django.db import migrations, models


def _short_name(person) -> str:
    if person.kind == "councillor":
        return " ".join(part for part in (person.initials, person.last_name) if part)
    initial = person.initials or (person.first_name[:1] if person.first_name else "")
    return " ".join(part for part in (person.title, initial, person.last_name) if part)


def _full_name(person) -> str:
    names = person.first_name or person.initials
    return " ".join(part for part in (person.title, names, person.last_name) if part)


def _as_minuted(person) -> str:
    if person.kind == "councillor":
        return f"Councillor {_short_name(person)}"
    return _short_name(person) or _full_name(person)


def fill_from_people(apps, schema_editor):
    Attendance = apps.get_model("meetings", "Attendance")
    Declaration = apps.get_model("meetings", "Declaration")
    rows = Attendance.objects.select_related("person", "substitute_for")
    changed = []
    for row in rows.iterator(chunk_size=500):
        row.name_as_minuted = row.name_as_minuted or _as_minuted(row.person)[:200]
        if row.substitute_for_id and not row.substitute_for_name:
            row.substitute_for_name = _as_minuted(row.substitute_for)[:200]
        changed.append(row)
        if len(changed) >= 500:
            Attendance.objects.bulk_update(changed, ["name_as_minuted", "substitute_for_name"])
            changed = []
    if changed:
        Attendance.objects.bulk_update(changed, ["name_as_minuted", "substitute_for_name"])
    changed = []
    for row in Declaration.objects.select_related("person").iterator(chunk_size=500):
        row.name_as_minuted = row.name_as_minuted or _full_name(row.person)[:200]
        changed.append(row)
        if len(changed) >= 500:
            Declaration.objects.bulk_update(changed, ["name_as_minuted"])
            changed = []
    if changed:
        Declaration.objects.bulk_update(changed, ["name_as_minuted"])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0018_limits_cache_table")]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="name_as_minuted",
            field=models.CharField(
                blank=True,
                help_text="The name as the minutes print it, e.g. 'Councillor T Judge', 'Mrs B Kelner'. "
                "Filled from the person's record when left blank.",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="attendance",
            name="substitute_for_name",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The replaced member's name as minuted, kept with the line.",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="declaration",
            name="name_as_minuted",
            field=models.CharField(
                blank=True,
                help_text="The name as the minutes print it at the time. Filled from the person's record when "
                "left blank.",
                max_length=200,
            ),
        ),
        migrations.RunPython(fill_from_people, migrations.RunPython.noop, elidable=True),
    ]
