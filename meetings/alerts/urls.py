from django.urls import path

from meetings.alerts import views

urlpatterns = [
    path("alerts/", views.AlertSubscribeView.as_view(), name="alert-subscribe"),
    path("alerts/check-your-email/", views.AlertCheckEmailView.as_view(), name="alert-check-email"),
    path("alerts/confirm/<str:token>/", views.AlertConfirmView.as_view(), name="alert-confirm"),
    path("alerts/unsubscribe/<str:token>/", views.AlertUnsubscribeView.as_view(), name="alert-unsubscribe"),
]
