"""Load the school and early years frameworks in force before September 2015.

Ofsted's current management information still carries them: schools whose latest graded
inspection is older than 2015 and, for most schools, the previous graded inspection. Until
September 2012 (schools) and November 2013 (early years) grade 3 was "Satisfactory", not
"Requires improvement"; each framework keeps its own words. Matched on slug, so running it on
a database that already has them changes nothing.
"""

import datetime

from django.db import migrations

SATISFACTORY = ["Outstanding", "Good", "Satisfactory", "Inadequate"]
REQUIRES_IMPROVEMENT = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
LEADERSHIP = ("leadership", "Leadership and management", False, "Effectiveness of leadership and management")
OVERALL = ("overall", "Overall effectiveness", True, "")

FRAMEWORKS = [
    {
        "slug": "schools-2005",
        "name": "Section 5 inspections: schools (September 2005 to August 2012)",
        "short_name": "Schools, section 5 (2005)",
        "scope": "schools",
        "in_force_from": datetime.date(2005, 9, 1),
        "in_force_until": datetime.date(2012, 9, 1),
        "description": "One overall effectiveness judgement (1 to 4); grade 3 was Satisfactory.",
        "grades": SATISFACTORY,
        "areas": [OVERALL, LEADERSHIP],
    },
    {
        "slug": "schools-2012",
        "name": "School inspection framework (September 2012 to August 2015)",
        "short_name": "Schools, 2012 framework",
        "scope": "schools",
        "in_force_from": datetime.date(2012, 9, 1),
        "in_force_until": datetime.date(2015, 9, 1),
        "description": "One overall effectiveness judgement (1 to 4); grade 3 became Requires improvement.",
        "grades": REQUIRES_IMPROVEMENT,
        "areas": [OVERALL, LEADERSHIP],
    },
    {
        "slug": "early-years-2008",
        "name": "Early years foundation stage: registered settings (September 2008 to November 2013)",
        "short_name": "Early years, EYFS (2008)",
        "scope": "early_years",
        "in_force_from": datetime.date(2008, 9, 1),
        "in_force_until": datetime.date(2013, 11, 4),
        "description": "One overall effectiveness judgement (1 to 4); grade 3 was Satisfactory.",
        "grades": SATISFACTORY,
        "areas": [OVERALL],
    },
    {
        "slug": "early-years-2013",
        "name": "Early years: registered settings (November 2013 to August 2015)",
        "short_name": "Early years, 2013",
        "scope": "early_years",
        "in_force_from": datetime.date(2013, 11, 4),
        "in_force_until": datetime.date(2015, 9, 1),
        "description": "One overall effectiveness judgement (1 to 4); grade 3 became Requires improvement.",
        "grades": REQUIRES_IMPROVEMENT,
        "areas": [OVERALL],
    },
]


def load(apps, schema_editor):
    Framework = apps.get_model("inspections", "Framework")
    EvaluationArea = apps.get_model("inspections", "EvaluationArea")
    Grade = apps.get_model("inspections", "Grade")
    for spec in FRAMEWORKS:
        framework, _ = Framework.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                key: spec[key]
                for key in ("name", "short_name", "scope", "in_force_from", "in_force_until", "description")
            },
        )
        for rank, label in enumerate(spec["grades"], start=1):
            Grade.objects.update_or_create(
                framework=framework, rank=rank, defaults={"label": label, "is_good_or_better": rank <= 2}
            )
        for order, (code, name, is_overall, headers) in enumerate(spec["areas"], start=1):
            EvaluationArea.objects.update_or_create(
                framework=framework,
                code=code,
                defaults={"name": name, "order": order, "is_overall": is_overall, "import_headers": headers},
            )


def unload(apps, schema_editor):
    apps.get_model("inspections", "Framework").objects.filter(
        slug__in=[spec["slug"] for spec in FRAMEWORKS], inspections__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_inspection_outcome_category_number")]

    operations = [migrations.RunPython(load, unload)]
