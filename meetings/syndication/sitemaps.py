"""sitemap.xml sections for the public pages of the meetings app.

Only what an anonymous member of the public can open is listed. The registry that puts these
together with other apps' sections lives in scrutiny/urls.py (meetings imports no other app).
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from meetings import visibility
from meetings.agendas.models import Meeting, Paper
from meetings.committees.models import Committee, Person
from meetings.minutes.models import MeetingMinutes

ANONYMOUS = visibility.THE_PUBLIC


class StaticViewSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return [
            "meetings:home",
            "meetings:meeting-list",
            "meetings:committee-list",
            "meetings:person-list",
            "meetings:decisions-register",
            "meetings:alert-subscribe",
        ]

    def location(self, item):
        return reverse(item)


class CommitteeSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Committee.objects.filter(is_active=True).order_by("pk")


class MeetingSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7
    limit = 5000

    def items(self):
        return Meeting.objects.visible_to(ANONYMOUS).order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class MinutesSitemap(Sitemap):
    """Minutes the public can read: published (or approved) minutes of published meetings."""

    changefreq = "monthly"
    priority = 0.7
    limit = 5000

    def items(self):
        return MeetingMinutes.objects.visible_to(ANONYMOUS).order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PaperSitemap(Sitemap):
    """Public papers (PDFs): never exempt ones, never those of draft meetings."""

    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Paper.objects.visible_to(ANONYMOUS).order_by("pk")

    def lastmod(self, item):
        return item.uploaded_at


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Person.objects.order_by("pk")


sitemaps = {
    "pages": StaticViewSitemap,
    "committees": CommitteeSitemap,
    "meetings": MeetingSitemap,
    "minutes": MinutesSitemap,
    "papers": PaperSitemap,
    "people": PersonSitemap,
}
