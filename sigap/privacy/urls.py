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
]
