from django.urls import path

app_name = "actionplans"

urlpatterns: list = []
