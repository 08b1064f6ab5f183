from django.urls import path

from sigap.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_list, name="import-list"),
    path("<uuid:public_id>/", views.import_detail, name="import-detail"),
    path("<uuid:public_id>/status/", views.import_status, name="import-status"),
    path("<uuid:public_id>/commit/", views.import_commit, name="import-commit"),
]
