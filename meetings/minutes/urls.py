from django.urls import path

from meetings.minutes import views

urlpatterns = [
    path("meetings/<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    path("decisions/", views.DecisionsRegisterView.as_view(), name="decisions-register"),
    path("committees/<slug:slug>/work-programme/", views.WorkProgrammeView.as_view(), name="work-programme"),
]
