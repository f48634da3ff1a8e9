from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("committees/", views.CommitteeListView.as_view(), name="committee-list"),
    path("committees/<slug:slug>/", views.CommitteeDetailView.as_view(), name="committee-detail"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("papers/<int:pk>/<str:filename>", views.paper_download, name="paper-download"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
]

# Calendars, feeds and email alerts (issue 7).
from . import alerts_views, calendars, feeds  # noqa: E402

urlpatterns += [
    path("calendar.ics", calendars.CalendarView.as_view(), name="calendar"),
    path("committees/<slug:slug>/calendar.ics", calendars.CommitteeCalendarView.as_view(), name="committee-calendar"),
    path("meetings/<int:pk>/calendar.ics", calendars.MeetingCalendarView.as_view(), name="meeting-calendar"),
    path("feeds/agendas/", feeds.AgendaFeed(), name="feed-agendas"),
    path("committees/<slug:slug>/feeds/agendas/", feeds.CommitteeAgendaFeed(), name="committee-feed-agendas"),
    path("feeds/minutes/", feeds.MinutesFeed(), name="feed-minutes"),
    path("committees/<slug:slug>/feeds/minutes/", feeds.CommitteeMinutesFeed(), name="committee-feed-minutes"),
    path("feeds/decisions/", feeds.DecisionFeed(), name="feed-decisions"),
    path("committees/<slug:slug>/feeds/decisions/", feeds.CommitteeDecisionFeed(), name="committee-feed-decisions"),
    path("alerts/", alerts_views.AlertSubscribeView.as_view(), name="alert-subscribe"),
    path("alerts/check-your-email/", alerts_views.AlertCheckEmailView.as_view(), name="alert-check-email"),
    path("alerts/confirm/<str:token>/", alerts_views.AlertConfirmView.as_view(), name="alert-confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts_views.AlertUnsubscribeView.as_view(), name="alert-unsubscribe"),
]

# Minutes, decisions register and work programme (issue 3).
from . import minutes_views  # noqa: E402

urlpatterns += [
    path("meetings/<int:pk>/minutes/", minutes_views.MinutesView.as_view(), name="minutes"),
    path("decisions/", minutes_views.DecisionsRegisterView.as_view(), name="decisions-register"),
    path(
        "committees/<slug:slug>/work-programme/",
        minutes_views.WorkProgrammeView.as_view(),
        name="work-programme",
    ),
]

# Agenda packs, front sheets, printed minutes and officer report pages (issue 4).
from . import pack_views  # noqa: E402

urlpatterns += [
    path("meetings/<int:pk>/agenda-pack.pdf", pack_views.PackDownloadView.as_view(), name="meeting-pack"),
    path("meetings/<int:pk>/agenda-front-sheet.pdf", pack_views.FrontSheetDownloadView.as_view(), name="meeting-front-sheet"),
    path("meetings/<int:pk>/printed-minutes.pdf", pack_views.PrintedMinutesDownloadView.as_view(), name="meeting-printed-minutes"),
    path("reports/<int:pk>/", pack_views.ReportDetailView.as_view(), name="report-detail"),
]
