from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from meetings.api import opendata

from .sitemaps import sitemaps
from .two_factor import two_factor

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": sitemaps}, name="sitemap-section"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor, name="two-factor"),
    path("accessibility/", TemplateView.as_view(template_name="accessibility.html"), name="accessibility"),
    path("search/", include("meetings.search.urls")),
    path("api/", include("scrutiny.api")),
    path("oparl/v1.1/", include("meetings.api.oparl.urls")),
    path("open-data/", opendata.OpenDataView.as_view(), name="open-data"),
    path(f"open-data/{opendata.ARCHIVE_NAME}", opendata.archive, name="open-data-archive"),
    path("inspections/", include("inspections.urls")),
    path("action-plans/", include("actionplans.urls")),
    path("", include("meetings.urls")),
]

handler404 = "scrutiny.views.page_not_found"
handler500 = "scrutiny.views.server_error"
