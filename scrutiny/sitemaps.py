"""The sitemap registry: each app's public pages, as an anonymous member of the public sees them.

It lives in the project package because `meetings` imports no other app of ours; the sections
for inspections and action plans use those apps' own `visible_to` querysets (action plans
and their reports come from actionplans/sitemaps.py).
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from actionplans.models import Action, ActionPlan
from actionplans.sitemaps import sitemaps as actionplans_sitemaps
from inspections.models import Inspection, Provider
from meetings import visibility
from meetings.syndication.sitemaps import sitemaps as meetings_sitemaps

ANONYMOUS = visibility.THE_PUBLIC


class InspectionPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["inspections:register", "inspections:dashboard", "actionplans:plan-list"]

    def location(self, item):
        return reverse(item)


class ProviderSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4
    limit = 5000

    def items(self):
        return Provider.objects.order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class InspectionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Inspection.objects.visible_to(ANONYMOUS).order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ActionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4
    limit = 5000

    def items(self):
        plans = ActionPlan.objects.visible_to(ANONYMOUS)
        return Action.objects.filter(recommendation__plan__in=plans).select_related("recommendation").order_by("pk")


sitemaps = {
    **meetings_sitemaps,
    "inspection-pages": InspectionPagesSitemap,
    "providers": ProviderSitemap,
    "inspections": InspectionSitemap,
    **actionplans_sitemaps,
    "actions": ActionSitemap,
}
