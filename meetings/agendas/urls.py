from django.urls import path

from meetings.agendas import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("committees/", views.CommitteeListView.as_view(), name="committee-list"),
    path("committees/<slug:slug>/", views.CommitteeDetailView.as_view(), name="committee-detail"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
]
