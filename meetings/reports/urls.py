from django.urls import path

from meetings.reports import views

urlpatterns = [
    path("papers/<int:pk>/text/", views.PaperTextView.as_view(), name="paper-text"),
]
