"""Agenda pack, front sheet and printed minutes downloads, and officer report pages.

Every view finds its meeting or paper through the visibility rule (``visible_to``): draft
meetings and exempt papers answer 404 to those not allowed. Files are sent from storage (the
`packs` storage for built files, `default` for papers: meetings/storage.py), never from a media URL.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView

from meetings import sending, visibility
from meetings import storage as files
from meetings.agendas.models import Meeting, Paper
from meetings.packs import api, tasks, waiting
from meetings.packs.models import PackBuild


def pdf_response(request, build: PackBuild, filename: str, *, private: bool) -> HttpResponse:
    """A built PDF, sent from storage like a static file (meetings/sending.py)."""
    return sending.send_file(
        request,
        build.path,
        storage=files.PACKS,
        filename=filename,
        etag=build.key,
        cache_control="private, no-store" if private else "public, max-age=300",
    )


class MeetingPdfView(View):
    def get_meeting(self) -> Meeting:
        # Packs and front sheets are the agenda: public once it is issued, not when announced.
        return get_object_or_404(
            Meeting.objects.agenda_visible_to(self.request.user).select_related("committee__contact_officer"),
            pk=self.kwargs["pk"],
        )


class PackDownloadView(MeetingPdfView):
    """The agenda pack: public, or the full pack (exempt pages marked) for those allowed."""

    def get(self, request, pk: int):
        meeting = self.get_meeting()
        build = waiting.stored_pack(meeting, request.user)
        if build is None:  # built in the background; the immediate backend has built it now
            tasks.packs_enqueue(meeting, audience=tasks.audience_of(request.user, meeting))
            build = waiting.stored_pack(meeting, request.user)
        if build is None:
            return waiting.preparing_response(request, meeting, what="agenda pack")
        private = build.variant == PackBuild.Variant.FULL or not meeting.is_published
        return pdf_response(request, build, api.pack_download_name(meeting, build.variant), private=private)


class DespatchPackView(MeetingPdfView):
    """A despatch's pack or front sheet, as issued (never rebuilt from later changes)."""

    front = False

    def get(self, request, pk: int, number: int):
        from meetings.agendas.models import Despatch

        meeting = self.get_meeting()
        despatch = get_object_or_404(Despatch.objects.visible_to(request.user), meeting=meeting, number=number)
        build = waiting.stored_despatch(despatch, request.user, front=self.front)
        if build is None:  # e.g. an agenda issued before despatches were stored, or still building
            tasks.despatch_packs_enqueue(despatch)
            build = waiting.stored_despatch(despatch, request.user, front=self.front)
        if build is None:
            return waiting.preparing_response(request, meeting, what=f"{despatch.label.lower()} pack")
        if self.front:
            name = api.download_name(meeting, f"{despatch.slug}-front-sheet")
        else:
            name = api.pack_download_name(meeting, build.variant, despatch)
        private = build.variant == PackBuild.Variant.FULL or not meeting.is_published
        return pdf_response(request, build, name, private=private)


class FrontSheetDownloadView(MeetingPdfView):
    def get(self, request, pk: int):
        meeting = self.get_meeting()
        build = waiting.stored_front_sheet(meeting, request.user)
        if build is None:  # the front sheet is built with the public pack, whose ranges it shows
            tasks.packs_enqueue(meeting, audience=tasks.audience_of(request.user, meeting))
            build = waiting.stored_front_sheet(meeting, request.user)
        if build is None:
            return waiting.preparing_response(request, meeting, what="agenda front sheet")
        return pdf_response(
            request, build, api.download_name(meeting, "agenda-front-sheet"), private=not meeting.is_published
        )


class PrintedMinutesDownloadView(MeetingPdfView):
    """The meeting's minutes as PDF, once the user may read them (published minutes)."""

    def get(self, request, pk: int):
        meeting = self.get_meeting()
        build = api.printed_minutes_for(meeting, request.user)
        if build is None:
            raise Http404("The minutes of this meeting are not available.")
        private = visibility.can_view_exempt(request.user) or visibility.can_view_drafts(request.user)
        return pdf_response(request, build, api.download_name(meeting, "minutes"), private=private)


class ReportDetailView(DetailView):
    """An officer report written in the admin, as an HTML page."""

    template_name = "meetings/report_detail.html"
    context_object_name = "paper"

    def get_queryset(self):
        return (
            Paper.objects.visible_to(self.request.user)
            .filter(report__isnull=False)
            .select_related("item__meeting__committee", "report")
            .prefetch_related("report__alignments", "report__contacts", "report__sections", "report__images")
        )

    def get_context_data(self, **kwargs):
        from meetings.packs.reports import report_context

        ctx = super().get_context_data(**kwargs)
        ctx.update(report_context(self.object))
        ctx["meeting"] = self.object.item.meeting
        return ctx


def authored_paper_response(request, paper: Paper) -> HttpResponse:
    """The download of an authored report: its rendered PDF (built once per content version)."""
    build = api.paper_pdf_for(paper)
    return pdf_response(request, build, paper.download_name, private=paper.is_exempt)


def paper_download(request, pk: int, filename: str):
    """Serve a paper's PDF if the visibility rule allows; otherwise 404 (never 403)."""
    paper = get_object_or_404(Paper.objects.visible_to(request.user).select_related("item__meeting"), pk=pk)
    if paper.report_id:
        return authored_paper_response(request, paper)
    if paper.is_exempt:
        # Only those allowed get here; their copy is marked on every page with its paragraph.
        build = api.exempt_paper_pdf_for(paper)
        return pdf_response(request, build, paper.download_name, private=True)
    if not paper.file:
        raise Http404("The file for this paper is missing.")
    return sending.send_file(
        request,
        paper.file.name,
        storage=files.PAPERS,
        filename=paper.download_name,
        etag=paper.sha256 if paper.sha256.strip("0") else "",
        cache_control="private, no-store" if paper.is_exempt else "public, max-age=300",
    )
