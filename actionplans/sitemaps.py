"""Sitemap sections for published plans and their public snapshots (wire into scrutiny/urls.py)."""

from django.contrib.sitemaps import Sitemap

from .models import ActionPlan, Snapshot


class ActionPlanSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ActionPlan.objects.visible_to(None).order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class SnapshotSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Snapshot.objects.visible_to(None).order_by("pk")


sitemaps = {"action-plans": ActionPlanSitemap, "action-plan-reports": SnapshotSitemap}
