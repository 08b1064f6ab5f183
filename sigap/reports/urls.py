from django.urls import path

from sigap.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
