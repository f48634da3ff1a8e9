from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accessibility/", TemplateView.as_view(template_name="accessibility.html"), name="accessibility"),
    path("inspections/", include("inspections.urls")),
    path("action-plans/", include("actionplans.urls")),
    path("", include("meetings.urls")),
]

handler404 = "scrutiny.views.page_not_found"
handler500 = "scrutiny.views.server_error"
