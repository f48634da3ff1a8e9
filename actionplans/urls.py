from django.urls import path

from . import views

app_name = "actionplans"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan-list"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("<int:pk>/export.<str:fmt>", views.PlanExportView.as_view(), name="plan-export"),
    path("<int:pk>/actions/<int:action_pk>/", views.ActionDetailView.as_view(), name="action-detail"),
    path("<int:pk>/actions/<int:action_pk>/update/", views.ProgressUpdateView.as_view(), name="action-update"),
    path("<int:pk>/snapshots/compare/", views.SnapshotCompareView.as_view(), name="snapshot-compare"),
    path("<int:pk>/snapshots/<int:snapshot_pk>/", views.SnapshotDetailView.as_view(), name="snapshot-detail"),
    path("<int:pk>/snapshots/<int:snapshot_pk>/print/", views.SnapshotPrintView.as_view(), name="snapshot-print"),
    path("<int:pk>/snapshots/<int:snapshot_pk>/report.pdf", views.SnapshotPdfView.as_view(), name="snapshot-pdf"),
]
