from django.urls import path

from sigap.people import views, views_identifiers

app_name = "people"

urlpatterns = [
    path("check/", views.person_check, name="person-check"),
    path(
        "cases/<uuid:public_id>/identifiers/",
        views_identifiers.identifier_list,
        name="identifier-list",
    ),
]
