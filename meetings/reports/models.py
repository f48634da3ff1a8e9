"""Officer reports written in the admin, and the record of built agenda packs.

An officer report has the structured fields of a council report (see
shared/seeds/officer-report-2017-09-12.txt): for information or for resolution, report to,
subject, report of, summary, recommendations, wards affected, a strategy alignment table,
contact officers, background documents and numbered sections. A paper (meetings.Paper) is either
an uploaded PDF or one of these reports; the report is rendered to PDF for the pack and for
download, and shown as an HTML page.

Section bodies are plain text (no HTML is stored, so nothing needs sanitising) in the format
described in meetings/reports/presenters.py: three levels of numbering, unnumbered paragraphs,
sub-headings, lists, tables, images, bold and italic. Word documents are imported into the same
fields (meetings/reports/wordimport.py).
"""

from django.db import models
from django.db.models import Q

from meetings.reports import presenters


class OfficerReport(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", "Report for Information"
        RESOLUTION = "resolution", "Report for Resolution"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.INFORMATION)
    report_to = models.CharField(
        max_length=300, help_text="The committee and meeting, e.g. 'Ofsted Subgroup – 2 October 2018'."
    )
    subject = models.CharField(max_length=400)
    report_of = models.CharField(max_length=300, help_text="e.g. 'Deputy Director of Children's Services'.")
    summary = models.TextField()
    recommendations = models.TextField(help_text="What the committee is asked to do.")
    wards_affected = models.CharField(max_length=300, default="All")
    alignment_heading = models.CharField(
        max_length=300,
        blank=True,
        default="Alignment to the Our Manchester Strategy Outcomes (if applicable)",
        help_text="Heading of the strategy alignment table; the table is left out when it has no rows.",
    )
    background_documents = models.TextField(
        blank=True, help_text="One document per line. Leave blank if there are none."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "officer report"
        constraints = [
            models.CheckConstraint(condition=~Q(subject=""), name="officer_report_subject_not_blank"),
            models.CheckConstraint(
                condition=Q(kind__in=["information", "resolution"]), name="officer_report_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def background_list(self) -> list[str]:
        return [line.strip() for line in self.background_documents.splitlines() if line.strip()]


class ReportAlignment(models.Model):
    report = models.ForeignKey(OfficerReport, on_delete=models.CASCADE, related_name="alignments")
    order = models.PositiveSmallIntegerField(default=1)
    outcome = models.TextField(help_text="The strategy outcome.")
    alignment = models.TextField(help_text="How this report aligns to it.")

    class Meta:
        ordering = ["report", "order", "id"]
        verbose_name = "strategy alignment row"

    def __str__(self) -> str:
        return self.outcome[:80]


class ReportContact(models.Model):
    report = models.ForeignKey(OfficerReport, on_delete=models.CASCADE, related_name="contacts")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=200)
    position = models.CharField(max_length=200, blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["report", "order", "id"]
        verbose_name = "contact officer"

    def __str__(self) -> str:
        return self.name


class ReportImage(models.Model):
    """An image shown in a section (``![alt text](number)``). Stored under pack-assets/, which the
    PDF renderer may read; nothing under MEDIA_ROOT is served by URL, so the web page inlines it."""

    report = models.ForeignKey(OfficerReport, on_delete=models.CASCADE, related_name="images")
    order = models.PositiveSmallIntegerField(
        default=1, help_text="Refer to it in a section as ![alt text](this number)."
    )
    image = models.ImageField(upload_to="pack-assets/report-images/")

    class Meta:
        ordering = ["report", "order", "id"]
        verbose_name = "report image"
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="report_image_order_unique"),
        ]

    def __str__(self) -> str:
        return f"Image {self.order}"


class ReportSection(models.Model):
    report = models.ForeignKey(OfficerReport, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=1, help_text="Sections are numbered 1.0, 2.0 … in this order.")
    heading = models.CharField(max_length=300)
    body = models.TextField(
        help_text=(
            "Paragraphs separated by a blank line are numbered 1.1, 1.2 …; start one with '+ ' for a "
            "sub-paragraph (1.2.1) or '~ ' for an unnumbered paragraph, a line with '# ' for a sub-heading. "
            "Lines starting '- ' make a bulleted list, '1. ' a numbered list, '| a | b |' a table (first row "
            "headings). '![what the image shows](1)' on its own shows image 1. **bold**, *italic*; "
            "a backslash prints the next character as it is."
        )
    )

    class Meta:
        ordering = ["report", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="report_section_order_unique"),
        ]

    def __str__(self) -> str:
        return self.heading

    def blocks(self, number: int, images: dict | None = None) -> list[presenters.Block]:
        """The body as numbered paragraphs, lists, tables, images and sub-headings, for section `number`."""
        return presenters.parse(self.body, number, images)
