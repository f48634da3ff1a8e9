from django.core.files.base import ContentFile

from meetings.models import OfficerReport, Paper, ReportAlignment, ReportContact, ReportSection
from tests.factories import AgendaItemFactory, OfficerReportFactory  # noqa: F401
from tests.pdfs import make_pdf


def upload(item, *, title="Report", pages=1, text=None, exempt=False, order=None) -> Paper:
    """An uploaded PDF paper with its real page count and hash (as paper_create records them)."""
    from meetings.agendas.services import paper_create

    data = make_pdf(pages, text=text or title)
    return paper_create(item=item, title=title, file=ContentFile(data, name="paper.pdf"), exempt=exempt, order=order)


def authored(item, *, subject="Post Ofsted Inspection Action Plan", sections=2, paragraphs=3,
             exempt=False, text="Progress") -> Paper:
    report = OfficerReportFactory(subject=subject)
    ReportAlignment.objects.create(report=report, order=1, outcome="A thriving and sustainable city",
                                   alignment="Effective children's social care services.")
    ReportContact.objects.create(report=report, order=1, name="Sean McKendrick",
                                 position="Deputy Director of Children's Services",
                                 telephone="0161 234 4934", email="s.mckendrick@example.org")
    for n in range(1, sections + 1):
        body = "\n\n".join(f"{text} paragraph {n}.{p} of the report." for p in range(1, paragraphs + 1))
        ReportSection.objects.create(report=report, order=n, heading=f"Section {n}", body=body)
    paper = Paper(item=item, title=subject, report=report, exempt=exempt, order=item.papers.count() + 1)
    paper.full_clean()
    paper.save()
    return paper
