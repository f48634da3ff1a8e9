"""Models as OParl 1.1 objects: plain dicts, absolute URLs, no null values.

Every function takes a ``Ctx`` (the request, the caller's rights, URL helpers) and an object that
came from a ``visible_to(user)`` queryset (see ``kinds``); nothing here widens what the caller may
see. Properties Scrutiny adds are prefixed ``scrutiny:`` (OParl's rule for vendor extensions).
"""

from __future__ import annotations

import datetime
import html

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from meetings import visibility
from meetings.reversing import absolute, pk_url
from meetings.years import municipal_year_bounds, municipal_year_label

OPARL = "https://schema.oparl.org/1.1/"
OPARL_VERSION = OPARL
EXT = "scrutiny:"


class Ctx:
    """What the serializers need to know about the request."""

    def __init__(self, request):
        self.request = request
        self.user = request.user
        self.can_view_exempt = visibility.can_view_exempt(self.user)
        self.can_view_drafts = visibility.can_view_drafts(self.user)

    def url(self, name: str, *args, query: str = "") -> str:
        if len(args) == 1 and isinstance(args[0], int):  # an object's URL: most of a list's links
            path = pk_url(f"oparl:{name}", args[0], positional=True)
        else:
            path = reverse(f"oparl:{name}", args=args)
        return self.abs(path + (f"?{query}" if query else ""))

    def abs(self, path: str) -> str:
        return absolute(self.request, path)

    def site(self, name: str, *args, **kwargs) -> str:
        if not args and list(kwargs) == ["pk"]:
            return self.abs(pk_url(name, kwargs["pk"]))
        return self.abs(reverse(name, args=args, kwargs=kwargs))

    def agenda_visible(self, meeting) -> bool:
        return visibility.can_view_agenda(self.user, meeting)

    def minutes_visible(self, meeting) -> bool:
        """Whether the caller may read this meeting's minutes (the rule of MeetingMinutes.visible_to)."""
        minutes = getattr(meeting, "minutes", None)
        if minutes is None or not self.agenda_visible(meeting):
            return False
        return self.can_view_drafts or minutes.is_public


def dt(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def clean(obj: dict, keep: tuple[str, ...] = ()) -> dict:
    """OParl: properties without a value are left out (no null, no empty string or list)."""
    return {k: v for k, v in obj.items() if k in keep or v not in (None, "", [], {})}


def modified_of(obj, field: str = "updated_at"):
    return getattr(obj, "oparl_modified", None) or getattr(obj, field)


def tombstone(ctx: Ctx, url: str, oparl_type: str, created, modified) -> dict:
    """OParl §2.8: a deleted object keeps id, type and created; modified is when it went."""
    return clean(
        {"id": url, "type": OPARL + oparl_type, "created": dt(created), "deleted": True, "modified": dt(modified)}
    )


# --- System and Body ---------------------------------------------------------------------------


def system(ctx: Ctx, times: tuple) -> dict:
    return clean(
        {
            "id": ctx.url("system"),
            "type": OPARL + "System",
            "oparlVersion": OPARL_VERSION,
            "name": settings.SERVICE_NAME,
            "body": ctx.url("body-list"),
            "contactEmail": settings.DEFAULT_FROM_EMAIL,
            "website": ctx.abs("/"),
            "created": dt(times[0]),
            "modified": dt(times[1]),
            "web": ctx.site("open-data"),
            EXT + "bulkDownload": ctx.site("open-data-archive"),
            EXT + "openApi": ctx.site("api:schema"),
        }
    )


def body(ctx: Ctx, times: tuple, terms: list[dict]) -> dict:
    def lst(kind: str) -> str:
        return ctx.url(f"{kind}-list")

    def ext(name: str) -> str:
        return ctx.site(f"api:{name}-list")

    return clean(
        {
            "id": ctx.url("body"),
            "type": OPARL + "Body",
            "system": ctx.url("system"),
            "name": settings.COUNCIL_NAME,
            "website": ctx.abs("/"),
            "contactEmail": settings.DEFAULT_FROM_EMAIL,
            "classification": "Local authority",
            "organization": lst("organization"),
            "person": lst("person"),
            "membership": lst("membership"),
            "meeting": lst("meeting"),
            "agendaItem": lst("agendaitem"),
            "paper": lst("paper"),
            "consultation": lst("consultation"),
            "file": lst("file"),
            "locationList": lst("location"),
            "legislativeTermList": lst("legislativeterm"),
            "legislativeTerm": terms,
            "created": dt(times[0]),
            "modified": dt(times[1]),
            "web": ctx.abs("/"),
            EXT + "address": settings.COUNCIL_ADDRESS,
            EXT + "minute": ext("minute"),
            EXT + "decision": ext("decision"),
            EXT + "provider": ext("provider"),
            EXT + "inspection": ext("inspection"),
            EXT + "actionPlan": ext("actionplan"),
            EXT + "action": ext("action"),
            EXT + "bulkDownload": ctx.site("open-data-archive"),
        },
        keep=("legislativeTerm",),
    )


def legislative_term(ctx: Ctx, year: int, created, modified) -> dict:
    start, end = municipal_year_bounds(year)
    return clean(
        {
            "id": ctx.url("legislativeterm", year),
            "type": OPARL + "LegislativeTerm",
            "body": ctx.url("body"),
            "name": f"Municipal year {municipal_year_label(start)}",
            "startDate": day(start),
            "endDate": day(end),
            "created": dt(created),
            "modified": dt(modified),
        }
    )


# --- Committees and people ---------------------------------------------------------------------


def organization(ctx: Ctx, committee) -> dict:
    return clean(
        {
            "id": ctx.url("organization", committee.pk),
            "type": OPARL + "Organization",
            "body": ctx.url("body"),
            "name": committee.name,
            "shortName": committee.short_code,
            "organizationType": "Gremium",  # OParl's category for a committee
            "classification": "Sub-committee" if committee.parent_id else "Committee",
            "subOrganizationOf": ctx.url("organization", committee.parent_id) if committee.parent_id else None,
            "membership": [ctx.url("membership", m.pk) for m in committee.memberships.all()],
            "meeting": ctx.url("meeting-list", query=f"organization={committee.pk}"),
            "consultation": ctx.url("consultation-list", query=f"organization={committee.pk}"),
            "web": ctx.abs(committee.get_absolute_url()),
            "created": dt(committee.created_at),
            "modified": dt(modified_of(committee)),
            EXT + "description": committee.description,
            EXT + "minuteNumbering": committee.minute_numbering,
            EXT + "isActive": committee.is_active,
        }
    )


def membership(ctx: Ctx, m) -> dict:
    return clean(
        {
            "id": ctx.url("membership", m.pk),
            "type": OPARL + "Membership",
            "person": ctx.url("person", m.person_id),
            "organization": ctx.url("organization", m.committee_id),
            "role": m.get_role_display(),
            "startDate": day(m.start),
            "endDate": day(m.end),
            "created": dt(m.created_at),
            "modified": dt(m.updated_at),
            EXT + "representing": m.representing,
        }
    )


def person(ctx: Ctx, p) -> dict:
    return clean(
        {
            "id": ctx.url("person", p.pk),
            "type": OPARL + "Person",
            "body": ctx.url("body"),
            "name": p.full_name,
            "familyName": p.last_name,
            "givenName": p.first_name,
            "formOfAddress": p.title,
            "email": [p.email] if p.email else [],
            "phone": [p.telephone] if p.telephone else [],
            "status": [p.get_kind_display()],
            "membership": [membership(ctx, m) for m in p.memberships.all()],
            "web": ctx.abs(p.get_absolute_url()),
            "created": dt(p.created_at),
            "modified": dt(modified_of(p)),
            EXT + "party": p.party,
            EXT + "ward": p.ward,
            EXT + "jobTitle": p.job_title,
            EXT + "initials": p.initials,
        }
    )


# --- Meetings, their location and files --------------------------------------------------------

PACK_FILES = {
    # url kind: (name, stem of the file name, site URL name)
    "agenda-pack": ("Agenda pack", "agenda-pack", "meetings:meeting-pack"),
    "front-sheet": ("Agenda front sheet", "agenda-front-sheet", "meetings:meeting-front-sheet"),
    "printed-minutes": ("Printed minutes", "minutes", "meetings:meeting-printed-minutes"),
}


def pack_file_name(meeting, kind: str) -> str:
    """The name the pack views give the file (meetings.packs.api.download_name)."""
    local = timezone.localtime(meeting.start)
    return f"{slugify(meeting.committee_name)[:60]}-{local:%Y-%m-%d}-{PACK_FILES[kind][1]}.pdf"


def location(ctx: Ctx, meeting) -> dict:
    return clean(
        {
            "id": ctx.url("location", meeting.pk),
            "type": OPARL + "Location",
            "description": meeting.venue,
            "meetings": [ctx.url("meeting", meeting.pk)],
            "created": dt(meeting.created_at),
            "modified": dt(meeting.updated_at),
            EXT + "accessNotes": meeting.access_notes,
        }
    )


def pack_file(ctx: Ctx, meeting, kind: str) -> dict:
    name, _stem, site_name = PACK_FILES[kind]
    return clean(
        {
            "id": ctx.url("pack-file", kind, meeting.pk),
            "type": OPARL + "File",
            "name": f"{name}: {meeting}",
            "fileName": pack_file_name(meeting, kind),
            "mimeType": "application/pdf",
            "accessUrl": ctx.site(site_name, pk=meeting.pk),
            "downloadUrl": ctx.url("pack-file-download", kind, meeting.pk),
            "meeting": [ctx.url("meeting", meeting.pk)],
            "created": dt(meeting.created_at),
            "modified": dt(modified_of(meeting)),
        }
    )


def meeting(ctx: Ctx, m) -> dict:
    items = list(m.items.all())
    has_agenda = bool(items)
    minutes = ctx.minutes_visible(m)
    return clean(
        {
            "id": ctx.url("meeting", m.pk),
            "type": OPARL + "Meeting",
            "name": str(m),
            "meetingState": m.get_status_display(),
            "cancelled": m.status == "cancelled",
            "start": dt(m.start),
            "end": dt(m.end),
            "location": location(ctx, m),
            "organization": [ctx.url("organization", m.committee_id)],
            "invitation": pack_file(ctx, m, "agenda-pack") if has_agenda else None,
            "auxiliaryFile": [pack_file(ctx, m, "front-sheet")] if has_agenda else [],
            "resultsProtocol": pack_file(ctx, m, "printed-minutes") if minutes else None,
            "agendaItem": [agenda_item(ctx, item, meeting=m) for item in items],
            "web": ctx.abs(m.get_absolute_url()),
            "created": dt(m.created_at),
            "modified": dt(modified_of(m)),
            EXT + "agendaIssuedOn": day(m.agenda_issued_on) if ctx.agenda_visible(m) else None,
            EXT + "statusNote": m.status_note,
            EXT + "minute": ctx.site("api:minute-list") + f"?meeting={m.pk}" if minutes else None,
        }
    )


# --- Agenda items, papers, consultations, files ------------------------------------------------


def _plain(rich: str) -> str:
    return html.unescape(strip_tags(rich.replace("</p>", "</p>\n\n"))).strip()


def resolution_text(ctx: Ctx, item, meeting) -> str | None:
    """The minute's text as plain text, then its decisions, as far as the caller may read them
    (visibility.can_read_minute_text: a public summary of a private item is public), then its
    exempt annex, marked, for those who may read exempt material."""
    minute = getattr(item, "minute", None) if _has_minute(item) else None
    if minute is None or not ctx.minutes_visible(meeting):
        return None
    if not visibility.can_read_minute_text(ctx.user, minute):
        return None
    text = _plain(minute.narrative)
    decisions = [f"({d.number}) {d.text}" for d in getattr(minute, "visible_decisions", [])]
    parts = [part for part in (text, "\n".join(decisions)) if part]
    if visibility.can_read_exempt_annex(ctx.user, minute):
        paragraph = visibility.minute_exempt_paragraph(minute)
        under = f" under paragraph {paragraph} of Schedule 12A to the Local Government Act 1972" if paragraph else ""
        parts.append(f"Exempt annex, not for publication{under}:\n\n{_plain(minute.exempt_annex)}")
    return "\n\n".join(parts) or None


def _has_minute(item) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return item.minute is not None
    except ObjectDoesNotExist:
        return False


def agenda_item(ctx: Ctx, item, meeting=None) -> dict:
    meeting = meeting or item.meeting
    papers = list(getattr(item, "visible_papers", []))
    minute = item.minute if _has_minute(item) else None
    minute_visible = minute is not None and ctx.minutes_visible(meeting)
    return clean(
        {
            "id": ctx.url("agendaitem", item.pk),
            "type": OPARL + "AgendaItem",
            "meeting": ctx.url("meeting", meeting.pk),
            "number": str(item.number),
            "order": item.number,
            "name": item.title,
            # Taken in private, or minuted as exempt (visibility.minute_is_exempt): OParl has no
            # minute of its own, so an exempt minute of a public item is not public here either.
            "public": not (item.exempt or (minute is not None and visibility.minute_is_exempt(minute))),
            "consultation": ctx.url("consultation", papers[0].pk) if papers else None,
            "resolutionText": resolution_text(ctx, item, meeting),
            "auxiliaryFile": [file(ctx, p, meeting=meeting, item=item) for p in papers],
            "web": ctx.abs(f"{meeting.get_absolute_url()}#item-{item.number}"),
            "created": dt(item.created_at),
            "modified": dt(modified_of(item)),
            EXT + "kind": item.get_kind_display(),
            EXT + "purpose": item.purpose,
            EXT + "reportOf": item.report_of,
            EXT + "exemptParagraph": item.exempt_paragraph,
            EXT + "exemptionText": item.exemption_text,
            EXT + "toFollow": item.to_follow or None,
            EXT + "urgent": item.urgent or None,
            EXT + "minute": ctx.site("api:minute-detail", pk=minute.pk) if minute_visible else None,
            EXT + "minuteReference": minute.reference if minute_visible else None,
        }
    )


def file(ctx: Ctx, paper, meeting=None, item=None) -> dict:
    item = item or paper.item
    meeting = meeting or item.meeting
    return clean(
        {
            "id": ctx.url("file", paper.pk),
            "type": OPARL + "File",
            "name": paper.title,
            "fileName": paper.download_name,
            "mimeType": "application/pdf",
            "date": day(timezone.localtime(paper.uploaded_at).date()),
            "size": paper.size_bytes or None,
            "accessUrl": ctx.abs(paper.get_absolute_url()),
            "downloadUrl": ctx.url("file-download", paper.pk),
            "paper": [ctx.url("paper", paper.pk)],
            "agendaItem": [ctx.url("agendaitem", item.pk)],
            "meeting": [ctx.url("meeting", meeting.pk)],
            "created": dt(paper.created_at),
            "modified": dt(paper.uploaded_at),
            EXT + "pageCount": paper.page_count or None,
            EXT + "sha256Checksum": paper.sha256,
        }
    )


def consultation(ctx: Ctx, paper) -> dict:
    item = paper.item
    return clean(
        {
            "id": ctx.url("consultation", paper.pk),
            "type": OPARL + "Consultation",
            "paper": ctx.url("paper", paper.pk),
            "agendaItem": ctx.url("agendaitem", item.pk),
            "meeting": ctx.url("meeting", item.meeting_id),
            "organization": [ctx.url("organization", item.meeting.committee_id)],
            "authoritative": False,  # scrutiny considers and recommends; it does not decide
            "role": item.get_kind_display(),
            "created": dt(paper.created_at),
            "modified": dt(paper.uploaded_at),
        }
    )


def paper(ctx: Ctx, p) -> dict:
    item = p.item
    return clean(
        {
            "id": ctx.url("paper", p.pk),
            "type": OPARL + "Paper",
            "body": ctx.url("body"),
            "name": p.title,
            "date": day(item.meeting.agenda_issued_on),
            "paperType": "Officer report" if p.report_id else "Report",
            "mainFile": file(ctx, p),
            "consultation": [consultation(ctx, p)],
            "underDirectionOf": [ctx.url("organization", item.meeting.committee_id)],
            "web": ctx.abs(p.get_html_url() or item.get_absolute_url()),
            "created": dt(p.created_at),
            "modified": dt(p.uploaded_at),
            EXT + "exempt": True if p.is_exempt else None,
        }
    )
