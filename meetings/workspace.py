"""The meeting's admin page as the committee officer's workspace.

At the top of a meeting's change page: where the meeting stands (agenda, items to follow,
attendance, minutes, packs), each line with the button for its next step; then the agenda items,
each with its papers (add, replace, remove in place), a "Write a report" link and buttons to move
it up or down. Every step that changes something opens a page saying exactly what will happen,
and does it only when that page is posted, through the services of the area that owns the rule
(meetings/agendas/services.py, meetings/minutes/services.py). What the services refuse is shown
as a message in their words; nothing here holds a rule of its own.

The workspace reads minutes, attendance and packs, which the agendas area may not import, so it
lives here, above the feature areas, and meetings/admin.py registers it for Meeting.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html

from meetings.admin_utils import error_text
from meetings.agendas import services as agenda_services
from meetings.agendas import timing
from meetings.agendas.admin import MeetingAdmin, PaperAdminForm, accessibility_badge, warn_untagged
from meetings.agendas.models import AgendaItem, Meeting, Paper
from meetings.jobs.selectors import meeting_work_open
from meetings.minutes import services as minutes_services
from meetings.minutes.models import Attendance, MeetingMinutes
from meetings.packs import tasks as pack_tasks
from meetings.packs.models import PackBuild

# --- forms of the confirmation pages ------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason, for the public notice",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the meeting's public page, e.g. “The Chair is unwell.”",
    )


class PostponeForm(ReasonForm):
    new_date = forms.DateField(
        label="New date (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Give the new date and time to create the new meeting now; leave both empty if not yet known.",
    )
    new_time = forms.TimeField(
        label="New start time (optional)", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("new_date")) != bool(data.get("new_time")):
            raise ValidationError("Give both the new date and the new start time, or neither.")
        return data

    def new_start(self) -> datetime.datetime | None:
        if not self.cleaned_data.get("new_date"):
            return None
        return timezone.make_aware(
            datetime.datetime.combine(self.cleaned_data["new_date"], self.cleaned_data["new_time"])
        )


class NextMeetingForm(forms.Form):
    """When the next meeting of the committee is (proposed: four weeks on, at the same time)."""

    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def start(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class ApproveForm(forms.Form):
    at = forms.ModelChoiceField(
        label="Approved at the meeting of",
        queryset=Meeting.objects.none(),
        empty_label=None,
        help_text="Later meetings of this committee (or the committee it reports to) that have taken place.",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].queryset = approving_meetings(meeting)
        self.fields["at"].label_from_instance = lambda at: f"{at} ({at.get_status_display().lower()})"


def approving_meetings(meeting: Meeting):
    """The meetings that may approve `meeting`'s minutes: later, taken place, not cancelled or
    postponed, of its committee or the committee it reports to (minutes_approve checks again)."""
    committees = [pk for pk in (meeting.committee_id, meeting.committee.parent_id) if pk]
    return (
        Meeting.objects.filter(committee_id__in=committees, start__gt=meeting.start, start__lte=timezone.now())
        .going_ahead()
        .select_related("committee")
        .order_by("start")
    )


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The committee's first meeting after `meeting` that is not cancelled or postponed."""
    return (
        Meeting.objects.filter(committee_id=meeting.committee_id, start__gt=meeting.start)
        .going_ahead()
        .select_related("committee")
        .order_by("start")
        .first()
    )


class PaperAddForm(PaperAdminForm):
    """A new uploaded paper under an item: the same checks as the paper's own admin page (a PDF
    made safe before it is stored, page and size limits, the tagged check)."""

    class Meta(PaperAdminForm.Meta):
        fields = ["title", "file", "exempt"]
        labels = {"title": "Title of the paper", "file": "PDF file", "exempt": "Exempt (not for publication)"}
        help_texts = {
            "file": "A PDF; a tagged PDF is accessible (an untagged one is accepted, and flagged).",
            "exempt": "Withhold this paper from the public even if its item is open.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["replacement_reason"]
        self.fields["file"].required = True


class PaperReplaceForm(PaperAdminForm):
    """A new file for an uploaded paper. Once the paper has been issued the reason is required
    (PaperAdminForm.clean) and the earlier version is kept with it."""

    class Meta(PaperAdminForm.Meta):
        fields = ["title", "file"]
        labels = {"title": "Title of the paper", "file": "New PDF file"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].required = True
        reason = self.fields["replacement_reason"]
        reason.label = "Reason for replacing it"
        if self.was_issued():
            reason.help_text = (
                "Needed: this paper has been issued. The issued version is kept with this reason, and "
                "the new one goes out in the next supplementary agenda."
            )
        else:
            reason.help_text = "Optional: not issued yet. Give a reason to keep the current file as an earlier version."


# --- what the status panel says ------------------------------------------------------------------


@dataclass
class Action:
    label: str
    url: str


@dataclass
class Line:
    key: str
    heading: str
    text: str
    notes: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def _day(value) -> str:
    return f"{value:%-d %B %Y}"


def _when(value: datetime.datetime) -> str:
    return f"{timezone.localtime(value):%A %-d %B %Y at %H:%M}"


def reverse_or(name: str, pk: int, fallback: str) -> str:
    """The address of a page another area may or may not have added under the meeting."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return fallback


class WorkspaceMeetingAdmin(MeetingAdmin):
    """MeetingAdmin with the officer's workspace on the change page and its step pages."""

    # --- addresses ---------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/hold/", wrap(self.hold_view), name="meetings_meeting_hold"),
            path("<int:pk>/cancel/", wrap(self.cancel_view), name="meetings_meeting_cancel"),
            path("<int:pk>/postpone/", wrap(self.postpone_view), name="meetings_meeting_postpone"),
            path("<int:pk>/next-meeting/", wrap(self.next_meeting_view), name="meetings_meeting_next"),
            path("<int:pk>/publish-minutes/", wrap(self.publish_minutes_view), name="meetings_meeting_minutes_publish"),
            path("<int:pk>/approve-minutes/", wrap(self.approve_minutes_view), name="meetings_meeting_minutes_approve"),
            path("<int:pk>/items/<int:item_pk>/move/", wrap(self.move_item_view), name="meetings_meeting_item_move"),
            path(
                "<int:pk>/items/<int:item_pk>/add-paper/", wrap(self.add_paper_view), name="meetings_meeting_paper_add"
            ),
            path(
                "<int:pk>/papers/<int:paper_pk>/replace/",
                wrap(self.replace_paper_view),
                name="meetings_meeting_paper_replace",
            ),
            path(
                "<int:pk>/papers/<int:paper_pk>/remove/",
                wrap(self.remove_paper_view),
                name="meetings_meeting_paper_remove",
            ),
            *super().get_urls(),
        ]

    def meeting_url(self, meeting: Meeting, anchor: str = "") -> str:
        url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
        return f"{url}#{anchor}" if anchor else url

    def attendance_url(self, meeting: Meeting) -> str:
        return reverse_or(
            "admin:meetings_meeting_attendance", meeting.pk, self.meeting_url(meeting, "attendance-group")
        )

    def minutes_url(self, meeting: Meeting, minutes: MeetingMinutes | None) -> str:
        if minutes is not None:
            fallback = reverse("admin:meetings_meetingminutes_change", args=[minutes.pk])
        else:
            fallback = f"{reverse('admin:meetings_meetingminutes_add')}?meeting={meeting.pk}"
        return reverse_or("admin:meetings_meeting_minutes", meeting.pk, fallback)

    def _meeting(self, request, pk: int) -> Meeting:
        """The meeting, for someone who may change it; anything else is a 404 (as the issue page)."""
        meeting = Meeting.objects.filter(pk=pk).select_related("committee").first()
        if meeting is None or not self.has_change_permission(request, meeting):
            raise Http404("No such meeting.")
        return meeting

    # --- the change page ---------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        meeting = self.get_object(request, object_id)
        if meeting is not None and self.has_view_or_change_permission(request, meeting):
            # Read only when the page is shown (not after a save that redirects).
            extra_context = {
                **(extra_context or {}),
                "workspace": SimpleLazyObject(lambda: self.workspace(request, meeting)),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def workspace(self, request, meeting: Meeting) -> dict:
        minutes = MeetingMinutes.objects.filter(meeting=meeting).select_related("approved_at__committee").first()
        final = bool(minutes and minutes.is_final)
        despatches = list(meeting.despatches.order_by("number"))
        pending = agenda_services.pending_changes(meeting) if despatches else None
        items = list(
            meeting.items.order_by("number").prefetch_related(
                Prefetch("papers", queryset=Paper.objects.select_related("report").order_by("order", "id"))
            )
        )
        can_change = self.has_change_permission(request, meeting) and not final
        lines = [
            self.meeting_line(meeting, can_change),
            self.agenda_line(meeting, items, despatches, pending, can_change),
            self.to_follow_line(meeting, items),
            self.attendance_line(meeting, final),
            self.minutes_line(meeting, minutes),
            self.next_meeting_line(request, meeting),
            self.packs_line(meeting),
        ]
        return {
            "lines": lines,
            "items": self.item_rows(request, meeting, items, despatches, pending, can_change),
            "final": final,
            "can_change": can_change,
            "public_url": meeting.get_absolute_url(),
            "items_url": self.meeting_url(meeting, "items-group"),
        }

    def meeting_line(self, meeting: Meeting, can_change: bool) -> Line:
        status = meeting.status
        line = Line("meeting", "The meeting", "")
        started = meeting.start <= timezone.now()
        if status == Meeting.Status.SCHEDULED:
            if started:
                line.text = f"Due to have taken place on {_when(meeting.start)}; not yet marked as held."
            else:
                line.text = f"Scheduled for {_when(meeting.start)}, {meeting.venue}."
            line.notes.append(
                "Its date, time and venue are public."
                if meeting.is_announced
                else "Not announced: only officers see it until it is announced or its agenda issued."
            )
            if can_change:
                if started:
                    line.actions.append(
                        Action("Mark as held", reverse("admin:meetings_meeting_hold", args=[meeting.pk]))
                    )
                line.actions.append(
                    Action("Cancel the meeting", reverse("admin:meetings_meeting_cancel", args=[meeting.pk]))
                )
                line.actions.append(
                    Action("Postpone the meeting", reverse("admin:meetings_meeting_postpone", args=[meeting.pk]))
                )
        elif status == Meeting.Status.HELD:
            line.text = f"Held on {_when(meeting.start)}."
        elif status == Meeting.Status.CANCELLED:
            line.text = "Cancelled."
            line.notes.append(f"Public notice: “{meeting.status_note}”." if meeting.status_note else "No reason given.")
        else:
            line.text = "Postponed."
            if meeting.status_note:
                line.notes.append(f"Public notice: “{meeting.status_note}”.")
            if meeting.postponed_to_id:
                line.actions.append(
                    Action(f"Open the new meeting ({meeting.postponed_to})", self.meeting_url(meeting.postponed_to))
                )
            else:
                line.notes.append("Set “Postponed to” below once the new meeting is entered.")
        return line

    def agenda_line(self, meeting, items, despatches, pending, can_change: bool) -> Line:
        line = Line("agenda", "The agenda", "")
        issue_url = reverse("admin:meetings_meeting_issue", args=[meeting.pk])
        closed = meeting.is_called_off
        if not despatches:
            line.text = "Not issued yet: the public cannot see its items or papers."
            latest = timing.latest_issue_date(timezone.localtime(meeting.start).date())
            if not closed and meeting.start > timezone.now():
                if latest >= timezone.localdate():
                    line.notes.append(f"Issue it by {latest:%A %-d %B %Y} to give five clear working days' notice.")
                else:
                    line.notes.append(
                        f"The last day for five clear working days' notice was {latest:%A %-d %B %Y}: "
                        "issuing it now needs the reason it is late."
                    )
            if not items:
                line.notes.append("It has no items yet: add them under “Agenda items” below first.")
            elif closed:
                line.notes.append(f"A {meeting.get_status_display().lower()} meeting's agenda cannot be issued.")
            elif can_change:
                line.actions.append(Action("Issue the agenda", issue_url))
            return line
        main = despatches[0]
        if main.issued_on > timezone.localdate():
            line.text = f"Issued with the date {_day(main.issued_on)}: public from that day."
        else:
            line.text = f"Issued on {_day(main.issued_on)}: public."
        line.notes.append(
            "Despatches so far: " + "; ".join(f"{d.label} ({_day(d.issued_on)})" for d in despatches) + "."
        )
        waiting = []
        if pending["items"]:
            waiting.append(f"{len(pending['items'])} new item(s) ({', '.join(str(i) for i in pending['items'])})")
        if pending["papers"]:
            waiting.append(
                f"{len(pending['papers'])} paper(s) added or replaced ({', '.join(p.title for p in pending['papers'])})"
            )
        if waiting:
            line.notes.append("Waiting for a supplementary agenda: " + " and ".join(waiting) + ".")
            if can_change and not closed:
                line.actions.append(Action("Issue a supplementary agenda", issue_url))
        else:
            line.notes.append("Nothing has been added or replaced since the last despatch.")
        return line

    def to_follow_line(self, meeting, items) -> Line:
        line = Line("to-follow", "Items to follow", "")
        if not items:
            line.text = "The agenda has no items yet."
            line.actions.append(Action("Add agenda items", self.meeting_url(meeting, "items-group")))
            return line
        waiting = [item for item in items if item.to_follow]
        if not waiting:
            line.text = "No item is marked “to follow”."
            return line
        line.text = f"{len(waiting)} item(s) still marked “to follow”."
        for item in waiting:
            if item.papers.all():
                line.notes.append(f"{item}: has a paper now; untick “To follow” on the item once it is complete.")
            else:
                line.notes.append(f"{item}: no paper yet.")
            line.actions.append(
                Action(f"Papers of item {item.number}", self.meeting_url(meeting, f"workspace-item-{item.pk}"))
            )
        return line

    def attendance_line(self, meeting, final: bool) -> Line:
        counts = dict(
            Attendance.objects.filter(meeting=meeting).values_list("status").annotate(n=Count("pk")).order_by()
        )
        total = sum(counts.values())
        line = Line("attendance", "Attendance", "")
        if not total:
            line.text = "Not recorded yet."
            label = "Record attendance"
        else:
            labels = dict(Attendance.Status.choices)
            parts = [f"{counts[status]} {labels[status].lower()}" for status in labels if counts.get(status)]
            line.text = f"Recorded for {total} {'person' if total == 1 else 'people'}: {', '.join(parts)}."
            label = "See the attendance" if final else "Change the attendance"
        if final:
            line.notes.append("Final: the minutes are approved.")
        elif meeting.is_called_off and not total:
            return line
        line.actions.append(Action(label, self.attendance_url(meeting)))
        return line

    def minutes_line(self, meeting, minutes) -> Line:
        line = Line("minutes", "The minutes", "")
        editor = self.minutes_url(meeting, minutes)
        if minutes is None:
            line.text = "Not started."
            if not meeting.is_called_off:
                line.actions.append(Action("Write the minutes", editor))
            return line
        count = meeting.minute_set.count()
        status = minutes.status
        if status == MeetingMinutes.Status.DRAFT:
            line.text = f"Draft, seen by officers only ({count} minute(s))."
            line.actions.append(Action("Write the minutes", editor))
            line.actions.append(
                Action("Publish as draft", reverse("admin:meetings_meeting_minutes_publish", args=[meeting.pk]))
            )
        elif status == MeetingMinutes.Status.PUBLISHED:
            line.text = (
                f"Published as draft on {_day(minutes.published_on)}: public, marked “Draft – subject to approval” "
                f"({count} minute(s))."
            )
            line.actions.append(Action("Change the minutes", editor))
            line.actions.append(
                Action(
                    "Approve as a correct record",
                    reverse("admin:meetings_meeting_minutes_approve", args=[meeting.pk]),
                )
            )
        else:
            line.text = f"Approved as a correct record at the meeting of {minutes.approved_at}"
            line.text += f" ({_day(minutes.approved_on)})." if minutes.approved_on else "."
            if status == MeetingMinutes.Status.LOCKED:
                line.notes.append(f"Locked on {_day(minutes.locked_on)}." if minutes.locked_on else "Locked.")
            line.notes.append("They, the attendance and this meeting's agenda and papers no longer change.")
            line.actions.append(Action("See the minutes", editor))
        return line

    def next_meeting_line(self, request, meeting: Meeting) -> Line:
        """The committee's next meeting after this one, to open; or the button that creates it
        (its standing items copied), where this meeting's minutes will be approved."""
        line = Line("next-meeting", "The next meeting", "")
        following = next_meeting(meeting)
        if following is not None:
            line.text = f"{following}: {following.get_status_display().lower()}."
            line.actions.append(Action("Open the next meeting", self.meeting_url(following)))
            return line
        line.text = f"No later meeting of {meeting.committee} has been entered."
        if meeting.status != Meeting.Status.CANCELLED and self.has_add_permission(request):
            line.actions.append(
                Action("Create the next meeting", reverse("admin:meetings_meeting_next", args=[meeting.pk]))
            )
        return line

    def packs_line(self, meeting) -> Line:
        line = Line("packs", "Agenda packs", "")
        rows = list(
            PackBuild.objects.filter(meeting=meeting, despatch__isnull=True)
            .order_by("-built_at")
            .values("variant", "status", "page_count", "built_at")[:20]
        )
        latest: dict[str, dict] = {}
        for row in rows:
            latest.setdefault(row["variant"], row)
        if meeting_work_open(meeting, key_prefix=pack_tasks.key_prefix(meeting)):
            line.text = "Being built in the background."
        elif not latest:
            line.text = "Not built yet: they are built when the agenda is issued, or when one is first downloaded."
        else:
            line.text = "Last built as below; after a change they are built again when issued or next downloaded."
        labels = dict(PackBuild.Variant.choices)
        for variant in (
            PackBuild.Variant.PUBLIC,
            PackBuild.Variant.FULL,
            PackBuild.Variant.FRONT,
            PackBuild.Variant.MINUTES,
        ):
            row = latest.get(variant)
            if row is None:
                continue
            when = f"{timezone.localtime(row['built_at']):%-d %B %Y, %H:%M}"
            if row["status"] == PackBuild.Status.READY:
                line.notes.append(f"{labels[variant]}: ready, {row['page_count']} page(s), built {when}.")
            elif row["status"] == PackBuild.Status.FAILED:
                line.notes.append(f"{labels[variant]}: failed ({when}); see “Built agenda packs” below.")
            else:
                line.notes.append(f"{labels[variant]}: being built (since {when}).")
        line.actions.append(Action("Open the public page", meeting.get_absolute_url()))
        return line

    def item_rows(self, request, meeting, items, despatches, pending, can_change: bool) -> list[dict]:
        user = request.user
        may = {
            "add": can_change and user.has_perm("meetings.add_paper"),
            "change": can_change and user.has_perm("meetings.change_paper"),
            "delete": can_change and user.has_perm("meetings.delete_paper"),
            "report": can_change and user.has_perm("meetings.add_officerreport"),
        }
        issued_items, issued_papers = agenda_services.despatched(meeting) if despatches else (set(), set())
        issued_paper_ids = {key[0] for key in issued_papers}
        waiting_papers = {paper.pk for paper in pending["papers"]} if pending else set()
        rows = []
        for position, item in enumerate(items):
            papers = [
                {
                    "paper": paper,
                    "accessibility": accessibility_badge(paper),
                    "issued": paper.pk in issued_paper_ids,
                    "waiting": bool(despatches) and paper.pk in waiting_papers,
                    "replace_url": reverse("admin:meetings_meeting_paper_replace", args=[meeting.pk, paper.pk])
                    if may["change"] and not paper.report_id
                    else "",
                    "report_url": reverse("admin:meetings_officerreport_change", args=[paper.report_id])
                    if paper.report_id
                    else "",
                    "remove_url": reverse("admin:meetings_meeting_paper_remove", args=[meeting.pk, paper.pk])
                    if may["delete"]
                    else "",
                }
                for paper in item.papers.all()
            ]
            rows.append(
                {
                    "item": item,
                    "papers": papers,
                    "issued": item.pk in issued_items,
                    "move_url": reverse("admin:meetings_meeting_item_move", args=[meeting.pk, item.pk])
                    if can_change
                    else "",
                    "up": position > 0,
                    "down": position < len(items) - 1,
                    "edit_url": reverse("admin:meetings_agendaitem_change", args=[item.pk]),
                    "add_url": reverse("admin:meetings_meeting_paper_add", args=[meeting.pk, item.pk])
                    if may["add"]
                    else "",
                    "add_form": PaperAddForm(prefix=f"item-{item.pk}") if may["add"] else None,
                    "report_url": f"{reverse('admin:meetings_officerreport_add')}?item={item.pk}"
                    if may["report"]
                    else "",
                }
            )
        return rows

    @admin.display(description="Next steps")
    def papers_and_minutes(self, obj):
        """The minutes' own record, and the public page; every step is at the top of the page."""
        if obj is None or not obj.pk:
            return "Save the meeting with its agenda items first; then add papers and write the minutes."
        minutes = getattr(obj, "minutes", None)
        if minutes is None:
            url = f"{reverse('admin:meetings_meetingminutes_add')}?meeting={obj.pk}"
            label = "Start the minutes of this meeting"
        else:
            url = reverse("admin:meetings_meetingminutes_change", args=[minutes.pk])
            label = f"Minutes: {minutes.get_status_display()}"
        return format_html(
            'Add papers to each item, and take each step, at the top of this page. <a href="{}">{}</a> · '
            '<a href="{}">Public page</a>',
            url,
            label,
            obj.get_absolute_url(),
        )

    # --- the step pages ----------------------------------------------------------------------

    def confirm(self, request, meeting, *, title, happens, button, form=None, notes=(), refusal=""):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "meeting": meeting,
            "happens": happens,
            "notes": notes,
            "form": form,
            "button": button,
            "refusal": refusal,
            "back_url": self.meeting_url(meeting),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/meetings/workspace/confirm.html", context)

    def done(self, request, meeting, text: str, anchor: str = "workspace"):
        self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(self.meeting_url(meeting, anchor))

    def refused(self, request, exc: ValidationError) -> None:
        self.message_user(request, error_text(exc), messages.ERROR)

    def _visible_to(self, meeting: Meeting) -> str:
        if meeting.is_announced:
            return "everyone who reads the site, its calendars, feeds and API"
        return "officers only (the meeting is not announced)"

    def hold_view(self, request, pk: int):
        meeting = self._meeting(request, pk)
        notes = []
        if meeting.start > timezone.now():
            notes.append(
                f"This meeting is not due to start until {_when(meeting.start)}: mark it held only if it has taken place."
            )
        if request.method == "POST":
            try:
                agenda_services.meeting_mark_held(meeting=meeting, by=request.user)
            except ValidationError as exc:
                self.refused(request, exc)
            else:
                return self.done(request, meeting, f"{meeting}: marked as held.")
        return self.confirm(
            request,
            meeting,
            title=f"Mark as held – {meeting}",
            happens=[
                f"The meeting's status becomes “Held” now, for {self._visible_to(meeting)}.",
                "It can then no longer be cancelled or postponed, and anything issued for it afterwards needs "
                "a reason for issuing after the meeting.",
                "Meetings are also marked held on their own once their end time has passed, and when attendance "
                "is recorded.",
            ],
            notes=notes,
            button="Mark as held",
        )

    def cancel_view(self, request, pk: int):
        meeting = self._meeting(request, pk)
        form = ReasonForm(request.POST or None, initial={"reason": meeting.status_note})
        if request.method == "POST" and form.is_valid():
            try:
                agenda_services.meeting_cancel(meeting=meeting, reason=form.cleaned_data["reason"], by=request.user)
            except ValidationError as exc:
                self.refused(request, exc)
            else:
                return self.done(request, meeting, f"{meeting}: cancelled.")
        happens = [
            f"The meeting is marked cancelled now. Its page stays, with a notice that it has been cancelled and the "
            f"reason below, for {self._visible_to(meeting)}; calendars show it as cancelled.",
            "No agenda or supplement can be issued for it afterwards.",
        ]
        if meeting.despatches.exists():
            happens.append("The agenda and papers already issued stay public, as issued.")
        return self.confirm(
            request, meeting, title=f"Cancel – {meeting}", happens=happens, form=form, button="Cancel the meeting"
        )

    def postpone_view(self, request, pk: int):
        meeting = self._meeting(request, pk)
        form = PostponeForm(request.POST or None, initial={"reason": meeting.status_note})
        if request.method == "POST" and form.is_valid():
            try:
                agenda_services.meeting_postpone(
                    meeting=meeting, reason=form.cleaned_data["reason"], new_start=form.new_start(), by=request.user
                )
            except ValidationError as exc:
                self.refused(request, exc)
            else:
                meeting.refresh_from_db()
                if meeting.postponed_to_id:
                    text = f"{meeting}: postponed to {meeting.postponed_to}, which is announced; issue its agenda from its page."
                else:
                    text = f"{meeting}: postponed. Set “Postponed to” once the new meeting is entered."
                return self.done(request, meeting, text)
        return self.confirm(
            request,
            meeting,
            title=f"Postpone – {meeting}",
            happens=[
                f"The meeting is marked postponed now. Its page stays, with a notice that it has been postponed and the "
                f"reason below, for {self._visible_to(meeting)}; calendars show it as cancelled on this date.",
                "With a new date and time, a new meeting of the committee is created for then: announced at once "
                "(its date, time and venue are public), with this meeting's agenda items copied but not issued, "
                "and the notice links to it. Its agenda is issued from its own page.",
                "Without them, enter the new meeting later and set “Postponed to” on this page.",
                "No agenda or supplement can be issued for this meeting afterwards.",
            ],
            form=form,
            button="Postpone the meeting",
        )

    def next_meeting_view(self, request, pk: int):
        meeting = self._meeting(request, pk)
        if not self.has_add_permission(request):
            raise Http404("No such page.")
        proposed = timezone.localtime(agenda_services.next_meeting_start(meeting))
        form = NextMeetingForm(request.POST or None, initial={"date": proposed.date(), "time": proposed.time()})
        if request.method == "POST" and form.is_valid():
            try:
                new = agenda_services.meeting_create_next(meeting=meeting, start=form.start())
            except ValidationError as exc:
                form.add_error(None, error_text(exc))
            else:
                count = new.items.count()
                return self.done(
                    request,
                    new,
                    f"{new}: created with {count} standing item(s) from {meeting}. Add its other items below, "
                    "then issue its agenda.",
                )
        standing = list(meeting.items.filter(standing=True).order_by("number").values_list("title", flat=True))
        happens = [
            f"A new meeting of {meeting.committee} is created at the date and time below, at the same venue "
            f"({meeting.venue}), and its page opens.",
            "Its agenda starts with this meeting's standing items: " + "; ".join(standing) + "."
            if standing
            else "This meeting has no standing items (ticked “Standing”), so its agenda starts empty.",
            "It is announced (its date, time and venue are public) but its agenda is not issued; this meeting's "
            "minutes can be approved there once it has taken place.",
        ]
        notes = []
        following = next_meeting(meeting)
        if following is not None:
            notes.append(f"{meeting.committee} already has a later meeting: {following}.")
        return self.confirm(
            request,
            meeting,
            title=f"Create the next meeting – {meeting.committee}",
            happens=happens,
            notes=notes,
            form=form,
            button="Create the next meeting",
        )

    def publish_minutes_view(self, request, pk: int):
        meeting = self._meeting(request, pk)
        minutes = MeetingMinutes.objects.filter(meeting=meeting).first()
        if request.method == "POST":
            if minutes is None:
                self.message_user(request, f"No minutes of {meeting} have been written yet.", messages.ERROR)
            else:
                try:
                    minutes_services.minutes_publish(minutes=minutes, by=request.user)
                except ValidationError as exc:
                    self.refused(request, exc)
                else:
                    return self.done(request, meeting, f"The minutes of {meeting} are published as a draft.")
        return self.confirm(
            request,
            meeting,
            title=f"Publish the minutes as draft – {meeting}",
            happens=[
                "From today the minutes are public on the meeting's page and in the printed minutes, marked "
                "“Draft – subject to approval”. Whatever in them is exempt stays visible only to councillors and "
                "officers.",
                "They can still be changed until they are approved as a correct record at a later meeting.",
            ],
            refusal="" if minutes is not None else "No minutes have been written for this meeting yet.",
            button="Publish the minutes as draft",
        )

    def approve_minutes_view(self, request, pk: int):
        meeting = self._meeting(request, pk)
        minutes = MeetingMinutes.objects.filter(meeting=meeting).first()
        form = ApproveForm(request.POST or None, meeting=meeting)
        if request.method == "POST" and form.is_valid():
            if minutes is None:
                self.message_user(request, f"No minutes of {meeting} have been written yet.", messages.ERROR)
            else:
                at = form.cleaned_data["at"]
                minute = at.minute_set.filter(item__kind=AgendaItem.Kind.MINUTES).order_by("order").first()
                try:
                    minutes_services.minutes_approve(minutes=minutes, at=at, minute=minute, by=request.user)
                except ValidationError as exc:
                    self.refused(request, exc)
                else:
                    return self.done(
                        request, meeting, f"The minutes of {meeting} are approved as a correct record at {at}."
                    )
        refusal = ""
        if minutes is None:
            refusal = "No minutes have been written for this meeting yet."
        elif not form.fields["at"].queryset.exists():
            refusal = (
                f"No later meeting of {meeting.committee} has taken place yet: minutes are approved at the meeting "
                "itself, so come back after it."
            )
        return self.confirm(
            request,
            meeting,
            title=f"Approve the minutes – {meeting}",
            happens=[
                "The minutes become the correct record, approved at the meeting you choose and dated that "
                "meeting's day; their public page no longer says “draft”.",
                "From then on the minutes, the wording of their decisions, the attendance and this meeting's date, "
                "venue, agenda items and papers can no longer be changed, and nothing more can be issued for it. "
                "The decisions' tracker (owner, due date, progress) stays open.",
                "When the chosen meeting has minuted its “Minutes of the previous meeting” item, that minute is "
                "recorded as the approval.",
            ],
            form=form if not refusal else None,
            refusal=refusal,
            button="Approve as a correct record",
        )

    # --- the agenda in place -----------------------------------------------------------------

    def _item(self, meeting, item_pk: int) -> AgendaItem:
        item = AgendaItem.objects.filter(pk=item_pk, meeting=meeting).first()
        if item is None:
            raise Http404("No such agenda item in this meeting.")
        return item

    def _paper(self, meeting, paper_pk: int) -> Paper:
        paper = Paper.objects.filter(pk=paper_pk, item__meeting=meeting).select_related("item").first()
        if paper is None:
            raise Http404("No such paper in this meeting.")
        return paper

    def _may(self, request, action: str) -> None:
        if not request.user.has_perm(f"meetings.{action}_paper"):
            raise Http404("No such page.")

    def move_item_view(self, request, pk: int, item_pk: int):
        meeting = self._meeting(request, pk)
        item = self._item(meeting, item_pk)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        direction = request.POST.get("direction", "")
        try:
            item = agenda_services.agenda_item_move(item=item, direction=direction, by=request.user)
        except ValidationError as exc:
            self.refused(request, exc)
            return HttpResponseRedirect(self.meeting_url(meeting, f"workspace-item-{item.pk}"))
        return self.done(
            request,
            meeting,
            f"“{item.title}” moved {direction}: it is now item {item.number}.",
            f"workspace-item-{item.pk}",
        )

    def _paper_page(self, request, meeting, *, title, form, button, intro):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "meeting": meeting,
            "form": form,
            "button": button,
            "intro": intro,
            "back_url": self.meeting_url(meeting, "workspace-items"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/meetings/workspace/paper_form.html", context)

    def add_paper_view(self, request, pk: int, item_pk: int):
        meeting = self._meeting(request, pk)
        item = self._item(meeting, item_pk)
        self._may(request, "add")
        if meeting.minutes_are_final:
            self.message_user(
                request, f"The minutes of {meeting} are approved: no paper can be added now.", messages.ERROR
            )
            return HttpResponseRedirect(self.meeting_url(meeting))
        paper = Paper(item=item, order=item.papers.count() + 1)
        form = PaperAddForm(request.POST or None, request.FILES or None, instance=paper, prefix=f"item-{item.pk}")
        if request.method == "POST" and form.is_valid():
            paper = form.save()
            self.message_user(request, f"“{paper.title}” added to item {item}.", messages.SUCCESS)
            warn_untagged(request, [paper])
            return HttpResponseRedirect(self.meeting_url(meeting, f"workspace-item-{item.pk}"))
        intro = [f"The paper is added to item {item}."]
        if meeting.despatches.exists():
            intro.append("The agenda has been issued: the new paper goes out in the next supplementary agenda.")
        return self._paper_page(
            request, meeting, title=f"Add a paper – {item}", form=form, button="Add the paper", intro=intro
        )

    def replace_paper_view(self, request, pk: int, paper_pk: int):
        meeting = self._meeting(request, pk)
        paper = self._paper(meeting, paper_pk)
        self._may(request, "change")
        if meeting.minutes_are_final or paper.report_id:
            why = (
                f"The minutes of {meeting} are approved: its papers can no longer be replaced."
                if meeting.minutes_are_final
                else f"“{paper.title}” is an officer report written here: change the report itself."
            )
            self.message_user(request, why, messages.ERROR)
            return HttpResponseRedirect(self.meeting_url(meeting, f"workspace-item-{paper.item_id}"))
        form = PaperReplaceForm(request.POST or None, request.FILES or None, instance=paper, prefix=f"paper-{paper.pk}")
        if request.method == "POST" and form.is_valid():
            reason = (form.cleaned_data.get("replacement_reason") or "").strip()
            try:
                if reason:  # the earlier version is kept with the reason
                    paper = agenda_services.paper_replace(
                        paper=Paper.objects.select_related("item__meeting").get(pk=paper.pk),
                        file=form.cleaned_data["file"],
                        reason=reason,
                        title=form.cleaned_data["title"],
                        by=request.user,
                    )
                else:  # not issued (PaperAdminForm.clean asks for a reason otherwise)
                    paper = form.save()
            except ValidationError as exc:
                form.add_error(None, error_text(exc))
            else:
                self.message_user(request, f"“{paper.title}” replaced.", messages.SUCCESS)
                warn_untagged(request, [paper])
                return HttpResponseRedirect(self.meeting_url(meeting, f"workspace-item-{paper.item_id}"))
        intro = [f"A new file for “{Paper.objects.get(pk=paper.pk).title}”, a paper of item {paper.item}."]
        if form.was_issued():
            intro.append(
                "It has been issued: the issued version stays with the despatch that carried it, and the new one "
                "goes out in the next supplementary agenda."
            )
        else:
            intro.append("It has not been issued yet: the new file simply takes its place.")
        return self._paper_page(
            request, meeting, title=f"Replace a paper – {meeting}", form=form, button="Replace the paper", intro=intro
        )

    def remove_paper_view(self, request, pk: int, paper_pk: int):
        meeting = self._meeting(request, pk)
        paper = self._paper(meeting, paper_pk)
        self._may(request, "delete")
        if request.method == "POST":
            try:
                paper.delete()
            except ValidationError as exc:
                self.refused(request, exc)
            else:
                return self.done(
                    request,
                    meeting,
                    f"“{paper.title}” removed from item {paper.item}.",
                    f"workspace-item-{paper.item_id}",
                )
        happens = [
            f"“{paper.title}” is removed from item {paper.item}: it leaves the meeting's page and its agenda packs "
            "at once, for everyone."
        ]
        issued_ids = {key[0] for key in agenda_services.despatched(meeting)[1]}
        if paper.pk in issued_ids:
            happens.append(
                "It has been issued: the despatches that carried it keep their record, and copies already sent are "
                "unaffected."
            )
        if paper.report_id:
            happens.append("The officer report itself is kept (under Officer reports) and can be attached again.")
        return self.confirm(
            request,
            meeting,
            title=f"Remove a paper – {meeting}",
            happens=happens,
            button="Remove the paper",
        )
