"""Load Ofsted's inspection frameworks as data: areas and grade scales.

Officers add later frameworks in the admin; this only creates or refreshes the ones below
(matched on slug), so running it on a database that already has them changes nothing.
"""

import datetime

from django.db import migrations

FOUR_POINT = [
    ("Outstanding", "Grade 1"),
    ("Good", "Grade 2"),
    ("Requires improvement", "Grade 3"),
    ("Inadequate", "Grade 4"),
]
FOUR_POINT_LA = [
    ("Outstanding", "Grade 1"),
    ("Good", "Grade 2"),
    ("Requires improvement to be good", "Grade 3"),
    ("Inadequate", "Grade 4"),
]
REPORT_CARD = [
    ("Exceptional", "The very highest quality, which few providers achieve"),
    ("Strong standard", "Above the expected standard"),
    ("Expected standard", "Meets the expected standard"),
    ("Needs attention", "Below the expected standard in some respects"),
    ("Urgent improvement", "Well below the expected standard; urgent action needed"),
]

# (code, name, is_overall, where_applicable, other CSV headers)
FRAMEWORKS = [
    {
        "slug": "schools-cif-2015",
        "name": "Common inspection framework: schools (September 2015 to August 2019)",
        "short_name": "Schools, common inspection framework",
        "scope": "schools",
        "in_force_from": datetime.date(2015, 9, 1),
        "in_force_until": datetime.date(2019, 9, 1),
        "judges_safeguarding": True,
        "description": "One overall effectiveness judgement (1 to 4) with four key judgements.",
        "grades": FOUR_POINT,
        "good": 2,
        "areas": [
            ("overall", "Overall effectiveness", True, False, ""),
            ("leadership", "Effectiveness of leadership and management", False, False, "Leadership and management"),
            ("teaching", "Quality of teaching, learning and assessment", False, False, ""),
            ("personal", "Personal development, behaviour and welfare", False, False, ""),
            ("outcomes", "Outcomes for pupils", False, False, ""),
            ("early-years", "Early years provision", False, True, "Early years provision (where applicable)"),
            ("sixth-form", "16 to 19 study programmes", False, True, "Sixth form provision (where applicable)\n16-19 study programmes"),
        ],
    },
    {
        "slug": "schools-eif-2019",
        "name": "Education inspection framework: schools (September 2019 to November 2025)",
        "short_name": "Schools, education inspection framework",
        "scope": "schools",
        "in_force_from": datetime.date(2019, 9, 1),
        "in_force_until": datetime.date(2025, 11, 10),
        "judges_safeguarding": True,
        "description": (
            "One overall effectiveness judgement (1 to 4) with key judgements. From September 2024 "
            "inspections gave the key judgements without an overall effectiveness grade."
        ),
        "grades": FOUR_POINT,
        "good": 2,
        "areas": [
            ("overall", "Overall effectiveness", True, False, ""),
            ("quality", "Quality of education", False, False, ""),
            ("behaviour", "Behaviour and attitudes", False, False, ""),
            ("personal", "Personal development", False, False, ""),
            ("leadership", "Leadership and management", False, False, "Effectiveness of leadership and management"),
            ("early-years", "Early years provision", False, True, "Early years provision (where applicable)"),
            ("sixth-form", "Sixth form provision", False, True, "Sixth form provision (where applicable)"),
        ],
    },
    {
        "slug": "schools-report-card-2025",
        "name": "Report card: schools (from 10 November 2025)",
        "short_name": "Schools, report card",
        "scope": "schools",
        "in_force_from": datetime.date(2025, 11, 10),
        "in_force_until": None,
        "judges_safeguarding": True,
        "description": (
            "A grade for each evaluation area on a five-point scale, and safeguarding met or not met. "
            "No overall grade; not comparable with earlier grades."
        ),
        "grades": REPORT_CARD,
        "good": 0,
        "areas": [
            ("inclusion", "Inclusion", False, False, ""),
            ("curriculum", "Curriculum and teaching", False, False, ""),
            ("achievement", "Achievement", False, False, ""),
            ("attendance", "Attendance and behaviour", False, False, ""),
            ("personal", "Personal development and well-being", False, False, "Personal development and wellbeing"),
            ("early-years", "Early years", False, True, "Early years (where applicable)"),
            ("sixth-form", "Sixth form", False, True, "Sixth form (where applicable)"),
            ("leadership", "Leadership and governance", False, False, ""),
        ],
    },
    {
        "slug": "early-years-2015",
        "name": "Early years: registered settings (September 2015 to November 2025)",
        "short_name": "Early years, graded",
        "scope": "early_years",
        "in_force_from": datetime.date(2015, 9, 1),
        "in_force_until": datetime.date(2025, 11, 10),
        "judges_safeguarding": False,
        "description": "One overall effectiveness judgement (1 to 4) with key judgements.",
        "grades": FOUR_POINT,
        "good": 2,
        "areas": [
            ("overall", "Overall effectiveness", True, False, ""),
            ("quality", "Quality of education", False, True, "Quality of teaching, learning and assessment"),
            ("behaviour", "Behaviour and attitudes", False, True, ""),
            ("personal", "Personal development", False, True, "Personal development, behaviour and welfare"),
            ("leadership", "Leadership and management", False, False, "Effectiveness of leadership and management"),
            ("outcomes", "Outcomes for children", False, True, ""),
        ],
    },
    {
        "slug": "early-years-report-card-2025",
        "name": "Report card: early years (from 10 November 2025)",
        "short_name": "Early years, report card",
        "scope": "early_years",
        "in_force_from": datetime.date(2025, 11, 10),
        "in_force_until": None,
        "judges_safeguarding": True,
        "description": "A grade for each evaluation area on a five-point scale, and safeguarding met or not met.",
        "grades": REPORT_CARD,
        "good": 0,
        "areas": [
            ("curriculum", "Curriculum and teaching", False, False, ""),
            ("achievement", "Achievement", False, False, ""),
            ("welfare", "Children's welfare and well-being", False, False, "Children's welfare and wellbeing"),
            ("inclusion", "Inclusion", False, False, ""),
            ("leadership", "Leadership and governance", False, False, ""),
        ],
    },
    {
        "slug": "sif-2013",
        "name": "Single inspection framework: children's services (November 2013 to December 2017)",
        "short_name": "Children's services, SIF",
        "scope": "la_childrens_services",
        "in_force_from": datetime.date(2013, 11, 1),
        "in_force_until": datetime.date(2018, 1, 1),
        "judges_safeguarding": False,
        "description": "Services for children in need of help and protection, children looked after and care leavers.",
        "grades": FOUR_POINT_LA,
        "good": 2,
        "areas": [
            ("overall", "Overall effectiveness", True, False, ""),
            ("help-protection", "Children who need help and protection", False, False, ""),
            ("looked-after", "Children looked after and achieving permanence", False, False, ""),
            ("adoption", "Adoption performance", False, True, ""),
            ("care-leavers", "Experiences and progress of care leavers", False, True, ""),
            ("leadership", "Leadership, management and governance", False, False, ""),
        ],
    },
    {
        "slug": "ilacs-2018",
        "name": "Inspecting local authority children's services (ILACS, from January 2018)",
        "short_name": "Children's services, ILACS",
        "scope": "la_childrens_services",
        "in_force_from": datetime.date(2018, 1, 1),
        "in_force_until": None,
        "judges_safeguarding": False,
        "description": (
            "Standard and short inspections judge overall effectiveness and the experiences and "
            "progress of children who need help and protection, of children in care and of care "
            "leavers. Focused visits and monitoring visits are not graded."
        ),
        "grades": FOUR_POINT_LA,
        "good": 2,
        "areas": [
            ("overall", "Overall effectiveness", True, False, ""),
            ("leaders", "The impact of leaders on social work practice with children and families", False, False, ""),
            ("help-protection", "The experiences and progress of children who need help and protection", False, False, ""),
            ("in-care", "The experiences and progress of children in care", False, False, "The experiences and progress of children looked after and achieving permanence"),
            ("care-leavers", "The experiences and progress of care leavers", False, False, ""),
        ],
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
                for key in ("name", "short_name", "scope", "in_force_from", "in_force_until",
                            "judges_safeguarding", "description")
            },
        )
        for rank, (label, description) in enumerate(spec["grades"], start=1):
            Grade.objects.update_or_create(
                framework=framework,
                rank=rank,
                defaults={"label": label, "description": description, "is_good_or_better": rank <= spec["good"]},
            )
        for order, (code, name, is_overall, where_applicable, headers) in enumerate(spec["areas"], start=1):
            EvaluationArea.objects.update_or_create(
                framework=framework,
                code=code,
                defaults={
                    "name": name,
                    "order": order,
                    "is_overall": is_overall,
                    "where_applicable": where_applicable,
                    "import_headers": headers,
                },
            )


def unload(apps, schema_editor):
    apps.get_model("inspections", "Framework").objects.filter(
        slug__in=[spec["slug"] for spec in FRAMEWORKS], inspections__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
