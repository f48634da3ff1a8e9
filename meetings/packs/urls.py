from django.urls import path

from meetings.packs import views

urlpatterns = [
    path("papers/<int:pk>/<str:filename>", views.paper_download, name="paper-download"),
    path("meetings/<int:pk>/agenda-pack.pdf", views.PackDownloadView.as_view(), name="meeting-pack"),
    path(
        "meetings/<int:pk>/agenda-front-sheet.pdf", views.FrontSheetDownloadView.as_view(), name="meeting-front-sheet"
    ),
    path("meetings/<int:pk>/despatches/<int:number>/pack.pdf", views.DespatchPackView.as_view(), name="despatch-pack"),
    path(
        "meetings/<int:pk>/despatches/<int:number>/front-sheet.pdf",
        views.DespatchPackView.as_view(front=True),
        name="despatch-front-sheet",
    ),
    path(
        "meetings/<int:pk>/printed-minutes.pdf",
        views.PrintedMinutesDownloadView.as_view(),
        name="meeting-printed-minutes",
    ),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
]
