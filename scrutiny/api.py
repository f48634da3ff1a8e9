"""The read-only open data API under /api/ (namespace "api").

One router for the project; each app lists its viewsets as ROUTES in its own ``<app>/api.py``.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from actionplans import api as actionplans_api
from inspections import api as inspections_api
from meetings.api import viewsets as meetings_api

app_name = "api"

router = DefaultRouter()
for prefix, viewset, basename in meetings_api.ROUTES + inspections_api.ROUTES + actionplans_api.ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("body/", meetings_api.BodyView.as_view(), name="body"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (/api/docs/?script=): the
    # Content-Security-Policy allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
