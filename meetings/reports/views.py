"""The text version of an uploaded paper, under the same visibility rule as its PDF."""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView

from meetings.agendas.models import Paper
from meetings.reports import textversion


class PaperTextView(DetailView):
    """A paper's words as an HTML page (uploaded PDFs; an authored report is its own page)."""

    template_name = "meetings/paper_text.html"
    context_object_name = "paper"

    def get_queryset(self):
        return Paper.objects.visible_to(self.request.user).select_related("item__meeting__committee")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.report_id:
            return redirect(self.object.get_html_url())
        response = self.render_to_response(self.get_context_data(object=self.object))
        if self.object.is_exempt:
            patch_cache_control(response, private=True, no_store=True)
        return response

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        paper = self.object
        key = f"paper-text:{paper.pk}:{paper.sha256 or paper.file.name}"
        pages = cache.get(key)
        if pages is None:
            try:
                with paper.file.open("rb") as handle:
                    pages = textversion.text_version(handle, settings.PAPER_MAX_PAGES)
            except Exception:  # a missing or damaged file: the page says there is no text
                pages = []
            cache.set(key, pages, 60 * 60 * 24)
        ctx.update(pages=pages, meeting=paper.item.meeting, has_text=any(p.blocks for p in pages))
        return ctx
