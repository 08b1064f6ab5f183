from django.urls import path

from sigap.people import views

app_name = "people"

urlpatterns = [
    path("check/", views.person_check, name="person-check"),
]
