"""Agenda pack, front sheet and printed minutes downloads, and officer report pages.

Every view finds its meeting or paper through the visibility rule (``visible_to``): draft
meetings and exempt papers answer 404 to those not allowed. Files are streamed from storage
(MEDIA_ROOT/packs/), never from a media URL.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView

from meetings import visibility
from meetings.agendas.models import Meeting, Paper
from meetings.packs import api, cache
from meetings.packs.models import PackBuild


def pdf_response(build: PackBuild, filename: str, *, private: bool) -> FileResponse:
    try:
        handle = open(cache.media_path(build.path), "rb")  # noqa: SIM115  (FileResponse closes it)
    except FileNotFoundError:
        raise Http404("The file is not available.")
    response = FileResponse(handle, content_type="application/pdf", as_attachment=False, filename=filename)
    response["Content-Length"] = str(build.size_bytes)
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = f'"{build.key}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    return response


class MeetingPdfView(View):
    def get_meeting(self) -> Meeting:
        return get_object_or_404(
            Meeting.objects.visible_to(self.request.user).select_related("committee__contact_officer"),
            pk=self.kwargs["pk"],
        )


class PackDownloadView(MeetingPdfView):
    """The agenda pack: public, or the full pack (exempt pages marked) for those allowed."""

    def get(self, request, pk: int):
        meeting = self.get_meeting()
        build = api.pack_for(meeting, request.user)
        private = build.variant == PackBuild.Variant.FULL or not meeting.is_published
        return pdf_response(build, api.download_name(meeting, "agenda-pack"), private=private)


class FrontSheetDownloadView(MeetingPdfView):
    def get(self, request, pk: int):
        meeting = self.get_meeting()
        build = api.front_sheet_for(meeting, request.user)
        return pdf_response(build, api.download_name(meeting, "agenda-front-sheet"),
                            private=not meeting.is_published)


class PrintedMinutesDownloadView(MeetingPdfView):
    """The meeting's minutes as PDF, once the user may read them (published minutes)."""

    def get(self, request, pk: int):
        meeting = self.get_meeting()
        build = api.printed_minutes_for(meeting, request.user)
        if build is None:
            raise Http404("The minutes of this meeting are not available.")
        private = visibility.can_view_exempt(request.user) or visibility.can_view_drafts(request.user)
        return pdf_response(build, api.download_name(meeting, "minutes"), private=private)


class ReportDetailView(DetailView):
    """An officer report written in the admin, as an HTML page."""

    template_name = "meetings/report_detail.html"
    context_object_name = "paper"

    def get_queryset(self):
        return (
            Paper.objects.visible_to(self.request.user)
            .filter(report__isnull=False)
            .select_related("item__meeting__committee", "report")
            .prefetch_related("report__alignments", "report__contacts", "report__sections")
        )

    def get_context_data(self, **kwargs):
        from meetings.packs.reports import report_context

        ctx = super().get_context_data(**kwargs)
        ctx.update(report_context(self.object))
        ctx["meeting"] = self.object.item.meeting
        return ctx


def authored_paper_response(paper: Paper) -> FileResponse:
    """The download of an authored report: its rendered PDF (built once per content version)."""
    build = api.paper_pdf_for(paper)
    return pdf_response(build, paper.download_name, private=paper.is_exempt)


def paper_download(request, pk: int, filename: str):
    """Serve a paper's PDF if the visibility rule allows; otherwise 404 (never 403)."""
    paper = get_object_or_404(Paper.objects.visible_to(request.user).select_related("item__meeting"), pk=pk)
    if paper.report_id:
        return authored_paper_response(paper)
    try:
        handle = paper.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file for this paper is missing.")
    response = FileResponse(
        handle, content_type="application/pdf", as_attachment=False, filename=paper.download_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if paper.is_exempt else "public, max-age=300"
    return response
