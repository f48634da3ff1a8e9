from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.RegisterView.as_view(), name="register"),
    path("childrens-services/", views.ChildrensServicesDashboardView.as_view(), name="dashboard"),
    path("providers/<str:urn>/", views.ProviderDetailView.as_view(), name="provider-detail"),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="inspection-detail"),
    path("<int:pk>/report/", views.inspection_report, name="inspection-report"),
]
