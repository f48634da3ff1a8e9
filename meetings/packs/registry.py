"""What each agenda item contributes to a pack.

Each agenda-item kind has one *provider*: a function ``(item, ctx) -> list[Source]``. A source
is one paper-like part of the pack: it knows its fingerprint (for the content-version key) and
how to produce its PDF. Other apps add parts without ``meetings`` importing them:

- ``register_kind(kind)`` replaces the provider of a kind (e.g. printed minutes);
- ``register_extra(provider)`` adds a provider run for every item after the kind's own (the
  ``actionplans`` app registers its snapshots this way, from its ``AppConfig.ready``).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Callable

from meetings.agendas.models import AgendaItem, Meeting, Paper
from meetings.packs import render
from meetings.panels import installed

logger = logging.getLogger(__name__)


@dataclass
class ItemContext:
    meeting: Meeting
    include_exempt: bool
    papers: list[Paper]  # this item's papers the audience may see, in order
    warnings: list[str] = field(default_factory=list)
    shared: dict = field(default_factory=dict)  # one per pack: providers cache per-meeting lookups


class Source:
    """One part of a pack: a title for its bookmark, whether it is exempt, and its PDF."""

    title: str = ""
    exempt: bool = False
    landscape: bool = False

    def fingerprint(self) -> str:
        raise NotImplementedError

    def render_html(self) -> str | None:
        return None

    def pdf(self, warnings: list[str]) -> bytes:
        raise NotImplementedError


class HtmlSource(Source):
    """A part rendered from a template (minutes, terms and work programme, a placeholder …)."""

    def __init__(
        self,
        title: str,
        template: str = "",
        context: dict | None = None,
        *,
        exempt: bool = False,
        html: str | None = None,
    ):
        self.title, self.template, self.context, self.exempt = title, template, context or {}, exempt
        self._html: str | None = html

    @property
    def html(self) -> str:
        if self._html is None:
            self._html = render.render_html(self.template, self.context)
        return self._html

    def fingerprint(self) -> str:
        return "html:" + hashlib.sha256(self.html.encode()).hexdigest()

    def render_html(self) -> str | None:
        """The HTML WeasyPrint will render for this part (lets the builder render in parallel)."""
        return self.html

    def pdf(self, warnings):
        from meetings.packs.cache import rendered_part

        return rendered_part(self.html)


class PaperSource(Source):
    """A paper: an uploaded PDF (merged in) or an authored officer report (rendered)."""

    def __init__(self, paper: Paper):
        self.paper = paper
        self.title = paper.title
        self.exempt = paper.is_exempt

    def fingerprint(self) -> str:
        from meetings.packs.reports import report_fingerprint

        p = self.paper
        if p.report_id:
            return f"report:{p.pk}:{p.title}:{self.exempt}:{report_fingerprint(p.report)}"
        return f"upload:{p.pk}:{p.title}:{self.exempt}:{p.sha256}:{p.file.name}"

    def render_html(self) -> str | None:
        from meetings.packs.reports import report_html

        return report_html(self.paper) if self.paper.report_id else None

    def pdf(self, warnings):
        from meetings.packs.reports import paper_pdf

        return paper_pdf(self.paper, warnings)


Provider = Callable[[AgendaItem, ItemContext], list[Source]]
_KINDS: dict[str, Provider] = {}
_EXTRAS: list[Provider] = []


def register_kind(kind: str):
    def decorator(func: Provider) -> Provider:
        _KINDS[kind] = func
        return func

    return decorator


def register_extra(func: Provider) -> Provider:
    if func not in _EXTRAS:
        _EXTRAS.append(func)
    return func


def papers_provider(item: AgendaItem, ctx: ItemContext) -> list[Source]:
    return [PaperSource(paper) for paper in ctx.papers]


def sources_for(item: AgendaItem, ctx: ItemContext) -> list[Source]:
    provider = _KINDS.get(item.kind, papers_provider)
    sources = list(provider(item, ctx))
    for extra in _EXTRAS:
        if installed(extra):
            sources.extend(extra(item, ctx))
    return sources
