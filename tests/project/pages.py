"""One URL of each public page type, for the tests that visit them all (small screens, HTML validity)."""

import datetime
from pathlib import Path

from django.urls import reverse

SEED_DOCX = Path(__file__).parents[1] / "meetings" / "reports" / "fixtures" / "officer-report-2017-09-12.docx"


def add_word_report() -> None:
    """The seed officer report, imported from Word onto a demo meeting's item (the demo uploads PDFs)."""
    from meetings.models import Meeting
    from meetings.reports.services import officer_report_import_docx

    meeting = Meeting.objects.get(committee__slug="ofsted-subgroup", start__date=datetime.date(2018, 10, 2))
    item = meeting.items.filter(exempt=False).order_by("number").last()
    officer_report_import_docx(data=SEED_DOCX.read_bytes(), item=item)


def public_pages() -> dict[str, str]:
    """One URL of each public page type, from the demo data (with add_word_report())."""
    from actionplans.models import Action, ActionPlan, Snapshot
    from inspections.models import Inspection, Provider
    from meetings.models import Committee, Meeting, Paper, Person

    committee = Committee.objects.get(slug="ofsted-subgroup")
    meeting = Meeting.objects.get(committee=committee, start__date=datetime.date(2018, 10, 2))
    minutes = Meeting.objects.filter(minutes__published_on__isnull=False).order_by("-start").first()
    report = Paper.objects.filter(report__isnull=False, exempt=False, item__exempt=False).first()
    upload = Paper.objects.filter(
        report__isnull=True, exempt=False, item__exempt=False, item__meeting__agenda_issued_on__isnull=False
    ).first()
    plan = ActionPlan.objects.first()
    snapshot = Snapshot.objects.filter(plan=plan).order_by("-as_at").first()
    pages = {
        "home": "/",
        "committees": reverse("meetings:committee-list"),
        "committee": committee.get_absolute_url(),
        "work-programme": reverse("meetings:work-programme", args=[committee.slug]),
        "meetings": reverse("meetings:meeting-list"),
        "past-meetings": reverse("meetings:meeting-list") + "?when=past",
        "meeting": meeting.get_absolute_url(),
        "minutes": reverse("meetings:minutes", args=[minutes.pk]),
        "report": report.get_html_url(),
        "paper-text": reverse("meetings:paper-text", args=[upload.pk]),
        "people": reverse("meetings:person-list"),
        "person": Person.objects.get(slug="lovecy").get_absolute_url(),
        "decisions": reverse("meetings:decisions-register"),
        "search": reverse("search:search") + "?q=Ofsted",
        "search-empty": reverse("search:search"),
        "alerts": reverse("meetings:alert-subscribe"),
        "alerts-check-email": reverse("meetings:alert-check-email"),
        "accessibility": reverse("accessibility"),
        "open-data": reverse("open-data"),
        "plans": reverse("actionplans:plan-list"),
        "plan": plan.get_absolute_url(),
        "action": Action.objects.filter(recommendation__section__plan=plan).first().get_absolute_url(),
        "snapshot": snapshot.get_absolute_url(),
        "snapshot-compare": reverse("actionplans:snapshot-compare", args=[plan.pk]),
        "inspections": reverse("inspections:register"),
        "inspections-dashboard": reverse("inspections:dashboard"),
        "provider": Provider.objects.filter(inspections__isnull=False).first().get_absolute_url(),
        "inspection": Inspection.objects.first().get_absolute_url(),
        "login": reverse("login"),
        "not-found": "/meetings/999999/",
    }
    return pages
