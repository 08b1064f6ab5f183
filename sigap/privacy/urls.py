from django.urls import path

from sigap.privacy import views

app_name = "privacy"

urlpatterns = [
    path("break-glass/", views.breakglass, name="breakglass"),
    path("requests/", views.subject_request_list_view, name="request-list"),
    path("requests/new/", views.subject_request_create, name="request-create"),
    path("requests/<uuid:public_id>/", views.subject_request_detail, name="request-detail"),
    path(
        "requests/<uuid:public_id>/close/", views.subject_request_close_view, name="request-close"
    ),
    path("requests/<uuid:public_id>/export/", views.subject_request_export, name="request-export"),
    path(
        "requests/<uuid:public_id>/action/",
        views.subject_action_prepare_view,
        name="request-action",
    ),
    path(
        "actions/<uuid:public_id>/approve/",
        views.subject_action_approve_view,
        name="action-approve",
    ),
    path(
        "actions/<uuid:public_id>/reject/", views.subject_action_reject_view, name="action-reject"
    ),
    path("breaches/", views.breach_list_view, name="breach-list"),
    path("breaches/new/", views.breach_create, name="breach-create"),
    path("breaches/<uuid:public_id>/", views.breach_detail, name="breach-detail"),
    path(
        "breaches/<uuid:public_id>/notified/",
        views.breach_notified_view,
        name="breach-notified",
    ),
    path("notice/", views.privacy_notice, name="notice"),
]
