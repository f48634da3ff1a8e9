"""The models of the meetings app, gathered so Django registers them and outside code finds them.

The rule: code outside ``meetings`` imports models from here (``from meetings.models import
Meeting``); code inside ``meetings`` imports from the area that owns the name
(``from meetings.agendas.models import Meeting``). Each area keeps its own models:

- ``committees``: committees (and their former names), people, memberships
- ``agendas``: meetings, agenda items, papers
- ``minutes``: minutes, attendance, declarations, decisions, work programme, terms of reference
- ``reports``: officer reports written in the admin
- ``packs``: built PDFs and the change stamp
- ``alerts``: email alert subscriptions
- ``syndication``: calendar entries
- ``search``: the search index
- ``api``: tombstones of deleted or withdrawn OParl objects
- ``jobs``: background jobs (work handed to the task backend) and what became of them
"""

from meetings.agendas.models import AgendaItem, Despatch, Meeting, Paper, PaperVersion, paper_upload_to
from meetings.alerts.models import AlertDelivery, AlertSubscription
from meetings.api.models import OParlTombstone
from meetings.committees.models import Committee, CommitteeName, Membership, Person
from meetings.jobs.models import BackgroundJob
from meetings.minutes.models import (
    Attendance,
    Decision,
    DecisionUpdate,
    Declaration,
    MeetingMinutes,
    Minute,
    ReportDeadline,
    TermsOfReference,
    WorkProgrammeItem,
)
from meetings.packs.models import BuildClaim, PackBuild, PackGeneration
from meetings.reports.models import (
    OfficerReport,
    ReportAlignment,
    ReportContact,
    ReportImage,
    ReportSection,
)
from meetings.search.models import SearchEntry
from meetings.syndication.models import MeetingCalendarEntry

__all__ = [
    "AgendaItem",
    "AlertDelivery",
    "AlertSubscription",
    "Attendance",
    "BackgroundJob",
    "Committee",
    "CommitteeName",
    "Decision",
    "DecisionUpdate",
    "Declaration",
    "Despatch",
    "Meeting",
    "MeetingCalendarEntry",
    "MeetingMinutes",
    "Membership",
    "Minute",
    "OfficerReport",
    "OParlTombstone",
    "BuildClaim",
    "PackBuild",
    "PackGeneration",
    "Paper",
    "PaperVersion",
    "Person",
    "ReportAlignment",
    "ReportContact",
    "ReportDeadline",
    "ReportImage",
    "ReportSection",
    "SearchEntry",
    "TermsOfReference",
    "WorkProgrammeItem",
    "paper_upload_to",
]
