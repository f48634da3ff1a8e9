"""Committees keep their former names; terms of reference hold only what officers write.

- ``CommitteeName``: a name, short code and parent a committee had before its current one, with
  the last day each was used. Meetings, minute references, packs, feeds, search and the API print
  the name in force on the meeting's date; the committee's own fields stay the current ones, and
  ``Committee.former_names_until`` (the last of those days) spares the look-up for later dates.
- ``TermsOfReference`` loses the fields that retyped the records: the membership, the contact
  officer and the schedule of meetings are drawn from the memberships, the committee's contact
  officer and its meetings of that municipal year. A contact officer typed in the terms becomes
  the committee's, where it had none and the name is an officer's.
- ``Committee.terms_of_reference`` (free text, shown only while a committee had no terms of
  reference) goes: the terms are written in one place. Its text becomes the committee's terms for
  the current municipal year (the opening lines the rationale, "-" or "•" lines its points, what
  follows them the operation), so the committee page shows what it showed.

Reversed, the removed fields come back empty.
"""

import re

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")


def split_terms_text(text: str) -> tuple[str, list[str], str]:
    """(opening lines, bullet points, lines after the points) of free-text terms."""
    intro, points, after = [], [], []
    for line in text.replace("\r\n", "\n").split("\n"):
        if BULLET.match(line):
            points.append(BULLET.sub("", line).strip())
        else:
            (after if points else intro).append(line.rstrip())
    return "\n".join(intro).strip(), [p for p in points if p], "\n".join(after).strip()


def municipal_year_now() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 5 else today.year - 1


def full_name(person) -> str:
    return " ".join(part for part in (person.title, person.first_name or person.initials, person.last_name) if part)


def text_to_records(apps, schema_editor):
    Committee = apps.get_model("meetings", "Committee")
    Person = apps.get_model("meetings", "Person")
    TermsOfReference = apps.get_model("meetings", "TermsOfReference")

    year = municipal_year_now()
    for committee in Committee.objects.exclude(terms_of_reference=""):
        if TermsOfReference.objects.filter(committee=committee).exists():
            continue  # its structured terms were shown, never this text
        intro, points, after = split_terms_text(committee.terms_of_reference)
        TermsOfReference.objects.create(
            committee=committee,
            municipal_year=year,
            title="",
            rationale_intro=intro,
            rationale_points="\n".join(points),
            operation=after,
        )

    officers = {}
    for person in Person.objects.filter(kind="officer"):
        officers.setdefault(full_name(person).casefold(), []).append(person)
    done = set()
    for terms in TermsOfReference.objects.exclude(contact_officer="").order_by("-municipal_year"):
        if terms.committee_id in done:
            continue
        done.add(terms.committee_id)
        committee = Committee.objects.get(pk=terms.committee_id)
        if committee.contact_officer_id:
            continue
        name = re.split(r"\s+[-–]\s+", terms.contact_officer.strip(), maxsplit=1)[0]
        found = officers.get(name.casefold(), [])
        if len(found) == 1:
            committee.contact_officer = found[0]
            committee.save(update_fields=["contact_officer"])
    if schema_editor.connection.vendor == "postgresql":
        # The rows written above leave deferred foreign-key checks pending, and PostgreSQL will not
        # alter a table with pending trigger events (the fields removed below): check them now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0020_minute_publicity")]

    operations = [
        migrations.CreateModel(
            name="CommitteeName",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="In full, as printed at the time.", max_length=200)),
                (
                    "short_code",
                    models.CharField(help_text="The prefix of minute references at the time.", max_length=20),
                ),
                (
                    "valid_until",
                    models.DateField(help_text="The last day this name was used.", verbose_name="in use until"),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="former_names",
                        to="meetings.committee",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        help_text="The committee it reported to at the time.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="meetings.committee",
                    ),
                ),
            ],
            options={
                "verbose_name": "former name of a committee",
                "verbose_name_plural": "former names of committees",
                "ordering": ["committee", "valid_until"],
                "constraints": [
                    models.UniqueConstraint(fields=("committee", "valid_until"), name="committee_name_one_per_day"),
                    models.CheckConstraint(
                        condition=models.Q(("short_code", ""), _negated=True),
                        name="committee_name_short_code_not_blank",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("parent", models.F("committee")), _negated=True),
                        name="committee_name_not_own_parent",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="committee",
            name="former_names_until",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text=(
                    "The last day any of its former names was in use (kept by CommitteeName): a meeting after it "
                    "needs no look-up."
                ),
                null=True,
            ),
        ),
        migrations.RunPython(text_to_records, migrations.RunPython.noop),
        migrations.RemoveField(model_name="committee", name="terms_of_reference"),
        migrations.AlterField(
            model_name="committee",
            name="name",
            field=models.CharField(
                help_text=(
                    "Its name today, in full as printed, e.g. 'Children and Young People Scrutiny Committee – "
                    "Ofsted Subgroup'. When it is renamed, add the old name under 'Former names' with its last day."
                ),
                max_length=200,
                unique=True,
            ),
        ),
        migrations.RemoveField(model_name="termsofreference", name="membership"),
        migrations.RemoveField(model_name="termsofreference", name="contact_officer"),
        migrations.RemoveField(model_name="termsofreference", name="schedule_of_meetings"),
        migrations.AlterField(
            model_name="termsofreference",
            name="title",
            field=models.CharField(
                blank=True,
                help_text="As printed at the head of the terms, e.g. 'Ofsted Subgroup'. Blank: the committee's name.",
                max_length=200,
            ),
        ),
        migrations.AlterField(
            model_name="termsofreference",
            name="rationale_intro",
            field=models.TextField(blank=True, default="This Subgroup has been established to:"),
        ),
    ]
