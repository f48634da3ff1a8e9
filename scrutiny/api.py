"""The read-only open data API under /api/ (namespace "api").

One router for the project; each app lists its viewsets as ROUTES in its own ``<app>/api.py``.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView, DefaultRouter

from actionplans import api as actionplans_api
from inspections import api as inspections_api
from meetings.api import reference
from meetings.api import viewsets as meetings_api

app_name = "api"


class ApiRoot(APIRootView):
    """The entry point of the open data: the OParl 1.1 interface first, then the Scrutiny lists."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data = {
            "oparl": reverse("oparl:system", request=request),
            "docs": reverse("api:docs", request=request),
            "schema": reverse("api:schema", request=request),
            "body": reverse("api:body", request=request),
            **response.data,
        }
        response["Access-Control-Allow-Origin"] = "*"
        return response


router = DefaultRouter()
router.APIRootView = ApiRoot
for prefix, viewset, basename in meetings_api.ROUTES + inspections_api.ROUTES + actionplans_api.ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("body/", meetings_api.BodyView.as_view(), name="body"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The reference: the schema as an accessible page, no script. Swagger UI stays as an optional
    # explorer; the split view serves its start-up script as a file (/api/docs/swagger/?script=):
    # the Content-Security-Policy allows no inline script.
    path("docs/", reference.ReferenceView.as_view(), name="docs"),
    path("docs/swagger/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="swagger"),
    path("", include(router.urls)),
]
