from django.urls import path

from meetings.search import views as search_views

app_name = "search"

urlpatterns = [
    path("", search_views.SearchView.as_view(), name="search"),
]
