"""Officer reports written in the admin, and the record of built agenda packs.

An officer report has the structured fields of a council report (see
shared/seeds/officer-report-2017-09-12.txt): for information or for resolution, report to,
subject, report of, summary, recommendations, wards affected, a strategy alignment table,
contact officers, background documents and numbered sections. A paper (meetings.Paper) is either
an uploaded PDF or one of these reports; the report is rendered to PDF for the pack and for
download, and shown as an HTML page.

Section bodies are plain text (no HTML is stored, so nothing needs sanitising): paragraphs are
separated by a blank line and numbered 1.1, 1.2 …; a paragraph whose lines start with "- " is a
bulleted list; a line starting with "# " is an unnumbered sub-heading.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q


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


@dataclass
class Block:
    kind: str  # "para", "list" or "heading"
    number: str = ""
    text: str = ""
    items: list[str] = field(default_factory=list)


class ReportSection(models.Model):
    report = models.ForeignKey(OfficerReport, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=1, help_text="Sections are numbered 1.0, 2.0 … in this order.")
    heading = models.CharField(max_length=300)
    body = models.TextField(
        help_text=(
            "Paragraphs separated by a blank line are numbered 1.1, 1.2 …. Start lines with '- ' "
            "for a bulleted list, and a line with '# ' for an unnumbered sub-heading."
        )
    )

    class Meta:
        ordering = ["report", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="report_section_order_unique"),
        ]

    def __str__(self) -> str:
        return self.heading

    def blocks(self, number: int) -> list[Block]:
        """The body as numbered paragraphs, lists and sub-headings, for section `number`."""
        blocks: list[Block] = []
        para = 0
        for chunk in self.body.replace("\r\n", "\n").split("\n\n"):
            lines = [line.strip() for line in chunk.strip().split("\n") if line.strip()]
            if not lines:
                continue
            while lines and lines[0].startswith("# "):
                blocks.append(Block(kind="heading", text=lines.pop(0)[2:].strip()))
            if not lines:
                continue
            if all(line.startswith(("- ", "• ")) for line in lines):
                blocks.append(Block(kind="list", items=[line[2:].strip() for line in lines]))
                continue
            text_lines, bullets = [], []
            for line in lines:
                (bullets if line.startswith(("- ", "• ")) else text_lines).append(line)
            para += 1
            blocks.append(Block(kind="para", number=f"{number}.{para}", text=" ".join(text_lines)))
            if bullets:
                blocks.append(Block(kind="list", items=[line[2:].strip() for line in bullets]))
        return blocks
