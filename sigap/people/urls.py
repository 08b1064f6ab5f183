from django.urls import path

from sigap.people import views, views_identifiers, views_links, views_merge, views_network

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
    path("persons/<uuid:public_id>/merge/", views_merge.person_merge_page, name="person-merge"),
    path("links/", views_links.link_list, name="link-list"),
    path("links/<uuid:public_id>/", views_links.link_detail, name="link-detail"),
    path("links/<uuid:public_id>/undo/", views_links.link_decision_undo, name="link-undo"),
    path("merges/", views_merge.merge_list, name="merge-list"),
    path("merges/<uuid:public_id>/", views_merge.merge_detail, name="merge-detail"),
    path("merges/<uuid:public_id>/undo/", views_merge.merge_undo, name="merge-undo"),
]
