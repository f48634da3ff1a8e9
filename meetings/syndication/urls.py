from django.urls import path

from meetings.syndication import calendars, feeds

urlpatterns = [
    path("calendar.ics", calendars.CalendarView.as_view(), name="calendar"),
    path("committees/<slug:slug>/calendar.ics", calendars.CommitteeCalendarView.as_view(), name="committee-calendar"),
    path("meetings/<int:pk>/calendar.ics", calendars.MeetingCalendarView.as_view(), name="meeting-calendar"),
    path("feeds/agendas/", feeds.AgendaFeed(), name="feed-agendas"),
    path("committees/<slug:slug>/feeds/agendas/", feeds.CommitteeAgendaFeed(), name="committee-feed-agendas"),
    path("feeds/minutes/", feeds.MinutesFeed(), name="feed-minutes"),
    path("committees/<slug:slug>/feeds/minutes/", feeds.CommitteeMinutesFeed(), name="committee-feed-minutes"),
    path("feeds/decisions/", feeds.DecisionFeed(), name="feed-decisions"),
    path("committees/<slug:slug>/feeds/decisions/", feeds.CommitteeDecisionFeed(), name="committee-feed-decisions"),
]
