from django.urls import path

from sigap.people import views, views_identifiers, views_network

app_name = "people"

urlpatterns = [
    path("check/", views.person_check, name="person-check"),
    path(
        "cases/<uuid:public_id>/identifiers/",
        views_identifiers.identifier_list,
        name="identifier-list",
    ),
    path("network/case/<uuid:public_id>/", views_network.network_case, name="network-case"),
    path("network/person/<uuid:public_id>/", views_network.network_person, name="network-person"),
]
